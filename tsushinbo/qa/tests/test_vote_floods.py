"""Scripted vote floods count no more than the configured limits.

tsushinbo/integrity/tests/test_rate_limits.py already floods from one network
with a fresh cookie per vote (and with valid proofs of work). This adds the
other shape: one cookie replayed from many networks, on one pledge and across
pledges, and checks the counters against `recount_votes` afterwards.
"""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import Client, override_settings

from tsushinbo.integrity.tests.base import browser
from tsushinbo.integrity.voters import VOTER_COOKIE
from tsushinbo.pledges.models import Pledge
from tsushinbo.ratings.models import Vote
from tsushinbo.testing import BaseTestCase, make_pledge

NETWORKS = [f"198.51.{n // 250}.{n % 250 + 1}" for n in range(12)]


def with_cookie(ip: str, cookie: str) -> Client:
    client = browser(ip)
    client.cookies[VOTER_COOKIE] = cookie
    return client


@override_settings(VOTE_POW=False, VOTE_RATE_LIMIT="5/h", VOTE_PLEDGE_RATE_LIMIT="3/d")
class OneCookieManyNetworksTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.pledge = make_pledge()
        first = browser(NETWORKS[0]).post(
            f"/pledges/{self.pledge.pk}/vote/", {"polarity": "good", "reason": "clarity"}
        )
        self.cookie = first.cookies[VOTER_COOKIE].value

    def assert_no_drift(self) -> None:
        out = StringIO()
        call_command("recount_votes", "--dry-run", "--fail-on-drift", stdout=out)
        self.assertIn("0 pledges drifted.", out.getvalue())

    def test_it_counts_at_most_one_vote_per_network_on_a_pledge(self) -> None:
        accepted = 0
        for ip in NETWORKS:
            for polarity in ["good", "bad", "good", "bad"]:
                r = with_cookie(ip, self.cookie).post(
                    f"/pledges/{self.pledge.pk}/vote/", {"polarity": polarity, "reason": "other"}
                )
                accepted += r.status_code == 302
        pledge = Pledge.objects.get(pk=self.pledge.pk)
        # 4 tries per network: the per-pledge limit (3/d) lets 3 through, and
        # they change that network's one vote instead of adding to it.
        self.assertEqual(accepted, len(NETWORKS) * 3 - 1)
        self.assertEqual(Vote.objects.filter(pledge=pledge).count(), len(NETWORKS))
        self.assertEqual(pledge.votes_good + pledge.votes_bad, len(NETWORKS))
        self.assert_no_drift()

    def test_it_holds_each_network_to_its_own_limit_across_pledges(self) -> None:
        pledges = [make_pledge() for _ in range(7)]
        for ip in NETWORKS[1:11]:
            for pledge in pledges:
                with_cookie(ip, self.cookie).post(
                    f"/pledges/{pledge.pk}/vote/", {"polarity": "bad", "reason": "sincerity"}
                )
        counted = Vote.objects.filter(pledge__in=pledges).count()
        # 10 networks × VOTE_RATE_LIMIT (5 per hour), never the 70 attempted.
        self.assertEqual(counted, 10 * 5)
        fresh = Pledge.objects.filter(pk__in=[pledge.pk for pledge in pledges])
        self.assertEqual(sum(pledge.votes_bad for pledge in fresh), 50)
        self.assert_no_drift()

    def test_it_gives_a_replayed_cookie_no_extra_weight_on_its_own_network(self) -> None:
        for _ in range(10):
            with_cookie(NETWORKS[0], self.cookie).post(
                f"/pledges/{self.pledge.pk}/vote/", {"polarity": "good", "reason": "clarity"}
            )
        self.assertEqual(Vote.objects.filter(pledge=self.pledge).count(), 1)
        self.assertEqual(Pledge.objects.get(pk=self.pledge.pk).votes_good, 1)
