from __future__ import annotations

import datetime
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tsushinbo.activities import actions as report_actions
from tsushinbo.activities.tests.base import ActivityTestCase, make_comment, make_report
from tsushinbo.audit.models import AuditEntry
from tsushinbo.comments import actions as comment_actions
from tsushinbo.moderation.models import RejectReason, ReviewStatus


class AuthorNoticeTestCase(ActivityTestCase):
    def test_authors_hear_of_approval_and_rejection_after_the_commit(self) -> None:
        report = make_report(
            self.politician,
            title="審査される報告",
            status=ReviewStatus.PENDING,
            posted_by=self.alice,
        )
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            report_actions.approve_report(actor=self.erin, report=report)
        self.assertEqual(len(mail.outbox), 0)  # nothing before the commit
        for callback in callbacks:
            callback()
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["alice@example.org"])
        self.assertIn("公開されました", mail.outbox[0].subject)
        self.assertIn(f"/activities/{report.pk}/", mail.outbox[0].body)

        comment = make_comment(report, user=self.bob, nickname="", status=ReviewStatus.PENDING)
        with self.captureOnCommitCallbacks(execute=True):
            comment_actions.reject_comment(
                actor=self.erin, comment=comment, reason=RejectReason.OFF_TOPIC
            )
        self.assertEqual(mail.outbox[1].to, ["bob@example.org"])
        self.assertIn("話題と無関係", mail.outbox[1].body)
        self.assertNotIn(comment.body, mail.outbox[1].body)

    def test_anonymous_authors_and_flag_decisions_send_nothing(self) -> None:
        report = make_report(self.politician)
        comment = make_comment(report, status=ReviewStatus.PENDING)
        flagged = make_comment(report, user=self.bob, nickname="", flag_count=1)
        with self.captureOnCommitCallbacks(execute=True):
            comment_actions.approve_comment(actor=self.erin, comment=comment)
            comment_actions.approve_comment(actor=self.erin, comment=flagged)
        self.assertEqual(mail.outbox, [])


class NotifyModeratorsTestCase(ActivityTestCase):
    def run_command(self, *args: str) -> str:
        out = StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("notify_moderators", *args, stdout=out)
        return out.getvalue()

    def test_it_alerts_once_when_an_item_nears_24_hours(self) -> None:
        report = make_report(self.politician)
        make_comment(
            report,
            status=ReviewStatus.PENDING,
            created_at=timezone.now() - datetime.timedelta(hours=2),
        )
        self.assertIn("nothing sent", self.run_command())
        make_comment(
            report,
            status=ReviewStatus.PENDING,
            created_at=timezone.now() - datetime.timedelta(hours=21),
        )
        self.assertIn("Would alert", self.run_command("--dry-run"))
        self.assertEqual(mail.outbox, [])
        self.assertIn("Alerted the moderators", self.run_command())
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["erin@example.org"])
        self.assertIn("確認待ちが21時間を超えています", mail.outbox[0].subject)
        self.assertIn("nothing sent", self.run_command())  # already covered
        self.assertEqual(AuditEntry.objects.filter(action="moderation.alert").count(), 1)
