"""Rebuild the ranking rows from the votes: the scheduled half of keeping them fresh.

Per period: one grouped query over the votes cast in the window (for 全期間,
the pledges' own counters, which the vote path keeps exact), one or two
grouped queries over the comments, then the rows of that period are replaced
in one transaction with batched inserts. Memory is bounded by the number of
pledges (a tuple each), not by the number of votes.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from tsushinbo.activities.models import ActivityReport
from tsushinbo.comments.models import Comment, visible_q
from tsushinbo.pledges.models import Pledge, ProgressStatus
from tsushinbo.rankings.caching import invalidate_rankings
from tsushinbo.rankings.counts import (
    DERIVED_FIELDS,
    PLEDGE_COUNTER_TO_FIELD,
    add_into,
    derived,
    zero_counts,
)
from tsushinbo.rankings.models import (
    CRITERIA,
    VOTE_FIELDS,
    Period,
    RankingEntry,
    SubjectKind,
    period_start,
)
from tsushinbo.ratings.models import Polarity, Vote

BATCH_SIZE = 2000
ITERATOR_CHUNK = 5000


@dataclass(frozen=True)
class PledgeInfo:
    politician_id: int | None
    party_id: int | None  # the effective party: its own, or its politician's current one
    politician_party_id: int | None
    prefecture: int | None
    office: str
    progress: int
    rated: bool
    counters: tuple[int, ...]  # the pledge's all-time counts, in VOTE_FIELDS order


@dataclass
class _Aggregate:
    counts: dict[str, int] = field(default_factory=zero_counts)
    comments: int = 0
    progress_sum: int = 0
    progress_n: int = 0
    active: bool = False


def refresh_rankings(
    *, periods: list[str] | None = None, now: datetime.datetime | None = None
) -> dict[str, int]:
    """Replace the rows of each period; returns how many rows each period now has."""
    now = now or timezone.now()
    pledges = load_pledges()
    written = {}
    for period in periods or Period.values:
        rows = list(build_rows(period, pledges, now))
        with transaction.atomic():
            RankingEntry.objects.filter(period=period).delete()
            written[period] = _insert(iter(rows))
    invalidate_rankings()
    return written


def load_pledges() -> dict[int, PledgeInfo]:
    """Every visible pledge's owner, progress and all-time counts (one streamed query)."""
    counter_columns = list(PLEDGE_COUNTER_TO_FIELD)
    rows = (
        Pledge.objects.visible()
        .annotate(effective_party=Coalesce("party_id", "politician__party_id"))
        .order_by()
        .values_list(
            "pk",
            "politician_id",
            "effective_party",
            "politician__party_id",
            "politician__prefecture",
            "politician__office",
            "progress_percent",
            "progress_status",
            *counter_columns,
        )
    )
    order = [list(PLEDGE_COUNTER_TO_FIELD.values()).index(name) for name in VOTE_FIELDS]
    pledges = {}
    for (
        pk,
        politician,
        party,
        politician_party,
        pref,
        office,
        progress,
        status,
        *counts,
    ) in rows.iterator(chunk_size=ITERATOR_CHUNK):
        pledges[pk] = PledgeInfo(
            politician_id=politician,
            party_id=party,
            politician_party_id=politician_party,
            prefecture=pref,
            office=office or "",
            progress=progress,
            rated=status != ProgressStatus.NOT_RATED,
            counters=tuple(counts[i] for i in order),
        )
    return pledges


def windowed_vote_counts(since: datetime.datetime) -> Iterator[tuple[int, dict[str, int]]]:
    """Active votes cast since `since`, counted per pledge in one grouped query."""
    aggregates = {
        "good": Count("id", filter=Q(polarity=Polarity.GOOD)),
        "bad": Count("id", filter=Q(polarity=Polarity.BAD)),
    }
    for criterion in CRITERIA:
        for polarity in Polarity.values:
            aggregates[f"{polarity}_{criterion}"] = Count(
                "id", filter=Q(polarity=polarity, reason=criterion)
            )
    rows = (
        Vote.objects.active()
        .filter(created_at__gte=since)
        .order_by()
        .values("pledge_id")
        .annotate(**aggregates)
    )
    for row in rows.iterator(chunk_size=ITERATOR_CHUNK):
        yield row.pop("pledge_id"), row


def comment_counts(
    since: datetime.datetime | None,
) -> tuple[dict[int, int], dict[int, int]]:
    """Public comments published in the window: per pledge, and per politician (on reports)."""
    window = Q() if since is None else Q(published_at__gte=since)
    on_pledges = (
        Comment.objects.filter(visible_q(), window, pledge__isnull=False)
        .order_by()
        .values_list("pledge_id")
        .annotate(n=Count("id"))
    )
    public_reports = ActivityReport.objects.public().values("pk")
    on_reports = (
        Comment.objects.filter(visible_q(), window, report__in=public_reports)
        .order_by()
        .values_list("report__politician_id")
        .annotate(n=Count("id"))
    )
    return dict(on_pledges.iterator()), dict(on_reports.iterator())


def build_rows(
    period: str, pledges: dict[int, PledgeInfo], now: datetime.datetime
) -> Iterator[Row]:
    since = period_start(period, now)
    stamp = connection.ops.adapt_datetimefield_value(now)
    if since is None:
        votes = {
            pk: dict(zip(VOTE_FIELDS, info.counters, strict=True)) for pk, info in pledges.items()
        }
    else:
        votes = {pk: counts for pk, counts in windowed_vote_counts(since) if pk in pledges}
    pledge_comments, report_comments = comment_counts(since)
    politicians: dict[int, _Aggregate] = defaultdict(_Aggregate)
    parties: dict[int, _Aggregate] = defaultdict(_Aggregate)
    every = since is None
    for pk, info in pledges.items():
        counts = votes.get(pk) or zero_counts()
        comments = pledge_comments.get(pk, 0)
        active = every or bool(counts["good"] or counts["bad"] or comments)
        owners = []
        if info.politician_id is not None:
            owners.append(politicians[info.politician_id])
        if info.party_id is not None:
            owners.append(parties[info.party_id])
        for aggregate in owners:
            add_into(aggregate.counts, counts)
            aggregate.comments += comments
            aggregate.active = aggregate.active or active
            if info.rated:
                aggregate.progress_sum += info.progress
                aggregate.progress_n += 1
        if active:
            yield _pledge_row(period, pk, info, counts, comments, stamp)
    yield from _owner_rows(period, pledges, politicians, parties, report_comments, stamp)


Row = tuple[object, ...]  # values in ROW_COLUMNS order
ROW_COLUMNS: tuple[str, ...] = (
    "kind",
    "period",
    "subject_id",
    *VOTE_FIELDS,
    *DERIVED_FIELDS,
    "pledge_id",
    "politician_id",
    "party_id",
    "prefecture",
    "office",
    "progress",
    "comments",
    "refreshed_at",
)
_OPTIONAL = (
    "pledge_id",
    "politician_id",
    "party_id",
    "prefecture",
    "office",
    "progress",
    "comments",
)
_OPTIONAL_DEFAULTS: dict[str, object] = {"office": "", "progress": 0, "comments": 0}


def _row(kind: str, period: str, subject_id: int, counts: dict[str, int], **fields: object) -> Row:
    """Plain tuples, not model instances: building 100,000 instances took longer than the SQL."""
    figures = derived(counts)
    return (
        kind,
        period,
        subject_id,
        *(counts[name] for name in VOTE_FIELDS),
        *(figures[name] for name in DERIVED_FIELDS),
        *(fields.get(name, _OPTIONAL_DEFAULTS.get(name)) for name in _OPTIONAL),
        fields["refreshed_at"],
    )


def _insert(rows: Iterator[Row]) -> int:
    """Batched executemany INSERTs; returns the number of rows."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in ROW_COLUMNS)
    marks = ", ".join(["%s"] * len(ROW_COLUMNS))
    sql = f"INSERT INTO {quote(RankingEntry._meta.db_table)} ({columns}) VALUES ({marks})"
    written = 0
    with connection.cursor() as cursor:
        for batch in _batched(rows):
            cursor.executemany(sql, batch)  # type: ignore[arg-type]
            written += len(batch)
    return written


def _batched(rows: Iterator[Row]) -> Iterator[list[Row]]:
    batch: list[Row] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def _pledge_row(
    period: str,
    pk: int,
    info: PledgeInfo,
    counts: dict[str, int],
    comments: int,
    stamp: object,
) -> Row:
    return _row(
        SubjectKind.PLEDGE,
        period,
        pk,
        counts,
        pledge_id=pk,
        politician_id=info.politician_id,
        party_id=info.party_id,
        prefecture=info.prefecture,
        office=info.office,
        progress=info.progress,
        comments=comments,
        refreshed_at=stamp,
    )


def _owner_rows(
    period: str,
    pledges: dict[int, PledgeInfo],
    politicians: dict[int, _Aggregate],
    parties: dict[int, _Aggregate],
    report_comments: dict[int, int],
    stamp: object,
) -> Iterator[Row]:
    politician_info = {
        info.politician_id: info for info in pledges.values() if info.politician_id is not None
    }
    for politician_id, extra in report_comments.items():
        aggregate = politicians.get(politician_id)
        info = politician_info.get(politician_id)
        if aggregate is None or info is None:
            continue  # rankings cover politicians with at least one visible pledge
        aggregate.comments += extra
        aggregate.active = aggregate.active or extra > 0
        if info.politician_party_id is not None and info.politician_party_id in parties:
            parties[info.politician_party_id].comments += extra
    for politician_id, aggregate in politicians.items():
        if aggregate.active:
            info = politician_info[politician_id]
            yield _row(
                SubjectKind.POLITICIAN,
                period,
                politician_id,
                aggregate.counts,
                politician_id=politician_id,
                party_id=info.politician_party_id,
                prefecture=info.prefecture,
                office=info.office,
                progress=_mean_progress(aggregate),
                comments=aggregate.comments,
                refreshed_at=stamp,
            )
    for party_id, aggregate in parties.items():
        if aggregate.active:
            yield _row(
                SubjectKind.PARTY,
                period,
                party_id,
                aggregate.counts,
                party_id=party_id,
                progress=_mean_progress(aggregate),
                comments=aggregate.comments,
                refreshed_at=stamp,
            )


def _mean_progress(aggregate: _Aggregate) -> int:
    if not aggregate.progress_n:
        return 0
    return round(aggregate.progress_sum / aggregate.progress_n)
