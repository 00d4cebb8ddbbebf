"""The search page in headless Chromium, at phone and desktop widths."""

from __future__ import annotations

from tsushinbo.pages.tests.test_browser import (
    SCREENSHOTS,
    VIEWPORTS,
    BrowserTestCase,
    pytestmark,  # noqa: F401 - marks this module's tests as browser tests
)
from tsushinbo.search.tests.base import indexed_pledge, indexed_politician, indexed_report


class SearchInBrowserTests(BrowserTestCase):
    def setUp(self) -> None:
        politician = indexed_politician(
            family_name="防衛",
            given_name="花子",
            family_name_kana="ぼうえい",
            given_name_kana="はなこ",
        )
        for n in range(3):
            indexed_pledge(
                politician=politician,
                title=f"防衛費の見直しと財源の明示その{n}",
                body="<script>window.__xss = 1</script>防衛費の増額分は、"
                + "歳出の見直しで賄います。" * 8,
            )
        indexed_report(
            politician, title="防衛委員会で質問しました", body="防衛装備品の調達について質問。"
        )

    def test_it_searches_from_the_header_and_fits_a_phone(self) -> None:
        for viewport in VIEWPORTS:
            page = self.open_page(viewport)
            page.goto(self.live_server_url + "/politicians/")
            page.locator("#header-q").fill("ボウエイ")
            page.locator("#header-q").press("Enter")
            page.wait_for_load_state()
            self.assertIn("/search/?q=", page.url)
            self.assertIn("防衛花子", page.locator("main").inner_text())
            page.goto(self.live_server_url + "/search/?q=防衛")
            self.assertEqual(page.locator("mark").first.inner_text(), "防衛")
            self.assertIsNone(page.evaluate("window.__xss"))
            self.assert_fits_width(page)
            page.screenshot(path=str(SCREENSHOTS / f"search-{viewport}.png"), full_page=True)
