from __future__ import annotations

from typing import Any

from django.test import override_settings

from tsushinbo.accounts.permissions import Role
from tsushinbo.audit.models import AuditEntry
from tsushinbo.elections.models import Candidacy
from tsushinbo.pledges.models import Category, Pledge, ReviewStatus, RevisionKind
from tsushinbo.pledges.tests.helpers import pledge_data
from tsushinbo.testing import (
    BaseTestCase,
    make_election,
    make_party,
    make_pledge,
    make_politician,
    make_user,
)


class AddPledgeTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.politician = make_politician(family_name="渡具知", given_name="武豊")
        self.url = f"/pledges/new/?politician={self.politician.pk}"

    def post(self, url: str | None = None, **fields: object) -> Any:
        return self.client.post(url or self.url, pledge_data(**fields))

    def test_it_shows_the_form_to_members(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "公約・政策の登録")
        self.assertContains(r, "渡具知武豊")
        self.assertContains(r, 'name="source_url"')
        self.assertContains(r, "モデレーターの確認後に公開されます")

    def test_it_sends_visitors_to_login(self) -> None:
        r = self.client.get(self.url)
        self.assertRedirects(
            r,
            f"/accounts/login/?next=/pledges/new/%3Fpolitician%3D{self.politician.pk}",
            fetch_redirect_response=False,
        )

    def test_it_refuses_accounts_that_are_not_members(self) -> None:
        self.client.force_login(make_user("nobody", "未確認"))
        r = self.client.get(self.url)
        self.assertContains(r, "メールアドレスを確認済みの会員", status_code=403)

    def test_it_explains_a_missing_or_bad_owner(self) -> None:
        self.client.force_login(self.alice)
        for query in ("", "?politician=abc", f"?politician={self.politician.pk}&party=x"):
            with self.subTest(query=query):
                r = self.client.get(f"/pledges/new/{query}")
                self.assertContains(r, "指定が正しくありません", status_code=400)
        self.assertEqual(self.client.get("/pledges/new/?politician=999999").status_code, 404)
        self.assertEqual(self.client.get("/pledges/new/?party=nothing").status_code, 404)

    def test_a_new_members_pledge_waits_for_review(self) -> None:
        self.client.force_login(self.alice)
        r = self.post()
        self.assertRedirects(
            r, f"/politicians/{self.politician.pk}/", fetch_redirect_response=False
        )
        pledge = Pledge.objects.get()
        self.assertEqual(pledge.review_status, ReviewStatus.PENDING)
        self.assertEqual(pledge.created_by, self.alice)
        revision = pledge.revisions.get()
        self.assertEqual(revision.kind, RevisionKind.CREATE)
        self.assertEqual(revision.status, ReviewStatus.PENDING)
        self.assertEqual(revision.snapshot["title"], "学校給食費を無償化します")
        follow = self.client.get(f"/politicians/{self.politician.pk}/")
        self.assertContains(
            follow, "公約・政策の登録を受け付けました。モデレーターの確認後に公開されます。"
        )
        self.assertNotContains(follow, "学校給食費を無償化します")
        self.assertTrue(AuditEntry.objects.filter(action="pledge.add", actor=self.alice).exists())

    def test_trusted_members_publish_directly(self) -> None:
        self.client.force_login(self.dave)
        r = self.post()
        pledge = Pledge.objects.get()
        self.assertRedirects(r, f"/pledges/{pledge.pk}/", fetch_redirect_response=False)
        self.assertEqual(pledge.review_status, ReviewStatus.APPROVED)
        self.assertEqual(pledge.revisions.get().status, ReviewStatus.APPROVED)

    def test_the_politicians_own_account_publishes_directly(self) -> None:
        office = make_user("office", "渡具知事務所", Role.MEMBER, politician=self.politician)
        self.client.force_login(office)
        self.post()
        self.assertEqual(Pledge.objects.get().review_status, ReviewStatus.APPROVED)
        # ... but only for its own politician.
        other = make_politician()
        self.post(f"/pledges/new/?politician={other.pk}", title="別の公約")
        self.assertEqual(Pledge.objects.get(politician=other).review_status, ReviewStatus.PENDING)

    @override_settings(NEW_MEMBER_REVIEW_EDITS=2)
    def test_members_publish_directly_after_their_first_reviewed_contributions(self) -> None:
        self.client.force_login(self.alice)
        self.post(title="給食費の無償化")
        self.post(title="市役所の土日開庁")
        self.assertEqual(Pledge.objects.filter(review_status=ReviewStatus.PENDING).count(), 2)
        self.client.force_login(self.erin)
        for pledge in Pledge.objects.all():
            self.client.post(f"/moderation/pledges/{pledge.revisions.get().pk}/approve/")
        self.client.force_login(self.alice)
        self.post(title="駅前に保育所を新設")
        self.assertEqual(
            Pledge.objects.get(title="駅前に保育所を新設").review_status, ReviewStatus.APPROVED
        )

    @override_settings(NEW_MEMBER_REVIEW_EDITS=0)
    def test_zero_publishes_members_pledges_directly(self) -> None:
        self.client.force_login(self.alice)
        self.post()
        self.assertEqual(Pledge.objects.get().review_status, ReviewStatus.APPROVED)

    def test_it_adds_a_party_pledge_with_categories_election_and_deadline(self) -> None:
        party = make_party(name="みらい党", slug="mirai")
        election = make_election(name="第51回衆議院議員総選挙")
        Candidacy.objects.create(election=election, politician=self.politician, party=party)
        category = Category.objects.create(name="子育て", slug="kosodate")
        self.client.force_login(self.dave)
        r = self.client.get("/pledges/new/?party=mirai")
        self.assertContains(r, "第51回衆議院議員総選挙（2026年10月27日）")
        self.assertContains(r, "子育て")
        self.post(
            "/pledges/new/?party=mirai",
            categories=[category.pk],
            election=election.pk,
            deadline="2030-03-31",
        )
        pledge = Pledge.objects.get()
        self.assertEqual(pledge.party, party)
        self.assertIsNone(pledge.politician)
        self.assertEqual(list(pledge.categories.all()), [category])
        self.assertEqual(pledge.election, election)
        self.assertEqual(str(pledge.deadline), "2030-03-31")

    def test_it_offers_only_the_politicians_own_elections(self) -> None:
        own = make_election(name="名護市長選挙")
        make_election(name="関係のない選挙")
        Candidacy.objects.create(election=own, politician=self.politician)
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "名護市長選挙")
        self.assertNotContains(r, "関係のない選挙")

    def test_it_explains_bad_input_in_japanese(self) -> None:
        self.client.force_login(self.alice)
        cases = {
            "source_url": ("", "出典URL（公約・政策が示されたページ）を入力してください。"),
            "title": ("", "タイトルを入力してください。"),
            "deadline": (
                "2030/13/45",
                "日付は 2026-03-31 のように「年-月-日」の形で入力してください。",
            ),
            "election": ("999999", "選挙の指定が正しくありません。"),
        }
        for field, (value, message) in cases.items():
            with self.subTest(field=field):
                r = self.post(**{field: value})
                self.assertContains(r, message, status_code=200)
                self.assertContains(r, "入力内容を確認してください。")
        for url in ("javascript:alert(1)", "ftp://example.com/koyaku", "http://"):
            with self.subTest(url=url):
                r = self.post(source_url=url)
                self.assertContains(
                    r, "http:// または https:// で始まるURLを入力してください。", count=1
                )
        self.assertFalse(Pledge.objects.exists())

    def test_it_assumes_https_for_a_bare_host(self) -> None:
        self.client.force_login(self.alice)
        self.post(source_url="example.com/koyaku")
        self.assertEqual(Pledge.objects.get().source_url, "https://example.com/koyaku")

    def test_it_asks_for_confirmation_when_a_similar_title_exists(self) -> None:
        existing = make_pledge(politician=self.politician, title="学校給食費の無償化")
        make_pledge(politician=make_politician(), title="学校給食費を無償化します")
        self.client.force_login(self.alice)
        r = self.post()
        self.assertContains(r, "似たタイトルの公約・政策がすでに登録されています。")
        self.assertContains(r, f'href="/pledges/{existing.pk}/"')
        self.assertContains(r, 'name="confirm_not_duplicate"')
        self.assertEqual(Pledge.objects.count(), 2)
        r = self.post(confirm_not_duplicate="on")
        self.assertEqual(r.status_code, 302)
        self.assertEqual(Pledge.objects.count(), 3)

    def test_it_finds_similar_titles_across_spelling_variants(self) -> None:
        make_pledge(politician=self.politician, title="ＩＣＴ教育を推進")
        self.client.force_login(self.alice)
        r = self.post(title="ict教育を推進します")
        self.assertContains(r, "ＩＣＴ教育を推進")

    def test_it_does_not_reveal_pending_pledges_as_similar(self) -> None:
        make_pledge(
            politician=self.politician,
            title="学校給食費を無償化します",
            review_status=ReviewStatus.PENDING,
        )
        self.client.force_login(self.bob)
        r = self.post()
        self.assertEqual(r.status_code, 302)

    def test_it_ignores_dissimilar_titles(self) -> None:
        make_pledge(politician=self.politician, title="市役所の窓口を土日も開けます")
        self.client.force_login(self.alice)
        self.assertEqual(self.post().status_code, 302)

    def test_it_needs_csrf(self) -> None:
        self.client.force_login(self.alice)
        self.client.handler.enforce_csrf_checks = True
        self.assertEqual(self.post().status_code, 403)
        self.assertFalse(Pledge.objects.exists())
