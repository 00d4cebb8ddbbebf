"""Find suspicious waves of new votes: far above a pledge's baseline, or from one network.

Windows are clock hours. A surge is an hour with at least `min_votes` new votes
on a pledge and at least `factor` times its average hour over the previous
`baseline_days`. A concentrated wave is an hour in which one network key cast
at least `concentration_min` of a pledge's new votes and at least
`concentration_share` of them. Moderators review what is found
(/moderation/votes/); nothing is voided automatically.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncHour

from tsushinbo.ratings.models import BurstKind, Vote

WINDOW = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class Thresholds:
    min_votes: int = 20
    factor: float = 10.0
    baseline_days: int = 7
    concentration_min: int = 10
    concentration_share: float = 0.5


@dataclass(frozen=True)
class Candidate:
    pledge_id: int
    kind: str
    starts_at: datetime.datetime
    network_key: str
    vote_count: int
    baseline: float
    share: float

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + WINDOW


Hours = dict[tuple[int, datetime.datetime], int]


def _hourly(since: datetime.datetime, until: datetime.datetime) -> Hours:
    """New active votes per (pledge, clock hour)."""
    rows = (
        Vote.objects.active()
        .filter(created_at__gte=since, created_at__lt=until)
        .annotate(hour=TruncHour("created_at"))
        .values("pledge_id", "hour")
        .annotate(n=Count("id"))
    )
    return {(row["pledge_id"], row["hour"]): row["n"] for row in rows}


def _baseline(pledge_id: int, hour: datetime.datetime, days: int) -> float:
    start = hour - datetime.timedelta(days=days)
    count = Vote.objects.active().filter(pledge_id=pledge_id).created_between(start, hour).count()
    return count / (days * 24)


def find_bursts(
    *, since: datetime.datetime, until: datetime.datetime, thresholds: Thresholds
) -> list[Candidate]:
    """Candidate waves among votes created in [since, until)."""
    totals = _hourly(since, until)
    found: list[Candidate] = []
    for (pledge_id, hour), count in sorted(
        totals.items(), key=lambda item: (item[0][1], item[0][0])
    ):
        if count < thresholds.min_votes:
            continue
        baseline = _baseline(pledge_id, hour, thresholds.baseline_days)
        # A pledge with no history has a floor of one vote a day as its baseline.
        if count >= thresholds.factor * max(baseline, 1 / 24):
            found.append(Candidate(pledge_id, BurstKind.SURGE, hour, "", count, baseline, 0.0))
    found += _concentrated(since, until, totals, thresholds)
    return found


def _concentrated(
    since: datetime.datetime,
    until: datetime.datetime,
    totals: Hours,
    thresholds: Thresholds,
) -> list[Candidate]:
    rows = (
        Vote.objects.active()
        .filter(created_at__gte=since, created_at__lt=until)
        .exclude(network_key="")
        .annotate(hour=TruncHour("created_at"))
        .values("pledge_id", "hour", "network_key")
        .annotate(n=Count("id"))
        .filter(n__gte=thresholds.concentration_min)
        .order_by("hour", "pledge_id")
    )
    found = []
    for row in rows:
        total = totals[(row["pledge_id"], row["hour"])]
        share = row["n"] / total
        if share < thresholds.concentration_share:
            continue
        baseline = _baseline(row["pledge_id"], row["hour"], thresholds.baseline_days)
        found.append(
            Candidate(
                pledge_id=row["pledge_id"],
                kind=BurstKind.CONCENTRATED,
                starts_at=row["hour"],
                network_key=row["network_key"],
                vote_count=row["n"],
                baseline=baseline,
                share=share,
            )
        )
    return found
