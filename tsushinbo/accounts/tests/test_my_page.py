from __future__ import annotations

from tsushinbo.accounts.models import DigestFrequency, User
from tsushinbo.accounts.tests.base import AccountsTestCase
from tsushinbo.pledges.models import Pledge
from tsushinbo.politicians.models import Politician
from tsushinbo.testing import make_pledge


def bulk_pledges(user: User, politician: Politician, n: int) -> None:
    Pledge.objects.bulk_create(
        Pledge(
            politician=politician,
            title=f"一括公約{i}",
            source_url="https://example.com/",
            created_by=user,
        )
        for i in range(n)
    )


class MyPageTestCase(AccountsTestCase):
    def test_it_requires_login(self) -> None:
        self.assertRedirects(self.client.get("/me/"), "/accounts/login/?next=/me/")
        self.assertRedirects(
            self.client.get("/me/settings/"), "/accounts/login/?next=/me/settings/"
        )

    def test_it_shows_only_what_exists(self) -> None:
        self.client.force_login(self.alice)
        page = self.client.get("/me/")
        self.assertContains(page, "マイページ")
        self.assertContains(page, "まだ誰もフォローしていません。")
        self.assertContains(page, "まだ公約を登録していません。")
        self.assertContains(page, "本人確認の申請")

    def test_it_lists_my_pledges(self) -> None:
        make_pledge(politician=self.politician, created_by=self.alice, title="給食費を無償化")
        make_pledge(politician=self.politician, created_by=self.bob, title="ボブの公約")
        self.client.force_login(self.alice)
        page = self.client.get("/me/")
        self.assertContains(page, "登録した公約（1件）")
        self.assertContains(page, "給食費を無償化")
        self.assertNotContains(page, "ボブの公約")

    def test_it_saves_settings(self) -> None:
        self.client.force_login(self.alice)
        page = self.client.get("/me/settings/")
        self.assertContains(page, "フォロー中の政治家のお知らせメール")
        self.assertContains(page, 'href="/accounts/delete/"')
        response = self.client.post(
            "/me/settings/", {"display_name": " アリス２ ", "digest_frequency": "weekly"}
        )
        self.assertRedirects(response, "/me/settings/")
        alice = User.objects.get(pk=self.alice.pk)
        self.assertEqual(
            (alice.display_name, alice.digest_frequency), ("アリス２", DigestFrequency.WEEKLY)
        )

    def test_it_rejects_bad_settings(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.post(
            "/me/settings/", {"display_name": "", "digest_frequency": "hourly"}
        )
        self.assertContains(response, "このフィールドは必須です。")
        self.assertContains(response, "正しく選択してください。")


class ProfileTestCase(AccountsTestCase):
    def test_it_shows_public_contributions(self) -> None:
        make_pledge(politician=self.politician, created_by=self.alice, title="給食費を無償化")
        page = self.client.get(f"/users/{self.alice.pk}/")
        self.assertContains(page, "アリス")
        self.assertContains(page, "給食費を無償化")
        self.assertNotContains(page, "alice@example.org")
        self.assertNotContains(page, "利用停止にする")

    def test_it_returns_404_for_unknown_ids(self) -> None:
        self.assertEqual(self.client.get("/users/999999/").status_code, 404)

    def test_it_marks_a_politician_account(self) -> None:
        page = self.client.get(f"/users/{self.frank.pk}/")
        self.assertContains(page, ">本人</span>")
        self.assertContains(page, "本田一郎")

    def test_it_pages_in_constant_queries(self) -> None:
        bulk_pledges(self.alice, self.politician, 3)
        with self.assertNumQueries(4):
            self.assertContains(self.client.get(f"/users/{self.alice.pk}/"), "一括公約2")
        bulk_pledges(self.alice, self.politician, 297)
        with self.assertNumQueries(4):
            page = self.client.get(f"/users/{self.alice.pk}/?page=2")
        self.assertContains(page, "登録した公約（300件）")
        self.assertEqual(self.client.get(f"/users/{self.alice.pk}/?page=x").status_code, 200)
