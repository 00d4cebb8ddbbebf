from __future__ import annotations

from django.test import override_settings
from django.utils import timezone

from tsushinbo.activities.models import ActivityReport
from tsushinbo.moderation.models import ReviewStatus
from tsushinbo.pledges.models import ReviewStatus as PledgeReview
from tsushinbo.testing import BaseTestCase, make_party, make_pledge, make_politician


class SitemapTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.politician = make_politician()
        self.party = make_party(slug="mirai")
        self.visible = make_pledge(politician=self.politician)
        self.pending = make_pledge(politician=self.politician, review_status=PledgeReview.PENDING)
        self.rejected = make_pledge(politician=self.politician, review_status=PledgeReview.REJECTED)
        self.public_report = ActivityReport.objects.create(
            politician=self.politician, title="街頭演説", date=timezone.localdate(), body="本文",
            status=ReviewStatus.APPROVED, published_at=timezone.now(),
        )  # fmt: skip
        self.pending_report = ActivityReport.objects.create(
            politician=self.politician, title="確認待ち", date=timezone.localdate(), body="本文"
        )

    def test_it_serves_a_sitemap_index(self) -> None:
        r = self.client.get("/sitemap.xml")
        self.assertEqual(r.status_code, 200)
        body = r.content.decode()
        self.assertIn("<sitemapindex", body)
        for section in (
            "pages",
            "politicians",
            "parties",
            "pledges",
            "activities",
            "elections",
            "surveys",
        ):
            self.assertIn(f"http://testserver/sitemap-{section}.xml", body)
        self.assertIn("<lastmod>", body)

    def test_it_lists_only_visible_pledges_and_reports(self) -> None:
        body = self.client.get("/sitemap-pledges.xml").content.decode()
        self.assertIn(f"http://testserver/pledges/{self.visible.pk}/", body)
        self.assertNotIn(f"/pledges/{self.pending.pk}/", body)
        self.assertNotIn(f"/pledges/{self.rejected.pk}/", body)
        self.assertIn("<lastmod>", body)
        body = self.client.get("/sitemap-activities.xml").content.decode()
        self.assertIn(f"/activities/{self.public_report.pk}/", body)
        self.assertNotIn(f"/activities/{self.pending_report.pk}/", body)

    def test_it_lists_politicians_and_parties(self) -> None:
        body = self.client.get("/sitemap-politicians.xml").content.decode()
        self.assertIn(f"http://testserver/politicians/{self.politician.pk}/", body)
        body = self.client.get("/sitemap-parties.xml").content.decode()
        self.assertIn("http://testserver/parties/mirai/", body)
        body = self.client.get("/sitemap-pages.xml").content.decode()
        self.assertIn("http://testserver/about/data/", body)

    def test_it_paginates_sections(self) -> None:
        from tsushinbo.opendata.sitemaps import PledgeSitemap

        second = make_pledge(politician=self.politician)
        PledgeSitemap.limit = 1
        try:
            index = self.client.get("/sitemap.xml").content.decode()
            self.assertIn("http://testserver/sitemap-pledges.xml?p=2", index)
            first = self.client.get("/sitemap-pledges.xml?p=1").content.decode()
            self.assertIn(f"/pledges/{self.visible.pk}/", first)
            self.assertNotIn(f"/pledges/{second.pk}/", first)
            page_two = self.client.get("/sitemap-pledges.xml?p=2").content.decode()
            self.assertIn(f"/pledges/{second.pk}/", page_two)
            self.assertEqual(self.client.get("/sitemap-pledges.xml?p=3").status_code, 404)
        finally:
            PledgeSitemap.limit = 10_000

    def test_it_uses_constant_queries_per_section(self) -> None:
        self.client.get("/sitemap-politicians.xml")
        with self.assertNumQueries(2):
            self.client.get("/sitemap-politicians.xml")
        for _ in range(30):
            make_pledge(politician=self.politician)
            make_politician()
        with self.assertNumQueries(2):
            self.client.get("/sitemap-politicians.xml")
        with self.assertNumQueries(2):
            self.client.get("/sitemap-pledges.xml")

    def test_it_uses_constant_queries_for_the_index(self) -> None:
        self.client.get("/sitemap.xml")
        with self.assertNumQueries(12):
            self.client.get("/sitemap.xml")
        for _ in range(30):
            make_pledge(politician=self.politician)
        with self.assertNumQueries(12):
            self.client.get("/sitemap.xml")


class RobotsTestCase(BaseTestCase):
    def test_it_serves_robots_txt(self) -> None:
        r = self.client.get("/robots.txt")
        self.assertEqual(r["Content-Type"], "text/plain; charset=utf-8")
        body = r.content.decode()
        self.assertIn("User-agent: *\nAllow: /\n", body)
        for path in ("/admin/", "/accounts/", "/moderation/", "/me/"):
            self.assertIn(f"Disallow: {path}\n", body)
        self.assertIn("Sitemap: http://testserver/sitemap.xml", body)

    @override_settings(SITE_URL="https://tsushinbo.example")
    def test_it_points_to_the_sitemap_on_site_url(self) -> None:
        body = self.client.get("/robots.txt").content.decode()
        self.assertIn("Sitemap: https://tsushinbo.example/sitemap.xml", body)
