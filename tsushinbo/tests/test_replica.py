"""Read replica routing: page reads on the replica, writes and a writer's next reads on the primary.

The replica here is a second alias on the test database (TEST MIRROR), so both
hold the same rows; what differs is which connection ran each query.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, router
from django.test import TransactionTestCase, override_settings
from django.test.utils import CaptureQueriesContext

from tsushinbo.accounts.models import User
from tsushinbo.pledges.models import Pledge
from tsushinbo.ratings.models import Vote
from tsushinbo.ratings.statistics import recompute_statistics
from tsushinbo.routers import PIN_COOKIE, REPLICA_ALIAS
from tsushinbo.testing import BaseTestCase, make_pledge

Queries = list[str]


def _add_replica_alias() -> None:
    primary = connections[DEFAULT_DB_ALIAS].settings_dict
    replica = copy.deepcopy(primary)
    replica["TEST"] = {**primary["TEST"], "MIRROR": DEFAULT_DB_ALIAS}
    connections.settings[REPLICA_ALIAS] = replica


def _remove_replica_alias() -> None:
    connections[REPLICA_ALIAS].close()
    del connections[REPLICA_ALIAS]
    del connections.settings[REPLICA_ALIAS]


@override_settings(VOTE_POW=False)
class ReplicaRoutingTestCase(TransactionTestCase):
    databases = {DEFAULT_DB_ALIAS, REPLICA_ALIAS}

    @classmethod
    def setUpClass(cls) -> None:
        _add_replica_alias()
        cls.addClassCleanup(_remove_replica_alias)
        super().setUpClass()

    def setUp(self) -> None:
        recompute_statistics()  # TransactionTestCase empties the statistics table
        self.pledge = make_pledge(title="保育園の待機児童ゼロ")

    def run_queries(self, call: Callable[[], Any]) -> tuple[Queries, Queries, Any]:
        """(SQL on the primary, SQL on the replica, response) of one request."""
        with (
            CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
            CaptureQueriesContext(connections[REPLICA_ALIAS]) as replica,
        ):
            response = call()
        return [q["sql"] for q in primary], [q["sql"] for q in replica], response

    def vote(self) -> Any:
        data = {"polarity": "good", "reason": "clarity"}
        return self.client.post(f"/pledges/{self.pledge.pk}/vote/", data)

    def test_it_reads_a_page_from_the_replica(self) -> None:
        primary, replica, response = self.run_queries(
            lambda: self.client.get(f"/pledges/{self.pledge.pk}/")
        )
        self.assertContains(response, "保育園の待機児童ゼロ")
        self.assertTrue(any("pledges_pledge" in sql for sql in replica))
        self.assertEqual(primary, [])
        self.assertNotIn(PIN_COOKIE, response.cookies)

    def test_it_writes_to_the_primary_and_sets_the_pin_cookie(self) -> None:
        primary, replica, response = self.run_queries(self.vote)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(replica, [])
        self.assertTrue(any("INSERT" in sql and "ratings_vote" in sql for sql in primary))
        self.assertEqual(Vote.objects.count(), 1)
        cookie = response.cookies[PIN_COOKIE]
        self.assertEqual(cookie["max-age"], 15)
        self.assertTrue(cookie["httponly"])

    def test_it_reads_a_writers_next_pages_from_the_primary(self) -> None:
        self.vote()
        primary, replica, response = self.run_queries(
            lambda: self.client.get(f"/pledges/{self.pledge.pk}/")
        )
        self.assertContains(response, "支持 <strong>1P</strong>", html=False)
        self.assertEqual(replica, [])
        self.assertTrue(any("pledges_pledge" in sql for sql in primary))

    def test_it_returns_to_the_replica_when_the_pin_expires(self) -> None:
        self.vote()
        del self.client.cookies[PIN_COOKIE]  # the browser drops it after max-age
        primary, replica, _response = self.run_queries(
            lambda: self.client.get(f"/pledges/{self.pledge.pk}/")
        )
        self.assertTrue(any("pledges_pledge" in sql for sql in replica))
        self.assertFalse(any("pledges_pledge" in sql for sql in primary))

    def test_it_keeps_sessions_on_the_primary(self) -> None:
        user = User.objects.create_user("reader", "reader@example.org", "x" * 20)
        self.client.force_login(user)
        primary, replica, response = self.run_queries(
            lambda: self.client.get(f"/pledges/{self.pledge.pk}/")
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(any("django_session" in sql for sql in primary))
        self.assertFalse(any("django_session" in sql for sql in replica))
        self.assertTrue(any("pledges_pledge" in sql for sql in replica))

    def test_it_uses_the_primary_outside_a_request(self) -> None:
        # Management commands and the background worker: no request, no replica.
        self.assertEqual(Pledge.objects.all().db, DEFAULT_DB_ALIAS)
        self.assertEqual(Pledge.objects.get(pk=self.pledge.pk)._state.db, DEFAULT_DB_ALIAS)

    def test_it_migrates_only_the_primary(self) -> None:
        self.assertFalse(router.allow_migrate(REPLICA_ALIAS, "pledges"))
        self.assertTrue(router.allow_migrate(DEFAULT_DB_ALIAS, "pledges"))
        self.assertEqual(router.db_for_write(Pledge), DEFAULT_DB_ALIAS)


@override_settings(VOTE_POW=False)
class WithoutReplicaTestCase(BaseTestCase):
    def test_it_sets_no_pin_cookie_without_a_replica(self) -> None:
        pledge = make_pledge()
        response = self.client.post(
            f"/pledges/{pledge.pk}/vote/", {"polarity": "good", "reason": "clarity"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertNotIn(PIN_COOKIE, response.cookies)
        self.assertEqual(router.db_for_read(Pledge), DEFAULT_DB_ALIAS)
