"""SPEC §5: no raw IP address is stored in any table."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.apps import apps
from django.core import mail
from django.db import connection, models
from django.test import Client

from tsushinbo.accounts.tests.base import AccountsTestCase, link_in
from tsushinbo.testing import PASSWORD

IPV4 = "203.0.113.7"
IPV6 = "2001:db8:7:7::7"
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.GenericIPAddressField)


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

    def text_values(self) -> list[str]:
        values: list[str] = []
        for model in apps.get_models(include_auto_created=True):
            columns = [f.column for f in model._meta.local_fields if isinstance(f, TEXT_FIELDS)]
            if not columns:
                continue
            table = connection.ops.quote_name(model._meta.db_table)
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT {quoted} FROM {table}")
                values += [str(v) for row in cursor.fetchall() for v in row if v is not None]
        return values

    def test_it_stores_no_client_address_anywhere(self) -> None:
        self.exercise(IPV4, "v4@example.org")
        self.exercise(IPV6, "v6@example.org")
        self.assertTrue(AccessAttempt.objects.exists())  # the lockout table was written
        values = self.text_values()
        self.assertTrue(any("v4@example.org" in v for v in values))  # the scan sees the rows
        for address in (IPV4, IPV6, "2001:db8:7:7:"):
            with self.subTest(address=address):
                self.assertFalse([v for v in values if address in v])
