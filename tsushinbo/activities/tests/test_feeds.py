from __future__ import annotations

import xml.etree.ElementTree as ET

from tsushinbo.activities.tests.base import ActivityTestCase, make_report
from tsushinbo.moderation.models import ReviewStatus
from tsushinbo.testing import make_pledge

ATOM = "{http://www.w3.org/2005/Atom}"
# Site-wide: the reports with their politicians. Per politician or pledge: the object first.
FEED_QUERIES = 1
OBJECT_FEED_QUERIES = 2


def assert_valid_atom(test: ActivityTestCase, content: bytes) -> ET.Element:
    """RFC 4287's required elements: feed id/title/updated/author; entry id/title/updated/link."""
    root = ET.fromstring(content)
    test.assertEqual(root.tag, f"{ATOM}feed")
    for name in ("id", "title", "updated", "author"):
        test.assertIsNotNone(root.find(f"{ATOM}{name}"), name)
    test.assertIsNotNone(root.find(f"{ATOM}link[@rel='self']"))
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated", "link"):
            test.assertIsNotNone(entry.find(f"{ATOM}{name}"), name)
    return root


def titles(root: ET.Element) -> list[str]:
    return [entry.findtext(f"{ATOM}title") or "" for entry in root.findall(f"{ATOM}entry")]


class FeedTestCase(ActivityTestCase):
    def test_the_site_wide_feed_is_valid_atom_of_public_reports(self) -> None:
        make_report(self.politician, title="公開の報告", body="本文<b>太字</b>")
        make_report(self.politician, title="確認待ちの報告", status=ReviewStatus.PENDING)
        make_report(self.politician, title="非表示の報告", is_hidden=True)
        r = self.client.get("/feeds/activities/")
        self.assertEqual(r["Content-Type"], "application/atom+xml; charset=utf-8")
        root = assert_valid_atom(self, r.content)
        self.assertEqual(titles(root), ["山田太郎：公開の報告"])
        self.assertNotIn(b"<b>", r.content)

    def test_per_politician_and_per_pledge_feeds(self) -> None:
        pledge = make_pledge(politician=self.politician)
        make_report(self.politician, title="公約の活動", pledges=[pledge])
        make_report(self.politician, title="別の活動")
        make_report(
            self.politician,
            title="確認待ちの公約の活動",
            pledges=[pledge],
            status=ReviewStatus.PENDING,
        )
        root = assert_valid_atom(
            self, self.client.get(f"/feeds/politicians/{self.politician.pk}/activities/").content
        )
        self.assertEqual(sorted(titles(root)), ["山田太郎：公約の活動", "山田太郎：別の活動"])
        root = assert_valid_atom(
            self, self.client.get(f"/feeds/pledges/{pledge.pk}/activities/").content
        )
        self.assertEqual(titles(root), ["山田太郎：公約の活動"])
        self.assertEqual(self.client.get("/feeds/pledges/999999/activities/").status_code, 404)

    def test_feeds_run_the_same_queries_for_3_and_300_reports(self) -> None:
        pledge = make_pledge(politician=self.politician)
        for _n in (3, 300):
            for _ in range(3):
                make_report(self.politician, pledges=[pledge])
            with self.assertNumQueries(FEED_QUERIES):
                self.client.get("/feeds/activities/")
            with self.assertNumQueries(OBJECT_FEED_QUERIES):
                self.client.get(f"/feeds/politicians/{self.politician.pk}/activities/")
            with self.assertNumQueries(OBJECT_FEED_QUERIES):
                self.client.get(f"/feeds/pledges/{pledge.pk}/activities/")
