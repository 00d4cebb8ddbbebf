"""Pages as a person sees them: headless Chromium at phone and desktop widths.

Screenshots land in output/screenshots/ for a human to look at.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles.testing import StaticLiveServerTestCase

from tsushinbo.politicians.models import OfficeKind
from tsushinbo.testing import make_party, make_pledge, make_politician

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(settings.BASE_DIR) / "output" / "screenshots"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (/usr/bin/chromium)"),
]


class BrowserTestCase(StaticLiveServerTestCase):
    browser: Any
    playwright: Any

    @classmethod
    def setUpClass(cls) -> None:
        # Playwright's sync API runs an event loop in this thread; Django's ORM
        # refuses to run beside one unless told it is safe (it is: one thread).
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        super().setUpClass()
        from playwright.sync_api import sync_playwright

        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.browser.close()
        cls.playwright.stop()
        super().tearDownClass()

    def open_page(self, viewport: str) -> Any:
        context = self.browser.new_context(viewport=VIEWPORTS[viewport], locale="ja-JP")
        self.addCleanup(context.close)
        return context.new_page()

    def assert_fits_width(self, page: Any) -> None:
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        self.assertLessEqual(overflow, 0, f"{page.url} scrolls sideways by {overflow}px")


class PagesInBrowserTests(BrowserTestCase):
    def setUp(self) -> None:
        self.party = make_party(name="さくら市民党", slug="sakura", colour="#c2185b")
        self.mayor = make_politician(
            family_name="渡辺",
            given_name="花子",
            family_name_kana="わたなべ",
            given_name_kana="はなこ",
            office=OfficeKind.MAYOR,
            prefecture=47,
            municipality="名護市",
            party=self.party,
            bio="<script>window.__xss = 1</script>市議会議員を2期務めた。",
        )
        self.pledge = make_pledge(
            politician=self.mayor,
            title="市内の小中学校の給食費を無償化する",
            # A long unbroken URL must wrap, not widen the page on a phone.
            source_url="https://example.com/demo/politicians/1/pledges/1/" + "x" * 80,
            body="子育て世帯の負担を減らすため、給食費を段階的に無償化します。",
        )

    def test_it_renders_key_pages_at_phone_and_desktop_widths(self) -> None:
        paths = {
            "home": "/",
            "politicians": "/politicians/",
            "politician": f"/politicians/{self.mayor.pk}/",
            "pledge": f"/pledges/{self.pledge.pk}/",
            "parties": "/parties/",
            "party": "/parties/sakura/",
            "about": "/about/",
        }
        for viewport in VIEWPORTS:
            page = self.open_page(viewport)
            for name, path in paths.items():
                with self.subTest(viewport=viewport, path=path):
                    response = page.goto(self.live_server_url + path)
                    self.assertEqual(response.status, 200)
                    self.assertTrue(page.locator("h1").first.is_visible())
                    self.assertEqual(page.locator("html").get_attribute("lang"), "ja")
                    self.assert_fits_width(page)
                    page.screenshot(
                        path=str(SCREENSHOTS / f"{name}-{viewport}.png"), full_page=True
                    )

    def test_it_shows_the_mayor_headline_and_escapes_the_bio(self) -> None:
        page = self.open_page("phone")
        page.goto(f"{self.live_server_url}/politicians/{self.mayor.pk}/")
        self.assertIn("名護市 市長 渡辺花子", page.locator("h1").inner_text())
        self.assertIn("<script>window.__xss = 1</script>", page.locator("main").inner_text())
        self.assertIsNone(page.evaluate("window.__xss"))

    def test_it_filters_the_directory_with_the_form(self) -> None:
        make_politician(family_name="佐藤", family_name_kana="さとう", prefecture=1)
        page = self.open_page("phone")
        page.goto(f"{self.live_server_url}/politicians/")
        page.get_by_label("都道府県").select_option("47")
        page.locator(
            "form.filters button[type=submit], form.filters input[type=submit]"
        ).first.click()
        page.wait_for_load_state()
        self.assertIn("prefecture=47", page.url)
        self.assertIn("渡辺", page.locator("main").inner_text())
        self.assertNotIn("佐藤", page.locator("main").inner_text())

    def test_it_links_the_pledge_source_safely(self) -> None:
        page = self.open_page("desktop")
        page.goto(f"{self.live_server_url}/pledges/{self.pledge.pk}/")
        link = page.locator(f'a[href="{self.pledge.source_url}"]').first
        self.assertEqual(link.get_attribute("rel"), "nofollow ugc noopener")
