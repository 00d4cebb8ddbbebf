from __future__ import annotations

from typing import Any

from django.test import override_settings

from tsushinbo.accounts.models import User
from tsushinbo.accounts.permissions import Role
from tsushinbo.activities.tests.base import ActivityTestCase, make_comment, make_report
from tsushinbo.audit.models import AuditEntry
from tsushinbo.comments.models import Comment
from tsushinbo.moderation.models import Flag, RejectReason
from tsushinbo.testing import make_user


@override_settings(FLAG_THRESHOLD=2)
class FlagTestCase(ActivityTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.report = make_report(self.politician)
        self.comment = make_comment(self.report, body="問題のあるコメント")
        self.report.comment_count = 1
        self.report.save()

    def flag(self, user: User, target: str | None = None, **data: str) -> Any:
        self.client.force_login(user)
        url = target or f"/comments/{self.comment.pk}/flag/"
        return self.client.post(url, {"reason": RejectReason.DEFAMATION, **data})

    def test_members_flag_with_a_reason_and_anonymous_visitors_are_asked_to_log_in(self) -> None:
        r = self.client.get(f"/comments/{self.comment.pk}/flag/")
        self.assertEqual(r.status_code, 302)
        self.client.force_login(self.alice)
        r = self.client.get(f"/comments/{self.comment.pk}/flag/")
        self.assertContains(r, "通報の理由")
        self.assertContains(r, "誹謗中傷")
        r = self.client.post(f"/comments/{self.comment.pk}/flag/", {})
        self.assertContains(r, "通報の理由を選んでください。", status_code=422)
        r = self.flag(self.alice)
        self.assertEqual(r.status_code, 302)
        self.assertEqual(Flag.objects.get().reason, RejectReason.DEFAMATION)

    def test_one_flag_per_member(self) -> None:
        self.flag(self.alice)
        r = self.flag(self.alice)
        self.assertContains(r, "すでに通報済みです", status_code=422)
        self.assertEqual(Comment.objects.get().flag_count, 1)

    def test_it_hides_the_comment_at_the_threshold_until_a_moderator_decides(self) -> None:
        url = f"/activities/{self.report.pk}/"
        self.flag(self.alice)
        self.client.logout()
        self.assertContains(self.client.get(url), "問題のあるコメント")
        self.flag(self.bob)
        self.client.logout()
        page = self.client.get(url)
        self.assertNotContains(page, "問題のあるコメント")
        self.assertContains(page, "コメント（0件）")
        self.report.refresh_from_db()
        self.assertEqual(self.report.comment_count, 0)
        self.assertTrue(AuditEntry.objects.filter(action="comment.hide").exists())
        self.assertContains(self.client.get("/moderation/log/"), "通報により一時非表示")
        # The moderator keeps it: public again, flags answered.
        self.client.force_login(self.erin)
        desk = self.client.get("/moderation/?type=flagged")
        self.assertContains(desk, "問題のあるコメント")
        self.assertContains(desk, "通報により非表示中")
        self.assertContains(desk, "2件（誹謗中傷、誹謗中傷）")
        self.client.post(
            "/moderation/decide/", {"one": f"approve:flagged-comment:{self.comment.pk}"}
        )
        self.client.logout()
        self.assertContains(self.client.get(url), "問題のあるコメント")
        self.assertFalse(Flag.objects.open().exists())
        self.assertEqual(Comment.objects.get().flag_count, 0)

    def test_a_moderator_removes_flagged_content(self) -> None:
        self.flag(self.alice)
        self.flag(self.bob)
        self.client.force_login(self.erin)
        key = f"flagged-comment:{self.comment.pk}"
        self.client.post(
            "/moderation/decide/",
            {"one": f"reject:{key}", f"reason-{key}": RejectReason.DEFAMATION},
        )
        self.assertTrue(Comment.objects.get().is_rejected)
        self.client.logout()
        self.assertNotContains(
            self.client.get(f"/activities/{self.report.pk}/"), "問題のあるコメント"
        )

    def test_a_reply_under_a_hidden_comment_is_hidden_too(self) -> None:
        make_comment(self.report, body="返信の本文", parent=self.comment)
        self.flag(self.alice)
        self.flag(self.bob)
        self.client.logout()
        self.assertNotContains(self.client.get(f"/activities/{self.report.pk}/"), "返信の本文")

    def test_authors_cannot_flag_their_own_and_reports_can_be_flagged_too(self) -> None:
        own = make_comment(self.report, user=self.alice, nickname="")
        r = self.flag(self.alice, f"/comments/{own.pk}/flag/")
        self.assertContains(r, "自分の投稿は通報できません。", status_code=422)
        self.flag(self.alice, f"/activities/{self.report.pk}/flag/")
        carol = make_user("carol", "キャロル", Role.MEMBER)
        self.flag(carol, f"/activities/{self.report.pk}/flag/")
        self.client.logout()
        self.assertEqual(self.client.get(f"/activities/{self.report.pk}/").status_code, 404)
        self.assertNotContains(self.client.get("/activities/"), self.report.title)
