from __future__ import annotations

import datetime

from django.utils import timezone

from tsushinbo.accounts.models import ClaimStatus, PoliticianClaim
from tsushinbo.activities.models import ActivityReport
from tsushinbo.activities.tests.base import ActivityTestCase, make_comment, make_report
from tsushinbo.audit.models import AuditEntry
from tsushinbo.comments.models import Comment
from tsushinbo.moderation.models import RejectReason, ReviewStatus
from tsushinbo.pledges.actions import Evidence, post_progress_report
from tsushinbo.pledges.models import ProgressStatus
from tsushinbo.testing import make_pledge, make_politician, make_user

# Session, user, roles; one COUNT per source (comments, reports, pledge revisions,
# progress reports, claims, flagged comments, flagged reports); the oldest rows of
# each non-empty source (here: all but the pledge queues), with the open flags of
# flagged ones; the demo banner.
DESK_QUERIES = 3 + 7 + 7 + 1


def hours_ago(hours: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=hours)


class DeskTestCase(ActivityTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.report = make_report(self.politician, title="公開中の報告")

    def test_it_is_for_moderators_only(self) -> None:
        self.assertEqual(self.client.get("/moderation/").status_code, 302)
        for user in (self.alice, self.dave, self.frank):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                r = self.client.get("/moderation/")
                self.assertContains(r, "モデレーターのみ", status_code=403)
                r = self.client.post("/moderation/decide/", {"bulk": "approve"})
                self.assertEqual(r.status_code, 403)

    def test_it_lists_every_kind_oldest_first_with_its_age(self) -> None:
        make_comment(
            self.report, body="三時間前のコメント", status="pending", created_at=hours_ago(3)
        )
        make_report(
            self.politician, title="三十時間前の報告", status="pending", created_at=hours_ago(30)
        )
        PoliticianClaim.objects.create(
            user=self.bob,
            politician=make_politician(family_name="佐藤"),
            contact="03-0000-0000",
            evidence_url="https://example.com/",
            created_at=hours_ago(10),
        )
        flagged = make_comment(
            self.report, body="通報されたコメント", flag_count=1, flagged_at=hours_ago(1)
        )
        self.client.force_login(self.erin)
        r = self.client.get("/moderation/")
        content = r.content.decode()
        order = ["三十時間前の報告", "佐藤", "三時間前のコメント", "通報されたコメント"]
        positions = [content.index(text) for text in order]
        self.assertEqual(positions, sorted(positions))
        self.assertContains(r, "<strong>30時間</strong>", html=True)
        self.assertContains(r, "<strong>3時間</strong>", html=True)
        self.assertContains(
            r, '<span class="badge badge-overdue">24時間超過</span>', count=1, html=True
        )
        self.assertContains(r, f'value="comment:{flagged.pk - 1}"')
        self.assertContains(r, f'value="flagged-comment:{flagged.pk}"')
        self.assertContains(r, "確認待ち 4件")

    def test_it_filters_by_type(self) -> None:
        make_comment(self.report, body="コメントだけ", status="pending")
        make_report(self.politician, title="報告だけ", status="pending")
        self.client.force_login(self.erin)
        r = self.client.get("/moderation/?type=report")
        self.assertContains(r, "報告だけ")
        self.assertNotContains(r, "コメントだけ")
        self.assertContains(r, '<span aria-current="page">活動報告（1）</span>', html=True)
        r = self.client.get("/moderation/?type=nonsense")
        self.assertContains(r, "指定された種類はありません。")
        self.assertContains(r, "コメントだけ")

    def test_it_has_keyboard_friendly_controls(self) -> None:
        comment = make_comment(self.report, status="pending")
        self.client.force_login(self.erin)
        r = self.client.get("/moderation/")
        key = f"comment:{comment.pk}"
        self.assertContains(
            r,
            f'<button type="submit" name="one" value="approve:{key}" class="desk-approve">承認する</button>',
            html=True,
        )
        self.assertContains(r, f'<label for="reason-{key}">却下の理由</label>', html=True)
        self.assertContains(r, 'accesskey="a"')
        self.assertContains(r, 'accesskey="r"')
        self.assertContains(r, "js/moderation.js")
        self.assertContains(r, "キーボード操作")

    def test_it_approves_one_item(self) -> None:
        comment = make_comment(self.report, status="pending", body="承認されるコメント")
        self.client.force_login(self.erin)
        r = self.client.post("/moderation/decide/", {"one": f"approve:comment:{comment.pk}"})
        self.assertRedirects(r, "/moderation/", fetch_redirect_response=False)
        comment.refresh_from_db()
        self.assertEqual((comment.status, comment.reviewed_by), (ReviewStatus.APPROVED, self.erin))
        self.assertIsNotNone(comment.published_at)
        entry = AuditEntry.objects.get(action="comment.approve")
        self.assertEqual((entry.actor, entry.target_id), (self.erin, str(comment.pk)))
        self.assertContains(self.client.get(f"/activities/{self.report.pk}/"), "承認されるコメント")

    def test_it_rejects_one_item_only_with_a_listed_reason(self) -> None:
        comment = make_comment(self.report, status="pending")
        self.client.force_login(self.erin)
        key = f"comment:{comment.pk}"
        r = self.client.post("/moderation/decide/", {"one": f"reject:{key}"}, follow=True)
        self.assertContains(r, "却下の理由を一覧から選んでください。")
        comment.refresh_from_db()
        self.assertTrue(comment.is_pending)
        data = {
            "one": f"reject:{key}",
            f"reason-{key}": RejectReason.SPAM,
            f"note-{key}": "宣伝URL",
        }
        self.client.post("/moderation/decide/", data)
        comment.refresh_from_db()
        self.assertEqual((comment.status, comment.reject_reason), ("rejected", RejectReason.SPAM))
        entry = AuditEntry.objects.get(action="comment.reject")
        self.assertEqual((entry.reason, entry.detail["note"]), ("スパム・宣伝", "宣伝URL"))

    def test_it_decides_in_bulk(self) -> None:
        comments = [make_comment(self.report, status="pending") for _ in range(3)]
        report = make_report(self.politician, status="pending")
        keys = [f"comment:{c.pk}" for c in comments[:2]] + [f"report:{report.pk}"]
        self.client.force_login(self.erin)
        r = self.client.post(
            "/moderation/decide/",
            {"bulk": "reject", "items": keys, "reason": RejectReason.OFF_TOPIC, "type": "comment"},
            follow=True,
        )
        self.assertContains(r, "3件を却下しました。")
        self.assertEqual(r.redirect_chain[-1][0], "/moderation/?type=comment")
        self.assertEqual(Comment.objects.rejected().count(), 2)
        self.assertTrue(Comment.objects.get(pk=comments[2].pk).is_pending)
        self.assertEqual(ActivityReport.objects.get(pk=report.pk).status, ReviewStatus.REJECTED)
        self.assertEqual(AuditEntry.objects.filter(action__endswith=".reject").count(), 3)

    def test_it_reports_items_it_could_not_decide(self) -> None:
        comment = make_comment(self.report, status="rejected")
        self.client.force_login(self.erin)
        items = [f"comment:{comment.pk}", "comment:999999", "nothing:1"]
        r = self.client.post(
            "/moderation/decide/", {"bulk": "approve", "items": items}, follow=True
        )
        self.assertContains(r, "却下済みのコメントです。")
        self.assertContains(r, "対象が見つかりません。", count=2)

    def test_it_decides_politician_claims_through_the_accounts_actions(self) -> None:
        politician = make_politician(family_name="鈴木")
        claimant = make_user("gina", "ジーナ")
        claim = PoliticianClaim.objects.create(
            user=claimant, politician=politician, contact="x", evidence_url="https://example.com/"
        )
        self.client.force_login(self.erin)
        self.client.post("/moderation/decide/", {"one": f"approve:claim:{claim.pk}"})
        claim.refresh_from_db()
        claimant.refresh_from_db()
        self.assertEqual(claim.status, ClaimStatus.APPROVED)
        self.assertEqual(claimant.politician, politician)
        self.assertTrue(AuditEntry.objects.filter(action="claim.approve").exists())

    def test_it_gathers_progress_reports_from_the_pledges_app(self) -> None:
        pledge = make_pledge(politician=self.politician, title="公約X")
        report = post_progress_report(
            author=self.alice,
            pledge=pledge,
            status=ProgressStatus.IN_PROGRESS,
            percent=30,
            evidence=[Evidence(url="https://example.com/e", date=timezone.localdate())],
            note="予算がついた",
        )
        self.assertEqual(report.review_status, ReviewStatus.PENDING)
        self.client.force_login(self.erin)
        r = self.client.get("/moderation/?type=pledge")
        self.assertContains(r, "予算がついた")
        self.assertContains(r, f'href="{report.review_url}"')
        self.client.post("/moderation/decide/", {"one": f"approve:progress:{report.pk}"})
        report.refresh_from_db()
        self.assertEqual(report.review_status, ReviewStatus.APPROVED)
        self.assertTrue(AuditEntry.objects.filter(action="progress_report.approve").exists())

    def test_it_runs_the_same_queries_for_3_and_300_items(self) -> None:
        self.client.force_login(self.erin)
        for n in (3, 300):
            self.add_items(n)
            with self.assertNumQueries(DESK_QUERIES):
                r = self.client.get("/moderation/")
            self.assertEqual(r.status_code, 200)

    def add_items(self, n: int) -> None:
        Comment.objects.bulk_create(
            Comment(report=self.report, nickname="x", body=f"c{i}") for i in range(n)
        )
        ActivityReport.objects.bulk_create(
            ActivityReport(politician=self.politician, title=f"r{i}", date="2026-04-01", body="b")
            for i in range(n)
        )
        Comment.objects.bulk_create(
            Comment(
                report=self.report,
                nickname="x",
                body=f"f{i}",
                status="approved",
                published_at=timezone.now(),
                flag_count=1,
                flagged_at=timezone.now(),
            )
            for i in range(n)
        )
        ActivityReport.objects.bulk_create(
            ActivityReport(
                politician=self.politician,
                title=f"fr{i}",
                date="2026-04-01",
                body="b",
                status="approved",
                published_at=timezone.now(),
                flag_count=1,
                flagged_at=timezone.now(),
            )
            for i in range(n)
        )
        politician = make_politician()
        users = [make_user(f"claimant{n}-{i}", "申請者") for i in range(2)]
        for user in users:
            PoliticianClaim.objects.create(
                user=user, politician=politician, contact="x", evidence_url="https://example.com/"
            )
