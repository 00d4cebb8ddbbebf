from __future__ import annotations

from io import StringIO

from django.core.management import CommandError, call_command

from tsushinbo.audit.models import AuditEntry
from tsushinbo.pledges.models import Pledge
from tsushinbo.ratings.tests.base import RatingsTestCase, account_voter, cast, cast_many, fresh
from tsushinbo.testing import make_pledge


class RecountTestCase(RatingsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.pledge = make_pledge()
        cast_many(self.pledge, "good", "clarity", 6)
        cast(self.pledge, "bad", "other", account_voter(self.alice))

    def test_it_reports_no_drift_when_counters_are_right(self) -> None:
        out = StringIO()
        call_command("recount_votes", "--fail-on-drift", stdout=out)
        self.assertIn("0 pledges drifted.", out.getvalue())

    def test_it_reports_and_fixes_drift(self) -> None:
        Pledge.objects.filter(pk=self.pledge.pk).update(votes_good=40, votes_bad_registered=0)
        out = StringIO()
        call_command("recount_votes", "--dry-run", stdout=out)
        self.assertIn(f"pledge {self.pledge.pk}: votes_good 40→6", out.getvalue())
        self.assertIn("votes_bad_registered 0→1", out.getvalue())
        self.assertEqual(fresh(self.pledge).votes_good, 40)
        call_command("recount_votes", stdout=StringIO())
        pledge = fresh(self.pledge)
        self.assertEqual((pledge.votes_good, pledge.votes_bad_registered), (6, 1))
        self.assertTrue(AuditEntry.objects.filter(action="votes.recount").exists())

    def test_it_exits_non_zero_on_drift_when_asked(self) -> None:
        Pledge.objects.filter(pk=self.pledge.pk).update(votes_bad=9)
        with self.assertRaises(CommandError):
            call_command("recount_votes", "--dry-run", "--fail-on-drift", stdout=StringIO())
