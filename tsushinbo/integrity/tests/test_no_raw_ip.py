"""SPEC §5: votes and proofs keep no raw IP address in any table."""

from __future__ import annotations

from django.test import override_settings

from tsushinbo.integrity.tests.base import browser, solved_payload
from tsushinbo.ratings.models import Vote
from tsushinbo.testing import BaseTestCase, make_pledge, stored_text_values

IPV4 = "203.0.113.7"
IPV6 = "2001:db8:7:7::7"


@override_settings(VOTE_POW=True, POW_COST=1)
class NoRawIpInVotesTestCase(BaseTestCase):
    def test_it_stores_no_client_address_anywhere(self) -> None:
        pledge = make_pledge()
        for ip in (IPV4, IPV6):
            client = browser(ip)
            for polarity in ("good", "bad"):
                client.post(
                    f"/pledges/{pledge.pk}/vote/",
                    {"polarity": polarity, "reason": "clarity", "altcha": solved_payload()},
                )
        votes = list(Vote.objects.all())
        self.assertEqual(len(votes), 2)
        values = stored_text_values()
        self.assertIn(votes[0].voter_key, values)  # the scan sees the vote rows
        for address in (IPV4, IPV6, "2001:db8:7:7:"):
            with self.subTest(address=address):
                self.assertFalse([v for v in values if address in v])
