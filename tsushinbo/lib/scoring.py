"""Evaluation arithmetic of SPEC §3, as pure functions.

Scores are percentages of GOOD among GOOD + BAD. Display rounding is half-up
(88.89 → 89, 62.5 → 63), as people expect, not Python's banker's rounding.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

Z_95 = 1.959963984540054  # two-sided 95% normal quantile


def score(good: int, bad: int) -> float | None:
    """100·G/(G+B); None when there are no votes (nothing to show)."""
    total = good + bad
    if total <= 0:
        return None
    return 100.0 * good / total


def round_half_up(value: float, places: int = 0) -> float:
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def display_score(value: float | None) -> int | None:
    """The integer shown as 「得点」 out of 100."""
    return None if value is None else int(round_half_up(value))


def wilson_interval(good: int, bad: int, z: float = Z_95) -> tuple[float, float]:
    """95% Wilson score interval of G/(G+B), as percentages; (0, 0) with no votes."""
    n = good + bad
    if n <= 0:
        return (0.0, 0.0)
    p = good / n
    denominator = 1 + z * z / n
    centre = p + z * z / (2 * n)
    margin = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    low = max(0.0, (centre - margin) / denominator)
    high = min(1.0, (centre + margin) / denominator)
    return (100.0 * low, 100.0 * high)


def wilson_lower_bound(good: int, bad: int) -> float:
    """The ranking key: 3 GOOD / 0 BAD ranks below 300 GOOD / 20 BAD."""
    return wilson_interval(good, bad)[0]


@dataclass(frozen=True)
class Distribution:
    """Population mean and standard deviation of scores over qualifying pledges."""

    count: int
    mean: float
    sd: float


def distribution(scores: Iterable[float]) -> Distribution:
    values = list(scores)
    if not values:
        return Distribution(count=0, mean=0.0, sd=0.0)
    mean = math.fsum(values) / len(values)
    variance = math.fsum((value - mean) ** 2 for value in values) / len(values)
    return Distribution(count=len(values), mean=mean, sd=math.sqrt(variance))


def distribution_from_sums(count: int, total: float, total_of_squares: float) -> Distribution:
    """The same figures from running sums (kept by the statistics table)."""
    if count <= 0:
        return Distribution(count=0, mean=0.0, sd=0.0)
    mean = total / count
    variance = max(0.0, total_of_squares / count - mean * mean)
    return Distribution(count=count, mean=mean, sd=math.sqrt(variance))


def deviation_score(
    value: float | None, votes: int, dist: Distribution, n_min: int
) -> float | None:
    """偏差値 = 50 + 10·(s − μ)/σ to one decimal; 50.0 when σ = 0.

    None means 「評価数不足」: fewer than n_min votes in this criterion.
    """
    if value is None or votes < n_min:
        return None
    if dist.sd == 0:
        return 50.0
    return round_half_up(50 + 10 * (value - dist.mean) / dist.sd, 1)


def summary_sentence(good: int, bad: int, percent: int) -> str:
    """The sentence users know from sites of this kind; the BAD half only when B > 0."""
    sentence = f"この公約・政策は{good}人が良いと考えていますが、{percent}%の進捗率です。"
    if bad > 0:
        sentence += f"{bad}人はこの公約・政策は悪いと考えています。"
    return sentence
