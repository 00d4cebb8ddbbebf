from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from tsushinbo.audit.models import AuditEntry
from tsushinbo.pledges import actions
from tsushinbo.pledges.models import (
    Pledge,
    PledgeRevision,
    ProgressEvidence,
    ProgressReport,
    ReviewStatus,
    RevisionKind,
)
from tsushinbo.pledges.queries import pending_review_counts, pending_review_items
from tsushinbo.pledges.tests.helpers import days_ago, edit, pledge_data, report
from tsushinbo.testing import BaseTestCase, make_pledge, make_politician

# Session, user and the moderator's roles; COUNT; one page of revisions (author,
# pledge, owner and election joined); the pledges' categories; demo-banner check.
REVISION_QUEUE_QUERIES = 7
# Session, user and roles; COUNT; one page of reports (author, pledge and owner
# joined); their evidence; demo-banner check.
PROGRESS_QUEUE_QUERIES = 7


class ReviewTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.politician = make_politician(family_name="渡具知", given_name="武豊")
        self.pledge = make_pledge(
            politician=self.politician, title="学校給食費を無償化します", body="本文"
        )

    def new_pledge(self, title: str = "駅前に保育所を新設") -> Pledge:
        self.client.force_login(self.alice)
        self.client.post(f"/pledges/new/?politician={self.politician.pk}", pledge_data(title=title))
        self.client.logout()
        return Pledge.objects.get(title=title)

    def test_only_moderators_see_the_queues(self) -> None:
        for url in ("/moderation/pledges/", "/moderation/progress/"):
            with self.subTest(url=url):
                r = self.client.get(url)
                self.assertRedirects(
                    r, f"/accounts/login/?next={url}", fetch_redirect_response=False
                )
                self.client.force_login(self.dave)
                self.assertContains(self.client.get(url), "モデレーターのみ", status_code=403)
                self.client.force_login(self.erin)
                self.assertEqual(self.client.get(url).status_code, 200)
                self.client.logout()

    def test_members_cannot_decide(self) -> None:
        revision = edit(self.alice, self.pledge, title="給食費ゼロ")
        self.client.force_login(self.dave)
        r = self.client.post(f"/moderation/pledges/{revision.pk}/approve/")
        self.assertEqual(r.status_code, 403)
        with self.assertRaises(PermissionDenied):
            actions.approve_revision(moderator=self.dave, item=revision)
        revision.refresh_from_db()
        self.assertEqual(revision.status, ReviewStatus.PENDING)

    def test_the_queue_shows_new_pledges_and_edits_with_their_changes(self) -> None:
        self.new_pledge()
        edit(self.bob, self.pledge, title="学校給食費を完全無償化します", summary="表現を強めた")
        self.client.force_login(self.erin)
        r = self.client.get("/moderation/pledges/")
        self.assertContains(r, "確認待ち 2件")
        self.assertContains(r, "公約の新規登録「駅前に保育所を新設」")
        self.assertContains(r, "<ins>駅前に保育所を新設</ins>", html=True)
        self.assertContains(r, "公約の編集「学校給食費を完全無償化します」")
        self.assertContains(r, "<ins>完全</ins>", html=True)
        self.assertContains(r, "表現を強めた")
        self.assertContains(
            r, '<a href="https://example.com/senkyo-koho" rel="nofollow ugc noopener"'
        )
        content = r.content.decode()
        self.assertLess(content.index("駅前に保育所"), content.index("完全無償化"))

    def test_approving_a_new_pledge_publishes_it(self) -> None:
        pledge = self.new_pledge()
        revision = pledge.revisions.get()
        self.client.force_login(self.erin)
        r = self.client.post(
            f"/moderation/pledges/{revision.pk}/approve/",
            {"reason": "出典を確認", "next": "/moderation/pledges/"},
        )
        self.assertRedirects(r, "/moderation/pledges/", fetch_redirect_response=False)
        pledge.refresh_from_db()
        self.assertEqual(pledge.review_status, ReviewStatus.APPROVED)
        self.assertContains(self.client.get(f"/pledges/{pledge.pk}/"), "駅前に保育所を新設")
        entry = AuditEntry.objects.get(action="pledge_revision.approve")
        self.assertEqual((entry.actor, entry.reason), (self.erin, "出典を確認"))

    def test_rejecting_needs_a_reason_and_keeps_the_pledge_hidden(self) -> None:
        pledge = self.new_pledge()
        revision = pledge.revisions.get()
        self.client.force_login(self.erin)
        r = self.client.post(
            f"/moderation/pledges/{revision.pk}/reject/", {"reason": ""}, follow=True
        )
        self.assertContains(r, "却下の理由を入力してください。")
        self.client.post(f"/moderation/pledges/{revision.pk}/reject/", {"reason": "出典なし"})
        pledge.refresh_from_db()
        self.assertEqual(pledge.review_status, ReviewStatus.REJECTED)
        self.assertEqual(self.client.get(f"/pledges/{pledge.pk}/").status_code, 404)
        self.assertTrue(
            AuditEntry.objects.filter(action="pledge_revision.reject", reason="出典なし").exists()
        )

    def test_an_item_is_decided_once(self) -> None:
        revision = edit(self.alice, self.pledge, title="給食費ゼロ")
        actions.approve_revision(moderator=self.erin, item=revision)
        with self.assertRaisesMessage(ValidationError, "すでに確認済み"):
            actions.reject_revision(moderator=self.erin, item=revision, reason="x")
        self.client.force_login(self.erin)
        r = self.client.post(f"/moderation/pledges/{revision.pk}/approve/", follow=True)
        self.assertContains(r, "この投稿はすでに確認済みです。")

    def test_the_review_page_shows_one_item(self) -> None:
        revision = edit(self.alice, self.pledge, title="給食費ゼロ")
        progress = report(self.alice, self.pledge, url="https://example.com/gikai")
        self.client.force_login(self.erin)
        r = self.client.get(revision.review_url)
        self.assertContains(r, "公約の編集の確認")
        self.assertContains(r, f'action="/moderation/pledges/{revision.pk}/approve/"')
        r = self.client.get(progress.review_url)
        self.assertContains(r, "進捗報告の確認")
        self.assertContains(r, 'href="https://example.com/gikai"')
        self.assertContains(r, f'action="/moderation/progress/{progress.pk}/reject/"')
        actions.approve_revision(moderator=self.erin, item=revision, reason="確認")
        r = self.client.get(revision.review_url)
        self.assertContains(r, "承認済み")
        self.assertNotContains(r, "/approve/")

    def test_the_progress_queue_shows_reports_with_evidence(self) -> None:
        progress = report(self.alice, self.pledge, percent=55, url="https://example.com/yosan")
        self.client.force_login(self.erin)
        r = self.client.get("/moderation/progress/")
        self.assertContains(r, "確認待ち 1件")
        self.assertContains(r, "進行中・55%")
        self.assertContains(r, 'href="https://example.com/yosan" rel="nofollow ugc noopener"')
        self.client.post(f"/moderation/progress/{progress.pk}/reject/", {"reason": "根拠が古い"})
        progress.refresh_from_db()
        self.assertEqual(progress.review_status, ReviewStatus.REJECTED)
        self.assertContains(
            self.client.get("/moderation/progress/"), "確認待ちの進捗報告はありません。"
        )

    def test_the_desk_interface_lists_both_queues_oldest_first(self) -> None:
        revision = edit(self.alice, self.pledge, title="給食費ゼロ")
        progress = report(self.bob, self.pledge)
        items = pending_review_items()
        self.assertEqual([item.item for item in items], [revision, progress])
        self.assertEqual(items[0].url, f"/moderation/pledges/{revision.pk}/")
        self.assertEqual(items[1].url, f"/moderation/progress/{progress.pk}/")
        self.assertEqual(items[0].label, "公約の編集「給食費ゼロ」")
        self.assertEqual(items[1].author, self.bob)
        self.assertEqual(pending_review_counts(), {"pledge_revision": 1, "progress_report": 1})

    def test_a_ban_closes_what_the_user_left_waiting(self) -> None:
        edit(self.alice, self.pledge, title="給食費ゼロ")
        new = self.new_pledge()
        report(self.alice, self.pledge)
        closed = actions.reject_pending_contributions_by(actor=self.erin, user=self.alice)
        self.assertEqual(closed, 3)
        self.assertFalse(PledgeRevision.objects.pending().exists())
        self.assertFalse(ProgressReport.objects.pending().exists())
        new.refresh_from_db()
        self.assertEqual(new.review_status, ReviewStatus.REJECTED)

    def test_queues_use_the_same_number_of_queries_for_3_and_300_items(self) -> None:
        self.client.force_login(self.erin)
        for n in (3, 300):
            with self.subTest(n=n):
                PledgeRevision.objects.all().delete()
                ProgressReport.objects.all().delete()
                pledges = Pledge.objects.bulk_create(
                    Pledge(
                        politician=self.politician,
                        title=f"公約{i}",
                        source_url="https://example.com/",
                    )
                    for i in range(n)
                )
                PledgeRevision.objects.bulk_create(
                    PledgeRevision(
                        pledge=pledge,
                        kind=RevisionKind.EDIT,
                        author=self.alice,
                        snapshot={"title": f"{pledge.title}改"},
                        changed_fields=["title"],
                    )
                    for pledge in pledges
                )
                reports = ProgressReport.objects.bulk_create(
                    ProgressReport(
                        pledge=pledge,
                        author=self.alice,
                        status="stalled",
                        percent=10,
                        evidence_date=days_ago(3),
                    )
                    for pledge in pledges
                )
                ProgressEvidence.objects.bulk_create(
                    ProgressEvidence(report=r, url="https://example.com/e", date=r.evidence_date)
                    for r in reports
                )
                with self.assertNumQueries(REVISION_QUEUE_QUERIES):
                    r = self.client.get("/moderation/pledges/")
                self.assertContains(r, "<ins>改</ins>", html=True)
                with self.assertNumQueries(PROGRESS_QUEUE_QUERIES):
                    r = self.client.get("/moderation/progress/")
                self.assertContains(r, "停滞・10%")
