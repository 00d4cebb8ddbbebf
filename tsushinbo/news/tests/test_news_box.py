from __future__ import annotations

import datetime
from unittest import mock

from django.core.cache import cache

from tsushinbo.news.actions import delete_announcement, save_announcement
from tsushinbo.news.models import Announcement
from tsushinbo.news.queries import BOX_SIZE, news_box_entries
from tsushinbo.news.tests.base import bulk_announcements, days_from_now, make_announcement
from tsushinbo.testing import BaseTestCase

# A cold box reads each source once: announcements, and (issue 6) activity reports.
COLD_QUERIES = 2


class NewsBoxTestCase(BaseTestCase):
    def test_it_shows_the_newest_announcements_on_every_page(self) -> None:
        make_announcement(title="一番新しい", slug="newest", published_at=days_from_now(-0.5))
        make_announcement(title="少し前", published_at=days_from_now(-3))
        cache.clear()
        r = self.client.get("/politicians/")
        self.assertContains(r, '<h2 id="news-box-heading">新着記事</h2>', html=True)
        self.assertContains(r, '<a href="/news/newest/">一番新しい</a>', html=True)
        content = r.content.decode()
        self.assertLess(content.index("一番新しい"), content.index("少し前"))
        self.assertContains(r, '<span class="badge">お知らせ</span>', html=True)

    def test_it_is_left_out_while_there_is_nothing_to_show(self) -> None:
        make_announcement(title="下書き", published_at=None)
        cache.clear()
        self.assertNotContains(self.client.get("/about/"), "新着記事")

    def test_it_shows_the_five_newest(self) -> None:
        bulk_announcements(BOX_SIZE + 2)
        cache.clear()
        entries = news_box_entries()
        self.assertEqual(len(entries), BOX_SIZE)
        self.assertEqual(entries[0].title, Announcement.objects.newest_first()[0].title)
        self.assertEqual([e.date for e in entries], sorted((e.date for e in entries), reverse=True))

    def test_it_costs_one_query_per_source_cold_and_none_warm_for_3_and_300_rows(self) -> None:
        for n, shown in [(3, 3), (297, BOX_SIZE)]:
            bulk_announcements(n)
            make_announcement(published_at=days_from_now(5))  # scheduled rows are read too
            cache.clear()
            with self.assertNumQueries(COLD_QUERIES):
                news_box_entries()
            with self.assertNumQueries(0):
                self.assertEqual(len(news_box_entries()), shown)

    def test_it_follows_a_saved_announcement_at_once(self) -> None:
        self.assertEqual(news_box_entries(), [])
        with self.captureOnCommitCallbacks(execute=True):
            save_announcement(
                actor=self.charlie,
                announcement=Announcement(
                    title="保存したお知らせ",
                    slug="saved",
                    body="本文",
                    published_at=days_from_now(-1),
                ),
            )
        self.assertEqual([e.title for e in news_box_entries()], ["保存したお知らせ"])
        announcement = Announcement.objects.get(slug="saved")
        with self.captureOnCommitCallbacks(execute=True):
            delete_announcement(actor=self.charlie, announcement=announcement)
        self.assertEqual(news_box_entries(), [])

    def test_it_shows_a_scheduled_announcement_when_its_time_comes_without_a_write(self) -> None:
        publish_at = days_from_now(1)
        make_announcement(title="予約", slug="scheduled", published_at=publish_at)
        make_announcement(title="公開済み", published_at=days_from_now(-1))
        cache.clear()
        self.assertEqual([e.title for e in news_box_entries()], ["公開済み"])
        with mock.patch("django.utils.timezone.now", return_value=publish_at):
            with self.assertNumQueries(COLD_QUERIES):
                titles = [e.title for e in news_box_entries()]
            self.assertEqual(titles, ["予約", "公開済み"])

    def test_it_finds_the_next_publication_even_when_nothing_is_published_yet(self) -> None:
        publish_at = days_from_now(1)
        make_announcement(title="最初のお知らせ", published_at=publish_at)
        cache.clear()
        self.assertEqual(news_box_entries(), [])
        later = publish_at + datetime.timedelta(seconds=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            self.assertEqual([e.title for e in news_box_entries()], ["最初のお知らせ"])
