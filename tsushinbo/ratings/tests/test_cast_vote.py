from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError

from tsushinbo.accounts.models import User
from tsushinbo.ratings.actions import VoteVoided, cast_vote, void_votes
from tsushinbo.ratings.models import VoidReason, Vote
from tsushinbo.ratings.tests.base import (
    RatingsTestCase,
    account_voter,
    anonymous_voter,
    cast,
    cast_many,
    fresh,
)
from tsushinbo.testing import make_pledge

# Lock the pledge, read the voter's vote, write it, update the counters, update
# the statistics; plus the savepoint pair of the action's transaction.atomic.
# (One fewer while the pledge has fewer than N_MIN votes: no statistics change.)
# Plus the ranking rows (tsushinbo/rankings/maintenance.py): lock them, update them.
CAST_QUERIES = 9


class CastVoteTestCase(RatingsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.pledge = make_pledge()

    def test_it_counts_a_new_vote_in_total_reason_and_split(self) -> None:
        cast(self.pledge, "good", "clarity")
        cast(self.pledge, "bad", "sincerity", account_voter(self.alice))
        pledge = fresh(self.pledge)
        self.assertEqual((pledge.votes_good, pledge.votes_bad), (1, 1))
        self.assertEqual(pledge.votes_good_clarity, 1)
        self.assertEqual(pledge.votes_bad_sincerity, 1)
        self.assertEqual((pledge.votes_good_registered, pledge.votes_bad_registered), (0, 1))
        self.assertGreater(pledge.votes_wilson_lower, 0)

    def test_it_changes_the_vote_when_the_same_voter_votes_again(self) -> None:
        voter = anonymous_voter()
        first = cast(self.pledge, "good", "clarity", voter)
        second = cast(self.pledge, "bad", "feasibility", voter)
        self.assertTrue(first.created)
        self.assertFalse(second.created)
        self.assertTrue(second.changed)
        self.assertEqual(Vote.objects.filter(pledge=self.pledge).count(), 1)
        pledge = fresh(self.pledge)
        self.assertEqual((pledge.votes_good, pledge.votes_bad), (0, 1))
        self.assertEqual((pledge.votes_good_clarity, pledge.votes_bad_feasibility), (0, 1))

    def test_it_leaves_counters_alone_when_nothing_changes(self) -> None:
        voter = account_voter(self.bob)
        cast(self.pledge, "good", "other", voter)
        result = cast(self.pledge, "good", "other", voter)
        self.assertFalse(result.changed)
        self.assertEqual(fresh(self.pledge).votes_good, 1)

    def test_it_keeps_one_vote_per_account_in_the_database(self) -> None:
        cast(self.pledge, "good", "other", account_voter(self.alice))
        with self.assertRaises(IntegrityError):
            Vote.objects.create(pledge=self.pledge, user=self.alice, polarity="bad", reason="other")

    def test_it_keeps_one_vote_per_anonymous_key_in_the_database(self) -> None:
        cast(self.pledge, "good", "other", anonymous_voter(key="same-key"))
        with self.assertRaises(IntegrityError):
            Vote.objects.create(
                pledge=self.pledge, voter_key="same-key", polarity="bad", reason="other"
            )

    def test_it_refuses_to_change_a_voided_vote(self) -> None:
        voter = anonymous_voter()
        cast(self.pledge, "good", "clarity", voter)
        void_votes(
            actor=self.erin, votes=Vote.objects.filter(pledge=self.pledge), reason=VoidReason.OTHER
        )
        with self.assertRaises(VoteVoided):
            cast(self.pledge, "bad", "clarity", voter)
        pledge = fresh(self.pledge)
        self.assertEqual((pledge.votes_good, pledge.votes_bad, pledge.votes_voided), (0, 0, 1))

    def test_it_runs_a_constant_number_of_queries_per_cast(self) -> None:
        small = make_pledge()
        large = make_pledge()
        cast_many(small, "good", "clarity", 10)
        cast_many(large, "good", "clarity", 300)
        for pledge in (small, large):
            with self.subTest(votes=fresh(pledge).votes_total):
                with self.assertNumQueries(CAST_QUERIES):
                    cast(pledge, "bad", "sincerity")
                voter = anonymous_voter()
                cast(pledge, "good", "sincerity", voter)
                with self.assertNumQueries(CAST_QUERIES):
                    cast(pledge, "bad", "feasibility", voter)

    def test_it_refuses_a_banned_account(self) -> None:
        banned = User.objects.create_user("zed", "zed@example.org", "x" * 20, is_active=False)
        with self.assertRaises(PermissionDenied):
            cast_vote(
                pledge=self.pledge,
                voter=account_voter(banned),
                polarity="good",
                reason="clarity",
            )

    def test_it_skips_the_statistics_below_n_min(self) -> None:
        cast(self.pledge, "bad", "other")  # creates the pledge's ranking rows
        with self.assertNumQueries(CAST_QUERIES - 1):
            cast(self.pledge, "good", "clarity")
