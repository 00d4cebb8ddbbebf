from __future__ import annotations

from tsushinbo.activities.actions import reject_report
from tsushinbo.activities.tests.base import ActivityTestCase, make_comment, make_report
from tsushinbo.audit.actions import record
from tsushinbo.comments.actions import approve_comment, reject_comment
from tsushinbo.moderation.models import RejectReason
from tsushinbo.moderation.views import PUBLIC_LOG_ACTIONS

# Page COUNT, one page of entries, demo banner.
LOG_QUERIES = 3


class PublicLogTestCase(ActivityTestCase):
    def test_it_shows_date_kind_decision_and_reason_but_never_the_text(self) -> None:
        report = make_report(
            self.politician, title="削除される報告タイトル", body="削除される報告本文"
        )
        comment = make_comment(
            report, nickname="ニック", body="削除されるコメント本文", status="pending"
        )
        reject_comment(
            actor=self.erin,
            comment=comment,
            reason=RejectReason.PERSONAL_INFORMATION,
            note="電話番号",
        )
        reject_report(actor=self.erin, report=report, reason=RejectReason.SPAM)
        r = self.client.get("/moderation/log/")
        self.assertContains(r, '<th scope="col">理由</th>', html=True)
        self.assertContains(r, "<td>個人情報</td>", html=True)
        self.assertContains(r, "<td>スパム・宣伝</td>", html=True)
        self.assertContains(r, "<td>活動報告</td>", html=True)
        self.assertContains(r, "<td>削除・非公開</td>", html=True, count=2)
        for secret in [
            "削除される報告タイトル",
            "削除される報告本文",
            "削除されるコメント本文",
            "ニック",
            "電話番号",
            "エリン",
        ]:
            self.assertNotContains(r, secret)

    def test_it_leaves_out_approvals_and_other_audit_entries(self) -> None:
        comment = make_comment(make_report(self.politician), status="pending")
        approve_comment(actor=self.erin, comment=comment)
        record(actor=self.erin, action="user.ban", reason="非公開の理由")
        r = self.client.get("/moderation/log/")
        self.assertContains(r, "まだ記録はありません。")
        self.assertNotContains(r, "非公開の理由")

    def test_it_pages_in_constant_queries(self) -> None:
        for n in (3, 300):
            for _ in range(n if n == 3 else n - 3):
                record(actor=None, action="comment.reject", reason="その他")
            with self.assertNumQueries(LOG_QUERIES):
                r = self.client.get("/moderation/log/?page=2" if n == 300 else "/moderation/log/")
            self.assertEqual(r.status_code, 200)
        self.assertContains(
            self.client.get("/moderation/log/?page=x"), "ページの指定が正しくありません。"
        )

    def test_every_public_action_has_a_kind_and_a_decision(self) -> None:
        for action, (kind, decision) in PUBLIC_LOG_ACTIONS.items():
            with self.subTest(action=action):
                self.assertTrue(kind and decision)
