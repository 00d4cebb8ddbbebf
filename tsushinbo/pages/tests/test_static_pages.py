from __future__ import annotations

from tsushinbo.testing import BaseTestCase


class StaticPagesTestCase(BaseTestCase):
    def test_it_describes_the_site(self) -> None:
        r = self.client.get("/about/")
        self.assertContains(r, "<h1", status_code=200)
        self.assertContains(r, "このサイトについて")
        self.assertContains(r, "出典")
        self.assertContains(r, "利用者が書き込んだもの")
        self.assertContains(r, "公式の情報源でご確認ください")

    def test_it_states_the_terms(self) -> None:
        r = self.client.get("/terms/")
        self.assertContains(r, "利用規約", status_code=200)
        self.assertContains(r, "24時間以内")
        for reason in ["誹謗中傷", "公序良俗違反", "個人情報", "スパム・宣伝", "話題と無関係"]:
            self.assertContains(r, reason)
        self.assertContains(r, "免責事項")

    def test_it_explains_what_is_stored_about_voters(self) -> None:
        r = self.client.get("/privacy/")
        self.assertContains(r, "プライバシーポリシー", status_code=200)
        self.assertContains(r, "IPアドレスをそのまま保存しません")
        self.assertContains(r, "ハッシュ値")
        self.assertContains(r, "保存期間")

    def test_it_sets_page_titles(self) -> None:
        for url, title in [
            ("/about/", "このサイトについて"),
            ("/terms/", "利用規約"),
            ("/privacy/", "プライバシーポリシー"),
            ("/guide/evaluation/", "評価の仕組み"),
        ]:
            r = self.client.get(url)
            self.assertContains(r, f"<title>{title} | 通信簿</title>")

    def test_it_links_the_pages_from_every_footer(self) -> None:
        r = self.client.get("/")
        for url in ["/about/", "/terms/", "/privacy/", "/guide/evaluation/", "/news/"]:
            self.assertContains(r, f'href="{url}"')
