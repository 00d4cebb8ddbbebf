"""ランダム評価 and the rankings in headless Chromium at phone width."""

from __future__ import annotations

from django.test import override_settings

from tsushinbo.pages.tests.test_browser import SCREENSHOTS, BrowserTestCase, pytestmark
from tsushinbo.rankings.refresh import refresh_rankings
from tsushinbo.rankings.tests.base import add_votes, settle
from tsushinbo.ratings.models import Vote
from tsushinbo.testing import make_party, make_pledge, make_politician

__all__ = ["pytestmark"]


@override_settings(VOTE_POW=False, RANKING_MIN_VOTES=1)
class RandomInBrowserTests(BrowserTestCase):
    def setUp(self) -> None:
        party = make_party(name="あおば党", slug="aoba", colour="#2e7d32")
        politician = make_politician(family_name="青葉", given_name="健", party=party)
        self.pledges = [
            make_pledge(politician=politician, title=f"駅前に自転車駐輪場を整備する その{i}")
            for i in range(3)
        ]
        add_votes(self.pledges[0], good=12, bad=3, reason="clarity", days_ago=2)
        settle()

    def test_it_votes_and_moves_on_without_leaving_the_page(self) -> None:
        page = self.open_page("phone")
        page.goto(self.live_server_url + "/random/")
        first = page.locator("#random-title").inner_text()
        page.locator(".vote-polarity input[value=good]").check()
        page.locator(".vote-reason input[value=feasibility]").check()
        page.locator(".vote-form button[type=submit]").click()
        page.locator("#evaluation .message-success").wait_for()
        self.assertTrue(page.url.endswith("/random/"))
        self.assertIn("評価を受け付けました", page.locator("#evaluation").inner_text())
        page.screenshot(path=str(SCREENSHOTS / "random-voted-phone.png"), full_page=True)
        page.get_by_role("link", name="次へ").click()
        page.wait_for_function(
            "t => document.querySelector('#random-title')?.innerText !== t", arg=first
        )
        self.assertTrue(page.url.endswith("/random/"))
        self.assertEqual(Vote.objects.filter(user__isnull=True, network_key__gt="").count(), 16)
        self.assert_fits_width(page)

    def test_the_rankings_fit_a_phone(self) -> None:
        refresh_rankings()
        page = self.open_page("phone")
        for name, path in {
            "rankings": "/rankings/",
            "ranking-pledges": "/rankings/pledges/?by=overall&period=30d",
            "home-rankings": "/",
        }.items():
            response = page.goto(self.live_server_url + path)
            self.assertEqual(response.status, 200)
            self.assert_fits_width(page)
            page.screenshot(path=str(SCREENSHOTS / f"{name}-phone.png"), full_page=True)
        self.assertIn("n=15", page.locator("main").inner_text())
