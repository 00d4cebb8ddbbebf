"""POST /pledges/<id>/vote/: without JavaScript, with htmx, and as JSON."""

from __future__ import annotations

from django.test import override_settings

from tsushinbo.accounts.models import User
from tsushinbo.ratings.models import Vote
from tsushinbo.ratings.tests.base import RatingsTestCase, browser, fresh
from tsushinbo.testing import make_pledge


class VoteEndpointTestCase(RatingsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.pledge = make_pledge(title="保育料を無償化します")
        self.url = f"/pledges/{self.pledge.pk}/vote/"

    def test_it_works_without_javascript(self) -> None:
        client = browser()
        r = client.post(self.url, {"polarity": "good", "reason": "clarity"})
        self.assertRedirects(
            r, f"/pledges/{self.pledge.pk}/#evaluation", fetch_redirect_response=False
        )
        page = client.get(f"/pledges/{self.pledge.pk}/")
        self.assertContains(page, "評価を受け付けました：支持（明確・的確）")
        self.assertContains(page, "あなたの評価：<strong>支持（明確・的確）</strong>", html=False)
        self.assertContains(page, "1P")
        self.assertEqual(fresh(self.pledge).votes_good_clarity, 1)

    def test_it_changes_the_vote_from_the_same_browser(self) -> None:
        client = browser()
        client.post(self.url, {"polarity": "good", "reason": "clarity"})
        client.post(self.url, {"polarity": "bad", "reason": "feasibility"})
        self.assertEqual(Vote.objects.filter(pledge=self.pledge).count(), 1)
        page = client.get(f"/pledges/{self.pledge.pk}/")
        self.assertContains(page, "評価を変更しました：不支持（非現実的）")
        pledge = fresh(self.pledge)
        self.assertEqual((pledge.votes_good, pledge.votes_bad), (0, 1))

    def test_it_sets_a_signed_http_only_voter_cookie(self) -> None:
        r = browser().post(self.url, {"polarity": "good", "reason": "other"})
        cookie = r.cookies["tsushinbo_voter"]
        self.assertTrue(cookie["httponly"])
        self.assertEqual(cookie["samesite"], "Lax")
        self.assertIn(":", cookie.value)  # value:signature

    def test_it_swaps_the_section_for_htmx(self) -> None:
        r = browser().post(
            self.url, {"polarity": "bad", "reason": "sincerity"}, HTTP_HX_REQUEST="true"
        )
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, '<section class="evaluation" id="evaluation"')
        self.assertContains(r, "評価を受け付けました：不支持（不誠実）")
        self.assertContains(r, "1P")
        self.assertNotContains(r, "<html")

    def test_it_answers_tallies_as_json(self) -> None:
        client = browser()
        client.post(self.url, {"polarity": "good", "reason": "clarity"})
        r = browser("198.51.100.4").post(
            self.url, {"polarity": "bad", "reason": "other"}, HTTP_ACCEPT="application/json"
        )
        self.assertEqual(r.status_code, 200)
        body = r.json()
        self.assertEqual((body["good"], body["bad"], body["score"]), (1, 1, 50))
        self.assertEqual(
            body["criteria"]["clarity"],
            {"good": 1, "bad": 0, "score": 100, "deviation": None, "mean": None, "sd": None},
        )
        self.assertEqual(body["reasons"]["other"], {"good": 0, "bad": 1})
        self.assertEqual(body["anonymous"], {"good": 1, "bad": 1})
        self.assertEqual(body["your_vote"], {"polarity": "bad", "reason": "other"})
        self.assertIn("wilson_interval", body)

    def test_it_counts_a_members_vote_as_registered(self) -> None:
        self.client.force_login(self.alice)
        self.client.post(self.url, {"polarity": "good", "reason": "feasibility"})
        self.client.post(self.url, {"polarity": "good", "reason": "sincerity"})
        pledge = fresh(self.pledge)
        self.assertEqual((pledge.votes_good, pledge.votes_good_registered), (1, 1))
        self.assertEqual(Vote.objects.get().user, self.alice)

    def test_it_explains_missing_choices_in_japanese(self) -> None:
        cases = [
            ({"reason": "clarity"}, "支持か不支持かを選んでください。"),
            ({"polarity": "good"}, "理由を選んでください。"),
            ({"polarity": "maybe", "reason": "clarity"}, "支持か不支持かを選んでください。"),
            ({"polarity": "good", "reason": "<script>"}, "理由を選んでください。"),
        ]
        for data, message in cases:
            with self.subTest(data=data):
                r = browser().post(self.url, data)
                self.assertContains(r, message, status_code=400)
                r = browser().post(self.url, data, HTTP_HX_REQUEST="true")
                self.assertContains(r, message, status_code=400)
                r = browser().post(self.url, data, HTTP_ACCEPT="application/json")
                self.assertEqual(r.status_code, 400)
                self.assertEqual(r.json()["error"], message)
        self.assertFalse(Vote.objects.exists())

    def test_it_refuses_get_and_unknown_pledges(self) -> None:
        self.assertEqual(browser().get(self.url).status_code, 405)
        r = browser().post("/pledges/999999/vote/", {"polarity": "good", "reason": "clarity"})
        self.assertEqual(r.status_code, 404)

    def test_it_needs_the_csrf_token(self) -> None:
        client = browser(enforce_csrf_checks=True)
        r = client.post(self.url, {"polarity": "good", "reason": "clarity"})
        self.assertEqual(r.status_code, 403)
        self.assertFalse(Vote.objects.exists())

    def test_it_refuses_a_banned_account(self) -> None:
        banned = User.objects.create_user("yuki", "yuki@example.org", "x" * 20)
        self.client.force_login(banned)
        banned.is_active = False
        banned.save()
        r = self.client.post(self.url, {"polarity": "good", "reason": "clarity"})
        # An inactive account is signed out by the authentication backend: it votes
        # as an anonymous visitor would, never as the banned account.
        self.assertFalse(Vote.objects.filter(user=banned).exists())
        self.assertIn(r.status_code, (302, 403))

    def test_it_lets_a_cookie_less_client_vote_as_a_new_voter_each_time(self) -> None:
        for _ in range(3):
            r = browser().post(self.url, {"polarity": "good", "reason": "clarity"})
            self.assertEqual(r.status_code, 302)
        self.assertEqual(fresh(self.pledge).votes_good, 3)

    def test_it_runs_a_fixed_number_of_queries(self) -> None:
        # Both pledges have at least N_MIN votes, so the statistics move too.
        small, large = make_pledge(), make_pledge()
        for pledge, voters in ((small, 5), (large, 60)):
            for n in range(voters):
                browser(f"10.0.{n // 250}.{n % 250 + 1}").post(
                    f"/pledges/{pledge.pk}/vote/", {"polarity": "good", "reason": "clarity"}
                )
        for pledge in (small, large):
            # The pledge, then the cast: savepoint, lock, the voter's vote, insert,
            # counters, statistics, the ranking rows (lock, update), release.
            with self.subTest(pledge=pledge.pk), self.assertNumQueries(10):
                browser("192.0.2.1").post(
                    f"/pledges/{pledge.pk}/vote/", {"polarity": "bad", "reason": "other"}
                )


@override_settings(VOTE_POW=False)
class VoteEndpointJsonTestCase(RatingsTestCase):
    def test_it_reports_a_voided_vote_instead_of_changing_it(self) -> None:
        from tsushinbo.ratings.actions import void_votes
        from tsushinbo.ratings.models import VoidReason

        pledge = make_pledge()
        client = browser()
        url = f"/pledges/{pledge.pk}/vote/"
        client.post(url, {"polarity": "good", "reason": "clarity"})
        void_votes(actor=self.erin, votes=Vote.objects.all(), reason=VoidReason.AUTOMATED)
        r = client.post(
            url, {"polarity": "bad", "reason": "clarity"}, HTTP_ACCEPT="application/json"
        )
        self.assertEqual(r.status_code, 403)
        self.assertIn("無効化", r.json()["error"])
        self.assertEqual(fresh(pledge).votes_bad, 0)
