"""SPEC §5: votes and proofs keep no raw IP address in any table."""

from __future__ import annotations

from django.apps import apps
from django.db import connection, models
from django.test import override_settings

from tsushinbo.integrity.tests.base import browser, solved_payload
from tsushinbo.ratings.models import Vote
from tsushinbo.testing import BaseTestCase, make_pledge

IPV4 = "203.0.113.7"
IPV6 = "2001:db8:7:7::7"
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.GenericIPAddressField)


def text_values() -> list[str]:
    """Every text value in every table."""
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
        values = text_values()
        self.assertIn(votes[0].voter_key, values)  # the scan sees the vote rows
        for address in (IPV4, IPV6, "2001:db8:7:7:"):
            with self.subTest(address=address):
                self.assertFalse([v for v in values if address in v])
