from __future__ import annotations

from typing import Any

from tsushinbo.audit.models import AuditEntry
from tsushinbo.news.actions import restore_site_page_revision, save_site_page
from tsushinbo.news.models import SitePage, SitePageRevision
from tsushinbo.testing import BaseTestCase

PAGE_QUERIES = 2  # the page, the demo banner


class SitePagesTestCase(BaseTestCase):
    def test_it_seeds_the_four_pages_with_a_first_version(self) -> None:
        self.assertEqual(
            set(SitePage.objects.values_list("key", flat=True)),
            {"about", "terms", "privacy", "evaluation-guide"},
        )
        for page in SitePage.objects.all():
            self.assertEqual(list(page.revisions.values_list("number", flat=True)), [1])

    def test_it_explains_the_evaluation(self) -> None:
        r = self.client.get("/guide/evaluation/")
        self.assertContains(r, "<title>評価の仕組み | 通信簿</title>", status_code=200)
        for text in [
            "明確さ", "現実性", "誠実さ", "その他", "明確・的確", "非現実的", "不誠実",
            "総合 = 100 × GOOD ÷（GOOD + BAD）", "「89 / 100」", "偏差値</strong> = 50 + 10 ×",
            "評価数不足", "5票に満たない", "ウィルソンの方法", "信頼区間の下限",
            "未評価", "未着手", "進行中", "停滞", "一部実現", "実現", "断念・撤回", "検証不能",
        ]:  # fmt: skip
            self.assertContains(r, text)
        self.assertContains(r, "<table>")

    def test_it_follows_the_minimum_votes_setting(self) -> None:
        with self.settings(N_MIN=10):
            self.assertContains(self.client.get("/guide/evaluation/"), "10票に満たない")

    def test_it_fills_in_the_site_name(self) -> None:
        with self.settings(SITE_NAME="みんなの通信簿"):
            r = self.client.get("/about/")
        self.assertContains(r, "みんなの通信簿（つうしんぼ）は")
        self.assertContains(r, 'content="みんなの通信簿は、政治家の公約・政策')
        self.assertNotContains(r, "SITE_NAME")

    def test_it_shows_each_page_in_a_fixed_number_of_queries(self) -> None:
        for url in ["/about/", "/terms/", "/privacy/", "/guide/evaluation/"]:
            with self.assertNumQueries(PAGE_QUERIES):
                r = self.client.get(url)
            self.assertContains(r, "最終更新")

    def test_it_falls_back_to_the_default_text_when_a_page_is_missing(self) -> None:
        SitePage.objects.filter(key="privacy").delete()
        r = self.client.get("/privacy/")
        self.assertContains(r, "IPアドレスをそのまま保存しません", status_code=200)
        self.assertNotContains(r, "最終更新")

    def test_it_saves_only_changes_and_refuses_members(self) -> None:
        page = SitePage.objects.get(key="terms")
        self.assertIsNone(save_site_page(actor=self.charlie, page=page))
        self.assertFalse(AuditEntry.objects.exists())
        page.body = "変更"
        with self.assertRaisesMessage(Exception, "use_admin"):
            save_site_page(actor=self.alice, page=page)
        self.assertEqual(page.revisions.count(), 1)


class SitePageAdminTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.charlie.is_superuser = True
        cls.charlie.save()

    def setUp(self) -> None:
        super().setUp()
        self.client.force_login(self.charlie)
        self.terms = SitePage.objects.get(key="terms")
        self.change_url = f"/admin/news/sitepage/{self.terms.pk}/change/"

    def edit(self, **fields: Any) -> None:
        data = {
            "title": self.terms.title,
            "description": self.terms.description,
            "body": self.terms.body,
            "_save": "保存",
        } | fields
        r = self.client.post(self.change_url, data)
        self.assertRedirects(r, "/admin/news/sitepage/")

    def test_it_changes_the_terms_and_keeps_the_previous_version(self) -> None:
        old_body = self.terms.body
        self.edit(body="## 1. 新しい規約\n\nコメントは**12時間以内**に確認します。")
        r = self.client.get("/terms/")
        self.assertContains(r, "<h2>1. 新しい規約</h2>", html=True)
        self.assertContains(r, "<strong>12時間以内</strong>")
        self.assertNotContains(r, "24時間以内")

        first, second = SitePageRevision.objects.filter(page=self.terms).order_by("number")
        self.assertEqual(first.body, old_body)
        self.assertIn("24時間以内", first.body)
        self.assertEqual((second.number, second.created_by), (2, self.charlie))
        entry = AuditEntry.objects.get(action="site_page.edit")
        self.assertEqual(entry.actor, self.charlie)
        self.assertEqual(entry.target_label, "利用規約")
        self.assertEqual(entry.detail["revision"], 2)
        self.assertEqual(entry.detail["previous_revision"], 1)
        self.assertEqual(entry.detail["changed"], ["body"])

    def test_it_lists_the_versions_on_the_change_form(self) -> None:
        self.edit(body="新しい本文")
        r = self.client.get(self.change_url)
        self.assertContains(r, "版の履歴")
        self.assertContains(r, f'href="/admin/news/sitepage/{self.terms.pk}/revisions/1/"')
        self.assertContains(r, "第2版")
        self.assertContains(r, "（初期設定）")
        self.assertNotContains(r, "削除")

    def test_it_shows_an_old_version_and_restores_it(self) -> None:
        self.edit(body="新しい本文")
        url = f"/admin/news/sitepage/{self.terms.pk}/revisions/1/"
        r = self.client.get(url)
        self.assertContains(r, "利用規約：第1版")
        self.assertContains(r, "+新しい本文")  # the diff to the current text
        self.assertContains(r, "24時間以内")  # the old text, rendered
        self.assertContains(r, "この版に戻す")

        r = self.client.post(url)
        self.assertRedirects(r, self.change_url)
        self.assertContains(self.client.get("/terms/"), "24時間以内")
        self.assertEqual(self.terms.revisions.count(), 3)
        latest = self.terms.revisions.get(number=3)
        self.assertEqual(latest.restored_from, self.terms.revisions.get(number=1))
        entry = AuditEntry.objects.get(action="site_page.restore")
        self.assertEqual(entry.detail["restored_from"], 1)
        self.assertEqual(entry.detail["revision"], 3)

    def test_it_does_not_restore_the_current_version_again(self) -> None:
        self.assertIsNone(
            restore_site_page_revision(
                actor=self.charlie, revision=self.terms.revisions.get(number=1)
            )
        )
        r = self.client.get(f"/admin/news/sitepage/{self.terms.pk}/revisions/1/")
        self.assertContains(r, "現在公開中の版です")
        self.assertNotContains(r, "この版に戻す")

    def test_it_keeps_old_versions_from_non_staff(self) -> None:
        url = f"/admin/news/sitepage/{self.terms.pk}/revisions/1/"
        self.client.force_login(self.erin)
        r = self.client.post(url)
        self.assertRedirects(r, f"/admin/login/?next={url}")
        self.assertEqual(self.terms.revisions.count(), 1)
        self.client.force_login(self.charlie)
        self.assertEqual(
            self.client.get(f"/admin/news/sitepage/{self.terms.pk}/revisions/99/").status_code, 404
        )

    def test_it_cannot_add_or_delete_pages(self) -> None:
        self.assertEqual(self.client.get("/admin/news/sitepage/add/").status_code, 403)
        r = self.client.get(f"/admin/news/sitepage/{self.terms.pk}/delete/")
        self.assertEqual(r.status_code, 403)
