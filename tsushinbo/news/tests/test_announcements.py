from __future__ import annotations

import datetime
from unittest import mock

from tsushinbo.news.actions import save_announcement
from tsushinbo.news.models import Announcement, AnnouncementCategory
from tsushinbo.news.tests.base import bulk_announcements, days_from_now, make_announcement
from tsushinbo.testing import BaseTestCase

# The page's count and its rows (the 新着記事 box is warm; the demo banner is one more).
LIST_QUERIES = 3
DETAIL_QUERIES = 2


class AnnouncementPagesTestCase(BaseTestCase):
    def test_it_lists_published_announcements_newest_first(self) -> None:
        make_announcement(title="古いお知らせ", published_at=days_from_now(-10))
        make_announcement(title="新しいお知らせ", published_at=days_from_now(-1))
        r = self.client.get("/news/")
        self.assertContains(r, "<h1>お知らせ</h1>", status_code=200)
        content = r.content.decode()
        self.assertLess(content.index("新しいお知らせ"), content.index("古いお知らせ"))

    def test_it_puts_pinned_announcements_first(self) -> None:
        make_announcement(title="固定の案内", pinned=True, published_at=days_from_now(-30))
        make_announcement(title="今日の案内", published_at=days_from_now(-0.1))
        r = self.client.get("/news/")
        content = r.content.decode()
        self.assertLess(content.index("固定の案内"), content.index("今日の案内"))
        self.assertContains(r, '<span class="badge badge-pinned">固定</span>', html=True)

    def test_it_hides_drafts_and_scheduled_announcements(self) -> None:
        make_announcement(title="下書きのお知らせ", slug="draft", published_at=None)
        make_announcement(title="予約のお知らせ", slug="scheduled", published_at=days_from_now(3))
        r = self.client.get("/news/")
        self.assertNotContains(r, "下書きのお知らせ")
        self.assertNotContains(r, "予約のお知らせ")
        self.assertContains(r, "お知らせはまだありません。")
        self.assertEqual(self.client.get("/news/draft/").status_code, 404)
        self.assertEqual(self.client.get("/news/scheduled/").status_code, 404)

    def test_it_shows_a_future_dated_announcement_once_its_date_has_come(self) -> None:
        publish_at = days_from_now(2)
        announcement = Announcement(
            title="新しいルールのお知らせ",
            slug="new-rules",
            body="来週から**コメントのルール**が変わります。",
            category=AnnouncementCategory.RULE,
            published_at=publish_at,
        )
        with self.captureOnCommitCallbacks(execute=True):
            save_announcement(actor=self.charlie, announcement=announcement)

        for url in ["/news/", "/feeds/news/", "/about/"]:
            self.assertNotContains(self.client.get(url), "新しいルールのお知らせ")
        self.assertEqual(self.client.get("/news/new-rules/").status_code, 404)

        later = publish_at + datetime.timedelta(minutes=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            self.assertContains(self.client.get("/news/"), "新しいルールのお知らせ")
            self.assertContains(self.client.get("/feeds/news/"), "新しいルールのお知らせ")
            page = self.client.get("/about/")
            self.assertContains(page, "新着記事")
            self.assertContains(page, '<a href="/news/new-rules/">新しいルールのお知らせ</a>')
            detail = self.client.get("/news/new-rules/")
        self.assertContains(detail, "<strong>コメントのルール</strong>")
        self.assertContains(detail, "ルール")

    def test_it_shows_one_announcement(self) -> None:
        make_announcement(
            title="評価の仕組みを公開しました",
            slug="evaluation-guide",
            body="## 何が変わるか\n\n[評価の仕組み](/guide/evaluation/)をご覧ください。",
            category=AnnouncementCategory.FEATURE,
        )
        r = self.client.get("/news/evaluation-guide/")
        self.assertContains(r, '<h1 id="announcement-heading">評価の仕組みを公開しました</h1>')
        self.assertContains(r, "<h2>何が変わるか</h2>", html=True)
        self.assertContains(
            r, '<a href="/guide/evaluation/" rel="nofollow noopener">評価の仕組み</a>'
        )
        self.assertContains(r, "<title>評価の仕組みを公開しました | 通信簿</title>")
        self.assertContains(r, '<meta property="og:type" content="article">')
        self.assertContains(
            r, '<meta name="description" content="何が変わるか 評価の仕組みをご覧ください。">'
        )
        self.assertContains(r, "機能")

    def test_it_filters_by_category(self) -> None:
        make_announcement(title="ルールの変更", category=AnnouncementCategory.RULE)
        make_announcement(title="新機能の追加", category=AnnouncementCategory.FEATURE)
        r = self.client.get("/news/?category=rule")
        self.assertContains(r, "ルールの変更")
        self.assertNotContains(r, "新機能の追加")
        self.assertContains(r, "<title>お知らせ（ルール） | 通信簿</title>")

    def test_it_explains_an_unknown_category(self) -> None:
        make_announcement(title="ルールの変更", category=AnnouncementCategory.RULE)
        r = self.client.get("/news/?category=<script>")
        self.assertContains(r, "カテゴリーの指定が正しくありません。", status_code=200)
        self.assertContains(r, "ルールの変更")
        self.assertNotContains(r, "<script>")

    def test_it_paginates(self) -> None:
        bulk_announcements(25)
        first = self.client.get("/news/")
        self.assertContains(first, "1 / 2 ページ")
        self.assertContains(first, "一括のお知らせ")
        self.assertContains(first, 'rel="next" href="?page=2"')
        second = self.client.get("/news/?page=2")
        self.assertContains(second, "2 / 2 ページ")
        self.assertContains(second, "<title>お知らせ（2ページ目） | 通信簿</title>")
        self.assertEqual(first.content.count(b'class="announcement-title"'), 20)
        self.assertEqual(second.content.count(b'class="announcement-title"'), 5)
        self.assertContains(self.client.get("/news/?page=9"), "指定されたページはありません。")
        self.assertContains(self.client.get("/news/?page=x"), "ページの指定が正しくありません。")

    def test_it_keeps_the_category_across_pages(self) -> None:
        bulk_announcements(25, category=AnnouncementCategory.RULE)
        r = self.client.get("/news/?category=rule")
        self.assertContains(r, 'href="?category=rule&amp;page=2"')

    def test_it_runs_the_same_queries_for_3_and_300_rows(self) -> None:
        bulk_announcements(3)
        with self.assertNumQueries(LIST_QUERIES):
            self.client.get("/news/")
        bulk_announcements(297)
        with self.assertNumQueries(LIST_QUERIES):
            r = self.client.get("/news/")
        self.assertContains(r, "1 / 15 ページ")

    def test_it_shows_one_announcement_in_a_fixed_number_of_queries(self) -> None:
        make_announcement(slug="one")
        with self.assertNumQueries(DETAIL_QUERIES):
            self.client.get("/news/one/")

    def test_it_links_the_news_from_every_page(self) -> None:
        r = self.client.get("/politicians/")
        self.assertContains(r, '<a href="/news/">お知らせ</a>', html=True)
        self.assertContains(r, 'href="/guide/evaluation/"')
