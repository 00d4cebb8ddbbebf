from __future__ import annotations

from tsushinbo.accounts.actions import ban_user
from tsushinbo.activities.tests.base import ActivityTestCase, make_comment, make_report
from tsushinbo.audit.models import AuditEntry
from tsushinbo.moderation.models import RejectReason, ReviewStatus


class BanTestCase(ActivityTestCase):
    def test_banning_rejects_the_users_pending_comments_and_reports(self) -> None:
        report = make_report(self.politician)
        waiting = make_comment(report, user=self.bob, nickname="", status=ReviewStatus.PENDING)
        public = make_comment(report, user=self.bob, nickname="")
        pending_report = make_report(
            self.politician, posted_by=self.bob, status=ReviewStatus.PENDING
        )
        others = make_comment(report, user=self.alice, nickname="", status=ReviewStatus.PENDING)
        ban_user(actor=self.erin, user=self.bob, reason="荒らし行為")
        for item in (waiting, pending_report):
            item.refresh_from_db()
            self.assertEqual(
                (item.status, item.reject_reason), (ReviewStatus.REJECTED, RejectReason.OTHER)
            )
            self.assertEqual(item.reviewed_by, self.erin)
        public.refresh_from_db()
        others.refresh_from_db()
        self.assertTrue(public.is_public)
        self.assertTrue(others.is_pending)
        entry = AuditEntry.objects.get(action="user.ban")
        self.assertEqual(
            (entry.detail["rejected_comments"], entry.detail["rejected_reports"]), (1, 1)
        )
        self.assertEqual(
            AuditEntry.objects.filter(action__in=["comment.reject", "report.reject"]).count(), 2
        )
