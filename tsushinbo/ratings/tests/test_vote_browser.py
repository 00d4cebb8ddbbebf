"""Voting as a person does it: headless Chromium at phone width, with and without JavaScript.

With JavaScript the real ALTCHA widget solves the proof of work (a small
POW_COST keeps the test quick) and htmx swaps the 評価 section in place.
Without JavaScript an anonymous vote needs the proof of work switched off
(VOTE_POW=false); with it on, the page says why and how to vote instead.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import override_settings

from tsushinbo.pages.tests.test_browser import CHROMIUM, SCREENSHOTS, VIEWPORTS, BrowserTestCase
from tsushinbo.pledges.models import Pledge
from tsushinbo.ratings.models import Vote
from tsushinbo.testing import make_pledge

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (/usr/bin/chromium)"),
]


def wait_until_verified(page: Any, timeout: float = 60.0) -> None:
    """Polls from Python: wait_for_function evals in the page, which the CSP forbids."""
    deadline = time.monotonic() + timeout
    while page.evaluate("document.querySelector('altcha-widget')?.getState?.()") != "verified":
        if time.monotonic() > deadline:
            raise AssertionError("the ALTCHA widget did not solve its challenge")
        page.wait_for_timeout(100)


class VoteInBrowserTests(BrowserTestCase):
    def setUp(self) -> None:
        self.pledge = make_pledge(title="市内の小中学校の給食費を無償化する", progress_percent=20)
        self.url = f"{self.live_server_url}/pledges/{self.pledge.pk}/"

    def open_without_javascript(self) -> Any:
        context = self.browser.new_context(
            viewport=VIEWPORTS["phone"], locale="ja-JP", java_script_enabled=False
        )
        self.addCleanup(context.close)
        return context.new_page()

    def choose(self, page: Any, polarity: str, reason: str) -> None:
        page.locator(f"input[name=polarity][value={polarity}]").check()
        page.locator(f"input[name=reason][value={reason}]").check()

    @override_settings(VOTE_POW=True, POW_COST=200)
    def test_it_votes_anonymously_with_javascript_at_phone_width(self) -> None:
        page = self.open_page("phone")
        page.goto(self.url)
        page.evaluate("window.__sameDocument = true")
        self.choose(page, "good", "clarity")
        # Choosing focuses the form; the widget fetches a challenge and solves it.
        wait_until_verified(page)
        self.assertTrue(
            page.locator(".reason-bad").first.is_hidden()
        )  # 不明確・不的確 hidden under 支持
        page.get_by_role("button", name="評価する").click()
        page.get_by_text("評価を受け付けました：支持（明確・的確）").wait_for()
        self.assertTrue(page.evaluate("window.__sameDocument === true"))  # swapped, not reloaded
        section = page.locator("#evaluation").inner_text()
        self.assertIn("1P", section)
        self.assertIn("あなたの評価：支持（明確・的確）", section)
        self.assert_fits_width(page)
        page.screenshot(path=str(SCREENSHOTS / "vote-phone-js.png"), full_page=True)
        self.assertEqual(Pledge.objects.get(pk=self.pledge.pk).votes_good_clarity, 1)
        self.assertEqual(Vote.objects.get().voter_key != "", True)

        # Changing the vote solves a new challenge (solutions are single-use).
        self.choose(page, "bad", "feasibility")
        wait_until_verified(page)
        page.get_by_role("button", name="評価を変更する").click()
        page.get_by_text("評価を変更しました：不支持（非現実的）").wait_for()
        pledge = Pledge.objects.get(pk=self.pledge.pk)
        self.assertEqual((pledge.votes_good, pledge.votes_bad), (0, 1))

    @override_settings(VOTE_POW=False)
    def test_it_votes_without_javascript(self) -> None:
        page = self.open_without_javascript()
        page.goto(self.url)
        self.choose(page, "bad", "sincerity")
        page.get_by_role("button", name="評価する").click()
        page.wait_for_load_state()
        self.assertIn(f"/pledges/{self.pledge.pk}/", page.url)
        main = page.locator("main").inner_text()
        self.assertIn("評価を受け付けました：不支持（不誠実）", main)
        self.assertIn("1P", main)
        self.assert_fits_width(page)
        page.screenshot(path=str(SCREENSHOTS / "vote-phone-nojs.png"), full_page=True)
        self.assertEqual(Pledge.objects.get(pk=self.pledge.pk).votes_bad_sincerity, 1)

    @override_settings(VOTE_POW=True)
    def test_it_explains_why_an_anonymous_vote_needs_javascript(self) -> None:
        page = self.open_without_javascript()
        page.goto(self.url)
        self.assertIn(
            "匿名で送信するには JavaScript を有効にしてください", page.locator("main").inner_text()
        )
        self.choose(page, "good", "other")
        page.get_by_role("button", name="評価する").click()
        page.wait_for_load_state()
        self.assertIn("計算による確認が済んでいません", page.locator("main").inner_text())
        self.assertFalse(Vote.objects.exists())
