"""Site statistics: μ and σ of the scores per criterion, over pledges with ≥ N_MIN votes in it.

Freshness: exact at every vote. A vote changes at most a few criteria of one
pledge; `changes` turns the pledge's counters before and after into deltas
of the running sums (count, Σs, Σs², histogram bins) and `apply_changes`
adds them in the vote's transaction with one UPDATE. `recompute_statistics`
rebuilds the rows from the counters (nightly, after recount_votes, or after
changing N_MIN) and clears any floating-point drift.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Field, FloatField, IntegerField, Value, When
from django.utils import timezone

from tsushinbo.lib.scoring import Distribution, distribution_from_sums, score
from tsushinbo.pledges.models import Pledge
from tsushinbo.ratings.models import HISTOGRAM_BINS, Criterion, Statistic

Counters = Mapping[str, int]
Changes = dict[str, dict[str, float]]

INTEGER_FIELDS = {"pledge_count", *(f"bin_{index}" for index in range(HISTOGRAM_BINS))}


def criterion_counts(counters: Counters, criterion: str) -> tuple[int, int]:
    """(G, B) of a criterion; for 総合, over all reasons."""
    if criterion == Criterion.OVERALL:
        return counters["votes_good"], counters["votes_bad"]
    return counters[f"votes_good_{criterion}"], counters[f"votes_bad_{criterion}"]


def histogram_bin(good: int, bad: int) -> int:
    """The 10-point bin of s = 100·G/(G+B), in integers: floor(10·G/(G+B)), 100 in the top bin."""
    return min(HISTOGRAM_BINS - 1, 10 * good // (good + bad))


@dataclass(frozen=True)
class Contribution:
    value: float
    bin: int


def contribution(good: int, bad: int, n_min: int) -> Contribution | None:
    """What one pledge adds to a criterion's sums; None below n_min votes."""
    value = score(good, bad)
    if value is None or good + bad < n_min:
        return None
    return Contribution(value=value, bin=histogram_bin(good, bad))


def _add(change: dict[str, float], item: Contribution, sign: int) -> None:
    change["pledge_count"] = change.get("pledge_count", 0) + sign
    change["score_sum"] = change.get("score_sum", 0.0) + sign * item.value
    squares = change.get("score_sum_of_squares", 0.0) + sign * item.value * item.value
    change["score_sum_of_squares"] = squares
    bin_field = f"bin_{item.bin}"
    change[bin_field] = change.get(bin_field, 0) + sign


def changes(before: Counters, after: Counters, n_min: int | None = None) -> Changes:
    """Per criterion, the deltas to its sums when one pledge's counters go from before to after."""
    n_min = settings.N_MIN if n_min is None else n_min
    result: Changes = {}
    for criterion in Criterion.values:
        old_counts = criterion_counts(before, criterion)
        new_counts = criterion_counts(after, criterion)
        if old_counts == new_counts:
            continue
        old = contribution(*old_counts, n_min)
        new = contribution(*new_counts, n_min)
        if old is None and new is None:
            continue
        change: dict[str, float] = {}
        if old is not None:
            _add(change, old, -1)
        if new is not None:
            _add(change, new, +1)
        change = {column: value for column, value in change.items() if value}
        if change:
            result[criterion] = change
    return result


def merge(total: Changes, more: Changes) -> Changes:
    for criterion, change in more.items():
        target = total.setdefault(criterion, {})
        for column, value in change.items():
            target[column] = target.get(column, 0) + value
    return total


def apply_changes(all_changes: Changes) -> None:
    """Add the deltas to the statistics rows in one UPDATE (no query when there are none)."""
    columns = sorted({column for change in all_changes.values() for column in change})
    if not columns:
        return
    updates = {}
    for column in columns:
        output: Field[Any, Any] = IntegerField() if column in INTEGER_FIELDS else FloatField()
        whens = [
            When(criterion=criterion, then=Value(change[column], output_field=output))
            for criterion, change in all_changes.items()
            if column in change
        ]
        updates[column] = F(column) + Case(
            *whens, default=Value(0, output_field=output), output_field=output
        )
    Statistic.objects.filter(criterion__in=list(all_changes)).update(**updates)


def site_distributions() -> dict[str, Distribution]:
    """μ and σ per criterion, from the statistics table (one query)."""
    found = {
        row.criterion: distribution_from_sums(
            row.pledge_count, row.score_sum, row.score_sum_of_squares
        )
        for row in Statistic.objects.all()
    }
    empty = Distribution(count=0, mean=0.0, sd=0.0)
    return {criterion: found.get(criterion, empty) for criterion in Criterion.values}


@dataclass
class _Sums:
    values: list[float] = field(default_factory=list)
    bins: list[int] = field(default_factory=lambda: [0] * HISTOGRAM_BINS)

    def add(self, item: Contribution) -> None:
        self.values.append(item.value)
        self.bins[item.bin] += 1


def _sums_over(rows: Iterable[Counters], n_min: int) -> dict[str, _Sums]:
    sums = {criterion: _Sums() for criterion in Criterion.values}
    for counters in rows:
        for criterion in Criterion.values:
            item = contribution(*criterion_counts(counters, criterion), n_min)
            if item is not None:
                sums[criterion].add(item)
    return sums


def recompute_statistics(*, n_min: int | None = None) -> list[Statistic]:
    """Rebuild every row from the pledges' counters.

    The rows are locked first: a vote committing meanwhile waits on them and
    then applies its delta to the rebuilt sums, so nothing is lost or counted twice.
    """
    n_min = settings.N_MIN if n_min is None else n_min
    fields = ["votes_good", "votes_bad"] + [
        f"votes_{polarity}_{criterion}"
        for criterion in Criterion.values
        if criterion != Criterion.OVERALL
        for polarity in ("good", "bad")
    ]
    with transaction.atomic():
        for criterion in Criterion.values:
            Statistic.objects.get_or_create(criterion=criterion)
        list(Statistic.objects.select_for_update().order_by("criterion"))
        # A criterion's votes are a subset of the pledge's: fewer than n_min in
        # all cannot qualify anywhere, and most pledges are skipped in SQL.
        rows = (
            Pledge.objects.alias(total=F("votes_good") + F("votes_bad"))
            .filter(total__gte=n_min)
            .values(*fields)
            .iterator(chunk_size=5000)
        )
        sums = _sums_over(rows, n_min)
        now = timezone.now()
        saved = []
        for criterion, total in sums.items():
            row = Statistic.objects.get(criterion=criterion)
            row.pledge_count = len(total.values)
            row.score_sum = math.fsum(total.values)
            row.score_sum_of_squares = math.fsum(value * value for value in total.values)
            for index, count in enumerate(total.bins):
                setattr(row, f"bin_{index}", count)
            row.n_min = n_min
            row.recomputed_at = now
            row.save()
            saved.append(row)
    return saved
