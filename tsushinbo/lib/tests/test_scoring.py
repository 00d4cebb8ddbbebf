from __future__ import annotations

import math

from django.test import SimpleTestCase
from hypothesis import given
from hypothesis import strategies as st

from tsushinbo.lib.scoring import (
    Distribution,
    deviation_score,
    display_score,
    distribution,
    distribution_from_sums,
    score,
    summary_sentence,
    wilson_interval,
    wilson_lower_bound,
)


class ScoreTests(SimpleTestCase):
    def test_it_gives_the_worked_example(self) -> None:
        self.assertAlmostEqual(score(56, 7) or 0.0, 88.888, places=2)
        self.assertEqual(display_score(score(56, 7)), 89)

    def test_it_shows_nothing_without_votes(self) -> None:
        self.assertIsNone(score(0, 0))
        self.assertIsNone(display_score(None))

    def test_it_rounds_half_up(self) -> None:
        self.assertEqual(display_score(score(5, 3)), 63)  # 62.5
        self.assertEqual(display_score(score(1, 7)), 13)  # 12.5

    def test_it_scores_the_extremes(self) -> None:
        self.assertEqual(score(4, 0), 100.0)
        self.assertEqual(score(0, 4), 0.0)


class WilsonTests(SimpleTestCase):
    def test_it_ranks_many_votes_above_a_few_perfect_ones(self) -> None:
        self.assertGreater(wilson_lower_bound(300, 20), wilson_lower_bound(3, 0))

    def test_it_matches_a_known_interval(self) -> None:
        low, high = wilson_interval(56, 7)
        self.assertAlmostEqual(low, 78.80, places=1)
        self.assertAlmostEqual(high, 94.51, places=1)

    def test_it_is_empty_without_votes(self) -> None:
        self.assertEqual(wilson_interval(0, 0), (0.0, 0.0))

    @given(st.integers(0, 10_000), st.integers(0, 10_000))
    def test_it_always_contains_the_observed_share(self, good: int, bad: int) -> None:
        low, high = wilson_interval(good, bad)
        self.assertLessEqual(0.0, low)
        self.assertLessEqual(high, 100.0)
        observed = score(good, bad)
        if observed is not None:
            self.assertLessEqual(low, observed + 1e-9)
            self.assertLessEqual(observed, high + 1e-9)


class DeviationTests(SimpleTestCase):
    def test_it_is_fifty_at_the_mean(self) -> None:
        dist = Distribution(count=10, mean=70.0, sd=10.0)
        self.assertEqual(deviation_score(70.0, 5, dist, n_min=5), 50.0)

    def test_it_follows_the_formula_to_one_decimal(self) -> None:
        dist = Distribution(count=10, mean=62.5, sd=12.0)
        expected = round(50 + 10 * (88.888888 - 62.5) / 12.0, 1)
        self.assertEqual(deviation_score(88.888888, 63, dist, n_min=5), expected)

    def test_it_is_fifty_when_sigma_is_zero(self) -> None:
        dist = Distribution(count=3, mean=80.0, sd=0.0)
        self.assertEqual(deviation_score(80.0, 9, dist, n_min=5), 50.0)

    def test_it_says_too_few_votes_below_n_min(self) -> None:
        dist = Distribution(count=10, mean=70.0, sd=10.0)
        self.assertIsNone(deviation_score(100.0, 4, dist, n_min=5))
        self.assertIsNone(deviation_score(None, 0, dist, n_min=5))


class DistributionTests(SimpleTestCase):
    def test_it_uses_the_population_standard_deviation(self) -> None:
        dist = distribution([100.0, 50.0, 0.0])
        self.assertEqual(dist.mean, 50.0)
        self.assertAlmostEqual(dist.sd, math.sqrt(5000 / 3))

    def test_it_is_empty_for_no_pledges(self) -> None:
        self.assertEqual(distribution([]), Distribution(count=0, mean=0.0, sd=0.0))

    @given(st.lists(st.floats(0, 100), min_size=1, max_size=200))
    def test_running_sums_agree_with_the_direct_computation(self, values: list[float]) -> None:
        direct = distribution(values)
        summed = distribution_from_sums(len(values), sum(values), sum(v * v for v in values))
        self.assertAlmostEqual(direct.mean, summed.mean, places=6)
        self.assertAlmostEqual(direct.sd, summed.sd, delta=1e-4)


class SummarySentenceTests(SimpleTestCase):
    def test_it_reads_as_users_know_it(self) -> None:
        self.assertEqual(
            summary_sentence(56, 20, 20),
            "この公約・政策は56人が良いと考えていますが、20%の進捗率です。"
            "20人はこの公約・政策は悪いと考えています。",
        )

    def test_it_omits_the_bad_half_without_bad_votes(self) -> None:
        self.assertEqual(
            summary_sentence(3, 0, 0), "この公約・政策は3人が良いと考えていますが、0%の進捗率です。"
        )
