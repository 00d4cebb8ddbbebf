from __future__ import annotations

import xml.etree.ElementTree as ET

from tsushinbo.news.tests.base import bulk_announcements, days_from_now, make_announcement
from tsushinbo.testing import BaseTestCase

ATOM = "{http://www.w3.org/2005/Atom}"
FEED_QUERIES = 1


class AnnouncementFeedTestCase(BaseTestCase):
    def test_it_is_a_valid_atom_feed_of_published_announcements(self) -> None:
        make_announcement(
            title="新しい機能", slug="new-feature", body="**太字**と[リンク](https://example.com/)"
        )
        make_announcement(title="予約中", published_at=days_from_now(1))
        make_announcement(title="下書き", published_at=None)
        r = self.client.get("/feeds/news/")
        self.assertEqual(r.status_code, 200)
        self.assertTrue(r["Content-Type"].startswith("application/atom+xml"))
        root = ET.fromstring(r.content)
        self.assertEqual(root.tag, f"{ATOM}feed")
        self.assertEqual(root.findtext(f"{ATOM}title"), "通信簿 お知らせ")
        self.assertIsNotNone(root.find(f"{ATOM}updated"))
        self.assertIsNotNone(root.find(f"{ATOM}id"))
        self.assertEqual(root.findtext(f"{ATOM}author/{ATOM}name"), "通信簿")
        entries = root.findall(f"{ATOM}entry")
        self.assertEqual([e.findtext(f"{ATOM}title") for e in entries], ["新しい機能"])
        entry = entries[0]
        link = entry.find(f"{ATOM}link")
        assert link is not None
        self.assertEqual(link.get("href"), "http://testserver/news/new-feature/")
        self.assertIsNotNone(entry.find(f"{ATOM}published"))
        self.assertIsNotNone(entry.find(f"{ATOM}updated"))
        self.assertIsNotNone(entry.find(f"{ATOM}id"))
        summary = entry.find(f"{ATOM}summary")
        assert summary is not None
        self.assertEqual(summary.get("type"), "html")
        self.assertIn("<strong>太字</strong>", summary.text or "")
        category = entry.find(f"{ATOM}category")
        assert category is not None
        self.assertEqual(category.get("term"), "お知らせ")

    def test_it_is_linked_from_the_news_page(self) -> None:
        r = self.client.get("/news/")
        self.assertContains(r, 'type="application/atom+xml"')
        self.assertContains(r, 'href="/feeds/news/"')

    def test_it_runs_the_same_queries_for_3_and_300_rows(self) -> None:
        bulk_announcements(3)
        with self.assertNumQueries(FEED_QUERIES):
            self.client.get("/feeds/news/")
        bulk_announcements(297)
        with self.assertNumQueries(FEED_QUERIES):
            r = self.client.get("/feeds/news/")
        self.assertEqual(len(ET.fromstring(r.content).findall(f"{ATOM}entry")), 20)
