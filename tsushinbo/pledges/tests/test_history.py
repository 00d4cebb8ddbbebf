from __future__ import annotations

from tsushinbo.audit.models import AuditEntry
from tsushinbo.pledges import actions
from tsushinbo.pledges.models import Category, PledgeRevision, ReviewStatus, RevisionKind
from tsushinbo.pledges.tests.helpers import edit
from tsushinbo.testing import BaseTestCase, make_pledge, make_politician

# Pledge with owner, revision count, one page of revisions (author, parent and
# reverted revision joined), demo-banner check.
HISTORY_QUERIES = 4

BODY = "市内の小中学校の給食費を無償にします。\n財源はふるさと納税です。"


class HistoryTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.politician = make_politician(family_name="渡具知", given_name="武豊")
        self.pledge = make_pledge(
            politician=self.politician,
            title="学校給食費を無償化します",
            body=BODY,
            created_by=self.bob,
        )
        self.url = f"/pledges/{self.pledge.pk}/history/"

    def test_it_says_when_nothing_was_edited(self) -> None:
        r = self.client.get(self.url)
        self.assertContains(r, "登録されてから編集されていません。")

    def test_it_lists_revisions_newest_first_with_readable_diffs(self) -> None:
        edit(
            self.dave,
            self.pledge,
            summary="開始年度を追記",
            body=BODY.replace("無償に", "2026年度から無償に"),
        )
        r = self.client.get(self.url)
        self.assertContains(r, "開始年度を追記")
        self.assertContains(r, "<ins>2026年度から</ins>", html=True)
        self.assertContains(r, "デイブ")
        self.assertContains(r, '<span class="badge">新規登録</span>', html=True)
        self.assertContains(r, "ボブ")
        content = r.content.decode()
        self.assertLess(content.index("開始年度を追記"), content.index('"badge">新規登録'))

    def test_it_shows_removed_text_and_changed_categories(self) -> None:
        category = Category.objects.create(name="子育て", slug="kosodate")
        edit(self.dave, self.pledge, body="給食費を無償にします。", categories=[category])
        r = self.client.get(self.url)
        self.assertContains(r, "<del>市内の小中学校の</del>", html=True)
        self.assertContains(r, "<ins>子育て</ins>", html=True)

    def test_it_escapes_user_text_in_diffs(self) -> None:
        edit(self.dave, self.pledge, title="<script>alert(1)</script>", summary="<b>要約</b>")
        r = self.client.get(self.url)
        self.assertNotContains(r, "<script>alert(1)")
        self.assertNotContains(r, "<b>要約</b>")
        self.assertContains(r, "&lt;script&gt;")

    def test_it_never_shows_pending_or_rejected_edits(self) -> None:
        pending = edit(self.alice, self.pledge, title="保留中のタイトル")
        rejected = edit(self.alice, self.pledge, title="却下されたタイトル")
        actions.reject_revision(moderator=self.erin, item=rejected, reason="出典と違う")
        r = self.client.get(self.url)
        self.assertNotContains(r, "保留中のタイトル")
        self.assertNotContains(r, "却下されたタイトル")
        self.assertEqual(pending.status, ReviewStatus.PENDING)

    def test_a_moderator_reverts_to_the_exact_previous_text(self) -> None:
        edit(self.dave, self.pledge, title="給食費ゼロ", body="全部書き換えた本文")
        vandal = edit(self.dave, self.pledge, title="荒らし", body="")
        self.client.force_login(self.erin)
        r = self.client.get(self.url)
        self.assertContains(r, f'action="/pledges/{self.pledge.pk}/history/{vandal.pk}/revert/"')
        r = self.client.post(
            f"/pledges/{self.pledge.pk}/history/{vandal.pk}/revert/", {"reason": "荒らし"}
        )
        self.assertRedirects(r, self.url, fetch_redirect_response=False)
        self.pledge.refresh_from_db()
        self.assertEqual(
            (self.pledge.title, self.pledge.body), ("給食費ゼロ", "全部書き換えた本文")
        )
        # Reverting the first edit brings back the original, byte for byte.
        first_edit = PledgeRevision.objects.get(
            snapshot__title="給食費ゼロ", kind=RevisionKind.EDIT
        )
        self.client.post(
            f"/pledges/{self.pledge.pk}/history/{first_edit.pk}/revert/", {"reason": "元に戻す"}
        )
        self.pledge.refresh_from_db()
        self.assertEqual((self.pledge.title, self.pledge.body), ("学校給食費を無償化します", BODY))
        entry = AuditEntry.objects.filter(action="pledge.revert").first()
        assert entry is not None
        self.assertEqual((entry.actor, entry.reason), (self.erin, "元に戻す"))
        r = self.client.get(self.url)
        self.assertContains(r, '<span class="badge">差し戻し</span>', count=2, html=True)
        self.assertContains(r, "の編集</a>を取り消し", count=2)

    def test_members_cannot_revert(self) -> None:
        revision = edit(self.dave, self.pledge, title="給食費ゼロ")
        self.client.force_login(self.alice)
        self.assertNotContains(self.client.get(self.url), "/revert/")
        r = self.client.post(
            f"/pledges/{self.pledge.pk}/history/{revision.pk}/revert/", {"reason": "x"}
        )
        self.assertEqual(r.status_code, 403)
        self.pledge.refresh_from_db()
        self.assertEqual(self.pledge.title, "給食費ゼロ")

    def test_a_revert_needs_a_reason_and_a_version_before(self) -> None:
        revision = edit(self.dave, self.pledge, title="給食費ゼロ")
        first = PledgeRevision.objects.get(kind=RevisionKind.CREATE)
        self.client.force_login(self.erin)
        r = self.client.post(
            f"/pledges/{self.pledge.pk}/history/{revision.pk}/revert/", {"reason": ""}, follow=True
        )
        self.assertContains(r, "差し戻しの理由を入力してください。")
        r = self.client.post(
            f"/pledges/{self.pledge.pk}/history/{first.pk}/revert/", {"reason": "x"}, follow=True
        )
        self.assertContains(r, "最初の版や未公開の版は差し戻せません。")
        self.client.post(
            f"/pledges/{self.pledge.pk}/history/{revision.pk}/revert/", {"reason": "x"}
        )
        r = self.client.post(
            f"/pledges/{self.pledge.pk}/history/{revision.pk}/revert/", {"reason": "x"}, follow=True
        )
        self.assertContains(r, "すでにこの編集の前の内容になっています。")

    def test_it_returns_404_for_pending_pledges(self) -> None:
        pending = make_pledge(politician=self.politician, review_status=ReviewStatus.PENDING)
        self.assertEqual(self.client.get(f"/pledges/{pending.pk}/history/").status_code, 404)

    def test_it_uses_the_same_number_of_queries_for_3_and_300_revisions(self) -> None:
        for n in (3, 300):
            with self.subTest(n=n):
                pledge = make_pledge(politician=self.politician, title="公約")
                first = PledgeRevision.objects.create(
                    pledge=pledge,
                    kind=RevisionKind.CREATE,
                    author=self.bob,
                    snapshot={"title": "公約", "body": ""},
                    status=ReviewStatus.APPROVED,
                )
                PledgeRevision.objects.bulk_create(
                    PledgeRevision(
                        pledge=pledge,
                        kind=RevisionKind.EDIT,
                        author=self.dave,
                        snapshot={"title": f"公約{i}", "body": "本文"},
                        status=ReviewStatus.APPROVED,
                        published_at=first.created_at,
                        parent=first,
                        summary=f"編集{i}",
                    )
                    for i in range(n)
                )
                with self.assertNumQueries(HISTORY_QUERIES):
                    r = self.client.get(f"/pledges/{pledge.pk}/history/")
                self.assertContains(r, "<ins>本文</ins>", html=True)
