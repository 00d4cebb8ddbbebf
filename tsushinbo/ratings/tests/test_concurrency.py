"""Two simultaneous votes by the same voter leave one row (threads on PostgreSQL)."""

from __future__ import annotations

import threading
import unittest
from unittest import mock

from django.db import connection
from django.test import TransactionTestCase

from tsushinbo.integrity.voters import Voter
from tsushinbo.ratings import actions
from tsushinbo.ratings.actions import cast_vote, recount_votes
from tsushinbo.ratings.models import Vote
from tsushinbo.ratings.statistics import recompute_statistics
from tsushinbo.ratings.tests.base import RatingsTestCase, anonymous_voter, fresh
from tsushinbo.testing import make_pledge


@unittest.skipUnless(connection.vendor == "postgresql", "needs PostgreSQL's row locks and threads")
class ConcurrentVotesTestCase(TransactionTestCase):
    def setUp(self) -> None:
        recompute_statistics()  # TransactionTestCase empties the statistics table

    def race(
        self, pledge_id: int, voters: list[Voter], polarities: list[str]
    ) -> list[BaseException]:
        barrier = threading.Barrier(len(voters))
        errors: list[BaseException] = []

        def vote(voter: Voter, polarity: str) -> None:
            try:
                pledge = actions.Pledge.objects.get(pk=pledge_id)
                barrier.wait()
                cast_vote(pledge=pledge, voter=voter, polarity=polarity, reason="clarity")
            except BaseException as error:  # reported by the test thread
                errors.append(error)
            finally:
                connection.close()

        threads = [
            threading.Thread(target=vote, args=(voter, polarity))
            for voter, polarity in zip(voters, polarities, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        return errors

    def test_it_keeps_one_row_when_the_same_voter_votes_twice_at_once(self) -> None:
        pledge = make_pledge()
        for round_ in range(20):
            voter = Voter(user=None, key=f"same-voter-{round_}", network_key="net")
            self.assertEqual(self.race(pledge.pk, [voter, voter], ["good", "bad"]), [])
        self.assertEqual(Vote.objects.filter(pledge=pledge).count(), 20)
        self.assertEqual(fresh(pledge).votes_total, 20)
        self.assertEqual(recount_votes(dry_run=True), [])

    def test_it_counts_every_voter_when_many_vote_at_once(self) -> None:
        pledge = make_pledge()
        voters = [anonymous_voter() for _ in range(8)]
        self.assertEqual(self.race(pledge.pk, voters, ["good"] * 8), [])
        self.assertEqual(fresh(pledge).votes_good, 8)
        self.assertEqual(recount_votes(dry_run=True), [])


class IntegrityErrorRetryTestCase(RatingsTestCase):
    def test_it_retries_a_lost_insert_race_as_a_change(self) -> None:
        pledge = make_pledge()
        voter = anonymous_voter()
        cast_vote(pledge=pledge, voter=voter, polarity="good", reason="clarity")
        real = actions._voter_vote
        # The first lookup misses the row another request just inserted.
        with mock.patch.object(actions, "_voter_vote", side_effect=[None, real(pledge.pk, voter)]):
            result = cast_vote(pledge=pledge, voter=voter, polarity="bad", reason="clarity")
        self.assertFalse(result.created)
        self.assertEqual(Vote.objects.filter(pledge=pledge).count(), 1)
        self.assertEqual((fresh(pledge).votes_good, fresh(pledge).votes_bad), (0, 1))
