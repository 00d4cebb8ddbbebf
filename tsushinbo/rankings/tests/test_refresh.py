from __future__ import annotations

import datetime
import random
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tsushinbo.integrity.voters import Voter
from tsushinbo.pledges.models import Pledge
from tsushinbo.rankings.caching import rankings_generation
from tsushinbo.rankings.models import VOTE_FIELDS, RankingEntry
from tsushinbo.rankings.refresh import refresh_rankings
from tsushinbo.rankings.tests.base import RankingsTestCase, add_votes, settle
from tsushinbo.ratings.actions import cast_vote, void_votes
from tsushinbo.ratings.models import Polarity, Reason, Vote
from tsushinbo.testing import make_party, make_pledge, make_politician

Snapshot = dict[tuple[str, str, int], tuple[int, ...]]


def snapshot() -> Snapshot:
    """The vote counts and Wilson bounds of every row that has votes."""
    fields = [*VOTE_FIELDS, "votes", "wilson", "wilson_clarity", "wilson_sincerity"]
    return {
        (row["kind"], row["period"], row["subject_id"]): tuple(
            round(row[f], 9) if isinstance(row[f], float) else row[f] for f in fields
        )
        for row in RankingEntry.objects.values("kind", "period", "subject_id", *fields)
        if any(row[f] for f in VOTE_FIELDS)
    }


def voter(n: int) -> Voter:
    return Voter(user=None, key=f"voter-{n:04d}", network_key=f"net-{n % 3}")


class RefreshTestCase(RankingsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.party = make_party(name="ひかり党", slug="hikari")
        self.other_party = make_party(name="ほし党", slug="hoshi")
        alice = make_politician(family_name="光田", party=self.party)
        bob = make_politician(family_name="星野", party=self.other_party)
        carol = make_politician(family_name="無所属")
        self.pledges = [
            make_pledge(politician=alice),
            make_pledge(politician=alice),
            make_pledge(politician=bob),
            make_pledge(politician=carol),
            make_pledge(party=self.party),
        ]

    def cast(self, pledge: Pledge, who: int, polarity: str, reason: str) -> None:
        cast_vote(pledge=pledge, voter=voter(who), polarity=polarity, reason=reason)

    def test_it_moves_every_period_of_the_pledge_its_politician_and_party_at_a_vote(self) -> None:
        self.cast(self.pledges[0], 1, Polarity.GOOD, Reason.CLARITY)
        rows = RankingEntry.objects.filter(votes=1)
        self.assertEqual(rows.count(), 12)
        self.assertEqual(
            set(rows.values_list("kind", flat=True)), {"pledge", "politician", "party"}
        )
        self.assertEqual(set(rows.values_list("good_clarity", flat=True)), {1})

    def test_it_costs_two_statements_once_the_rows_exist(self) -> None:
        pledge = self.pledges[0]
        self.cast(pledge, 1, Polarity.GOOD, Reason.CLARITY)
        with CaptureQueriesContext(connection) as queries:
            self.cast(pledge, 2, Polarity.BAD, Reason.SINCERITY)
        on_rankings = [q for q in queries.captured_queries if "rankings_rankingentry" in q["sql"]]
        self.assertEqual(len(on_rankings), 2)

    def test_it_changes_only_the_periods_that_contain_an_old_vote(self) -> None:
        pledge = self.pledges[2]
        self.cast(pledge, 1, Polarity.GOOD, Reason.OTHER)
        Vote.objects.update(created_at=timezone.now() - datetime.timedelta(days=40))
        refresh_rankings()
        self.assertFalse(RankingEntry.objects.filter(period="30d", votes__gt=0).exists())
        self.cast(pledge, 1, Polarity.BAD, Reason.OTHER)
        self.assertFalse(RankingEntry.objects.filter(period="30d", votes__gt=0).exists())
        row = RankingEntry.objects.get(kind="pledge", period="365d")
        self.assertEqual((row.good, row.bad), (0, 1))
        before = snapshot()
        refresh_rankings()
        self.assertEqual(snapshot(), before)

    def test_it_drops_votes_that_aged_out_of_a_window_at_the_next_refresh(self) -> None:
        pledge = self.pledges[0]
        add_votes(pledge, good=4, days_ago=10)
        settle()
        self.assertFalse(RankingEntry.objects.filter(period="7d").exists())
        self.assertEqual(RankingEntry.objects.get(kind="pledge", period="30d").votes, 4)

    def test_it_matches_what_a_refresh_computes_after_random_votes(self) -> None:
        for seed in range(4):
            with self.subTest(seed=seed):
                Vote.objects.all().delete()
                settle()
                self.play(random.Random(seed))

    def play(self, rng: random.Random) -> None:
        for _ in range(40):
            self.random_cast(rng)
        # Age some votes, then let the scheduled refresh catch up with them.
        for vote in Vote.objects.all():
            if rng.random() < 0.4:
                days = rng.choice([3, 10, 40, 400])
                vote.created_at = timezone.now() - datetime.timedelta(days=days)
                vote.save(update_fields=["created_at"])
        refresh_rankings()
        for _ in range(40):
            self.random_cast(rng)
        victims = Vote.objects.filter(network_key="net-0", pledge=rng.choice(self.pledges))
        void_votes(actor=self.erin, votes=victims, reason="automated")
        for _ in range(10):
            self.random_cast(rng)
        maintained = snapshot()
        refresh_rankings()
        self.assertEqual(maintained, snapshot())

    def random_cast(self, rng: random.Random) -> None:
        pledge = rng.choice(self.pledges)
        who = rng.randrange(12)
        try:
            self.cast(pledge, who, rng.choice(Polarity.values), rng.choice(Reason.values))
        except Exception as error:  # a voided vote cannot be changed
            self.assertEqual(type(error).__name__, "VoteVoided")

    def test_it_is_idempotent(self) -> None:
        add_votes(self.pledges[0], good=3, bad=1, reason="clarity", days_ago=2)
        add_votes(self.pledges[4], bad=2, days_ago=200)
        settle()
        first = snapshot()
        refresh_rankings()
        self.assertEqual(snapshot(), first)
        self.assertEqual(RankingEntry.objects.filter(period="all", kind="pledge").count(), 5)

    def test_it_invalidates_cached_rankings_after_a_vote_commits(self) -> None:
        before = rankings_generation()
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            self.cast(self.pledges[0], 1, Polarity.GOOD, Reason.OTHER)
        self.assertEqual(rankings_generation(), before)  # not before the commit
        for callback in callbacks:
            callback()
        self.assertNotEqual(rankings_generation(), before)

    def test_it_invalidates_cached_rankings_at_a_refresh(self) -> None:
        before = rankings_generation()
        refresh_rankings(periods=["7d"])
        self.assertNotEqual(rankings_generation(), before)

    def test_the_command_reports_rows_and_dry_run_writes_nothing(self) -> None:
        add_votes(self.pledges[1], good=2, days_ago=1)
        out = StringIO()
        call_command("refresh_rankings", "--dry-run", stdout=out)
        self.assertIn("would write rows", out.getvalue())
        self.assertFalse(RankingEntry.objects.exists())
        call_command("refresh_rankings", "--period", "7d", stdout=out)
        self.assertIn("7d: 3", out.getvalue())  # the pledge, its politician, its party
        self.assertEqual(set(RankingEntry.objects.values_list("period", flat=True)), {"7d"})
