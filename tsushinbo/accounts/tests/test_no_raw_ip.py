"""SPEC §5: no raw IP address is stored in any table."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.core import mail
from django.test import Client

from tsushinbo.accounts.tests.base import AccountsTestCase, link_in
from tsushinbo.testing import PASSWORD, stored_text_values

IPV4 = "203.0.113.7"
IPV6 = "2001:db8:7:7::7"


class NoRawIpTestCase(AccountsTestCase):
    def exercise(self, ip: str, email: str) -> None:
        client = Client(REMOTE_ADDR=ip)
        client.post(
            "/accounts/signup/",
            {
                "display_name": "さくら",
                "email": email,
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
        client.post(link_in(mail.outbox[-1]))
        client.post("/accounts/logout/")
        for _ in range(6):
            client.post("/accounts/login/", {"login": "alice@example.org", "password": "x"})
        client.post("/accounts/login/", {"login": email, "password": PASSWORD})
        client.post(f"/politicians/{self.politician.pk}/follow/")
        client.post(
            f"/politicians/{self.politician.pk}/claim/",
            {"contact": "03", "evidence_url": "https://example.com/"},
        )
        client.post("/accounts/password/reset/", {"email": email})
        client.post("/accounts/logout/")

    def test_it_stores_no_client_address_anywhere(self) -> None:
        self.exercise(IPV4, "v4@example.org")
        self.exercise(IPV6, "v6@example.org")
        self.assertTrue(AccessAttempt.objects.exists())  # the lockout table was written
        values = stored_text_values()
        self.assertTrue(any("v4@example.org" in v for v in values))  # the scan sees the rows
        for address in (IPV4, IPV6, "2001:db8:7:7:"):
            with self.subTest(address=address):
                self.assertFalse([v for v in values if address in v])
