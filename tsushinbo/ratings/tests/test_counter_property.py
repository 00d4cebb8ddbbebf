"""Property: any sequence of casts, changes and voids leaves the counters equal to a recount."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from tsushinbo.integrity.voters import Voter
from tsushinbo.ratings.actions import VoteVoided, cast_vote, recount_votes, void_votes
from tsushinbo.ratings.models import Polarity, Reason, Statistic, VoidReason, Vote
from tsushinbo.ratings.statistics import recompute_statistics
from tsushinbo.ratings.tests.base import RatingsTestCase
from tsushinbo.testing import make_pledge


@dataclass(frozen=True)
class Step:
    void: bool
    voter: int  # 0–1: accounts; 2–5: anonymous keys
    pledge: int
    polarity: str
    reason: str


steps = st.lists(
    st.builds(
        Step,
        void=st.sampled_from([False, False, False, True]),
        voter=st.integers(0, 5),
        pledge=st.integers(0, 2),
        polarity=st.sampled_from(Polarity.values),
        reason=st.sampled_from(Reason.values),
    ),
    max_size=40,
)

STAT_FIELDS = [
    "pledge_count",
    "score_sum",
    "score_sum_of_squares",
    *(f"bin_{i}" for i in range(10)),
]


# A small N_MIN so that a few votes already move the statistics.
@override_settings(N_MIN=2)
class CounterPropertyTestCase(HypothesisTestCase, RatingsTestCase):
    def voter(self, index: int) -> Voter:
        if index < 2:
            return Voter(user=[self.alice, self.bob][index], key="", network_key="net-a")
        return Voter(user=None, key=f"anonymous-{index}", network_key=f"net-{index}")

    def statistics_snapshot(self) -> list[tuple[object, ...]]:
        rows = Statistic.objects.order_by("criterion").values_list("criterion", *STAT_FIELDS)
        return [tuple(round(v, 6) if isinstance(v, float) else v for v in row) for row in rows]

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors],
    )
    @given(steps)
    def test_it_keeps_counters_equal_to_a_recount(self, sequence: list[Step]) -> None:
        pledges = [make_pledge(), make_pledge(), make_pledge()]
        for step in sequence:
            voter, pledge = self.voter(step.voter), pledges[step.pledge]
            if step.void:
                votes = Vote.objects.filter(pledge=pledge, **voter.lookup())
                void_votes(actor=self.erin, votes=votes, reason=VoidReason.OTHER)
            else:
                with suppress(VoteVoided):
                    cast_vote(
                        pledge=pledge, voter=voter, polarity=step.polarity, reason=step.reason
                    )
        self.assertEqual(recount_votes(dry_run=True), [])
        incremental = self.statistics_snapshot()
        recompute_statistics()
        self.assertEqual(self.statistics_snapshot(), incremental)
