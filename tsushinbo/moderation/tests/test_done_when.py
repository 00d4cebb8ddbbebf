"""Issue 6 "Done when", end to end through the pages a visitor and a moderator use."""

from __future__ import annotations

import datetime

from django.test import override_settings
from django.utils import timezone

from tsushinbo.activities.tests.base import ActivityTestCase, make_comment, make_report
from tsushinbo.comments.models import Comment
from tsushinbo.moderation.models import RejectReason


@override_settings(COMMENT_POW=False)
class DoneWhenTestCase(ActivityTestCase):
    def test_a_comment_waits_is_approved_and_another_is_rejected_into_the_public_log(self) -> None:
        report = make_report(self.politician, title="子育て支援の質問")
        url = f"/activities/{report.pk}/"
        visitor = self.client_class()
        visitor.post(f"{url}comments/", {"nickname": "市民A", "body": "具体的な予算額は？"})
        visitor.post(f"{url}comments/", {"nickname": "荒らし", "body": "ひどい悪口の本文"})
        first, second = Comment.objects.order_by("id")
        self.assertTrue(first.is_pending and second.is_pending)

        # Not public: a stranger sees neither comment, nor any count of them.
        stranger = self.client_class()
        page = stranger.get(url)
        self.assertNotContains(page, "具体的な予算額は？")
        self.assertNotContains(page, "ひどい悪口の本文")
        self.assertContains(page, "コメント（0件）")

        # It appears in the desk with its age.
        Comment.objects.filter(pk=first.pk).update(
            created_at=timezone.now() - datetime.timedelta(hours=5)
        )
        self.client.force_login(self.erin)
        desk = self.client.get("/moderation/")
        self.assertContains(desk, "具体的な予算額は？")
        self.assertContains(desk, "<strong>5時間</strong>", html=True)

        # Approved, it appears on the report.
        self.client.post("/moderation/decide/", {"one": f"approve:comment:{first.pk}"})
        page = stranger.get(url)
        self.assertContains(page, "具体的な予算額は？")
        self.assertContains(page, "コメント（1件）")

        # Rejected with 誹謗中傷, it shows in the public log without its text.
        key = f"comment:{second.pk}"
        self.client.post(
            "/moderation/decide/",
            {"one": f"reject:{key}", f"reason-{key}": RejectReason.DEFAMATION},
        )
        self.assertNotContains(stranger.get(url), "ひどい悪口の本文")
        log = stranger.get("/moderation/log/")
        self.assertContains(log, "<td>誹謗中傷</td>", html=True)
        self.assertContains(log, "<td>コメント</td>", html=True)
        self.assertNotContains(log, "ひどい悪口の本文")
        self.assertNotContains(log, "荒らし")

    def test_popular_orders_by_approved_comments_in_the_last_7_days(self) -> None:
        now = timezone.now()
        quiet = make_report(self.politician, title="静かな報告")
        busy = make_report(self.politician, title="話題の報告")
        old = make_report(self.politician, title="先月話題だった報告")
        for _ in range(3):
            make_comment(busy, published_at=now - datetime.timedelta(days=1))
        make_comment(quiet, published_at=now - datetime.timedelta(days=2))
        for _ in range(5):
            make_comment(old, published_at=now - datetime.timedelta(days=8))
            make_comment(quiet, status="pending")
        r = self.client.get("/activities/popular/")
        content = r.content.decode()
        self.assertLess(content.index("話題の報告"), content.index("静かな報告"))
        self.assertNotContains(r, "先月話題だった報告")
        self.assertContains(r, "直近7日 3件")
