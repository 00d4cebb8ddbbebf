"""Anonymous posts are limited per network key; refusals say so in Japanese, with 429 and Retry-After."""

from __future__ import annotations

from django.test import override_settings

from tsushinbo.integrity.tests.base import browser, solved_payload
from tsushinbo.pledges.models import Pledge
from tsushinbo.ratings.models import Vote
from tsushinbo.testing import BaseTestCase, make_pledge

VOTE = {"polarity": "good", "reason": "clarity"}


@override_settings(VOTE_POW=False, VOTE_PLEDGE_RATE_LIMIT="10/d", VOTE_RATE_LIMIT="2000/h")
class FloodTestCase(BaseTestCase):
    def test_it_counts_1000_fresh_cookie_votes_from_one_network_no_more_than_the_limit(
        self,
    ) -> None:
        pledge = make_pledge()
        statuses: dict[int, int] = {}
        for _ in range(1000):
            # A new client each time: no cookie survives, every vote looks like a new voter.
            r = browser("198.51.100.23").post(f"/pledges/{pledge.pk}/vote/", VOTE)
            statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
        pledge = Pledge.objects.get(pk=pledge.pk)
        self.assertEqual(statuses, {302: 10, 429: 990})
        self.assertEqual(pledge.votes_good, 10)
        self.assertEqual(Vote.objects.filter(pledge=pledge).count(), 10)

    def test_it_does_not_hold_back_other_networks(self) -> None:
        pledge = make_pledge()
        for _ in range(11):
            browser("198.51.100.23").post(f"/pledges/{pledge.pk}/vote/", VOTE)
        r = browser("2001:db8:1:2::5").post(f"/pledges/{pledge.pk}/vote/", VOTE)
        self.assertEqual(r.status_code, 302)
        self.assertEqual(Pledge.objects.get(pk=pledge.pk).votes_good, 11)

    def test_it_treats_one_ipv6_slash_64_as_one_network(self) -> None:
        pledge = make_pledge()
        for host in range(12):
            browser(f"2001:db8:aa:bb::{host + 1:x}").post(f"/pledges/{pledge.pk}/vote/", VOTE)
        self.assertEqual(Pledge.objects.get(pk=pledge.pk).votes_good, 10)


@override_settings(VOTE_POW=False, VOTE_RATE_LIMIT="3/h", VOTE_PLEDGE_RATE_LIMIT="100/d")
class RefusalTestCase(BaseTestCase):
    def exhaust(self) -> Pledge:
        for _ in range(3):
            browser().post(f"/pledges/{make_pledge().pk}/vote/", VOTE)
        return make_pledge()

    def test_it_limits_a_network_across_pledges(self) -> None:
        pledge = self.exhaust()
        r = browser().post(f"/pledges/{pledge.pk}/vote/", VOTE)
        self.assertContains(r, "このネットワークからの送信が多すぎます", status_code=429)
        self.assertGreater(int(r["Retry-After"]), 0)
        self.assertContains(r, "分後に、もう一度お試しください", status_code=429)
        self.assertContains(r, f'href="/pledges/{pledge.pk}/#evaluation"', status_code=429)

    def test_it_refuses_htmx_with_the_section_and_json_with_an_error(self) -> None:
        pledge = self.exhaust()
        r = browser().post(f"/pledges/{pledge.pk}/vote/", VOTE, HTTP_HX_REQUEST="true")
        self.assertContains(r, 'id="evaluation"', status_code=429)
        self.assertContains(r, "送信が多すぎます", status_code=429)
        self.assertIn("Retry-After", r)
        r = browser().post(f"/pledges/{pledge.pk}/vote/", VOTE, HTTP_ACCEPT="application/json")
        self.assertEqual(r.status_code, 429)
        self.assertIn("送信が多すぎます", r.json()["error"])
        self.assertEqual(r.json()["retry_after"], int(r["Retry-After"]))

    def test_it_does_not_limit_members(self) -> None:
        self.exhaust()
        self.client.force_login(self.alice)
        r = self.client.post(f"/pledges/{make_pledge().pk}/vote/", VOTE, REMOTE_ADDR="203.0.113.7")
        self.assertEqual(r.status_code, 302)


@override_settings(VOTE_POW=True, POW_COST=1, VOTE_PLEDGE_RATE_LIMIT="5/d")
class FloodWithProofOfWorkTestCase(BaseTestCase):
    def test_it_holds_the_limit_even_with_valid_proofs(self) -> None:
        pledge = make_pledge()
        accepted = 0
        for _ in range(20):
            r = browser("198.51.100.77").post(
                f"/pledges/{pledge.pk}/vote/", VOTE | {"altcha": solved_payload()}
            )
            accepted += r.status_code == 302
        self.assertEqual(accepted, 5)
        self.assertEqual(Pledge.objects.get(pk=pledge.pk).votes_good, 5)
