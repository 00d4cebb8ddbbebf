"""Keep the ranking rows fresh at each vote, in the vote's transaction.

A vote counts in every period whose window contains its creation time, so a
new vote moves the rows of all four periods and a change to an old vote only
those of the longer ones. Votes that age out of a window are left to the
scheduled `manage.py refresh_rankings`.

Cost on the hot path (one pledge whose rows exist): one SELECT … FOR UPDATE of
the pledge's, its politician's and its party's rows (at most 12), and one
executemany UPDATE of them by primary key.
A subject without rows yet (new since the last refresh, or a politician who
changed party) costs three statements more: read the pledge, insert the rows,
read them again.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from tsushinbo.pledges.models import Pledge
from tsushinbo.rankings.caching import invalidate_rankings
from tsushinbo.rankings.counts import DERIVED_FIELDS, derived, ranking_change
from tsushinbo.rankings.models import VOTE_FIELDS, Period, RankingEntry, SubjectKind, period_start

# What the vote path reads of a row (the rest stays deferred).
READ_COLUMNS: tuple[str, ...] = (
    "id",
    "kind",
    "period",
    "subject_id",
    "politician_id",
    "party_id",
    *VOTE_FIELDS,
)
Key = tuple[str, str, int]  # kind, period, subject id


@dataclass(frozen=True)
class VoteChange:
    """One vote's move: its pledge, when it was cast, the pledge-counter delta it made."""

    pledge_id: int
    cast_at: datetime.datetime
    counters: Mapping[str, int]


@dataclass(frozen=True)
class _Owner:
    politician_id: int | None
    party_id: int | None


def periods_counting(cast_at: datetime.datetime, now: datetime.datetime) -> list[str]:
    """The periods whose window (as of now) contains a vote cast at cast_at."""
    return [
        period
        for period in Period.values
        if (start := period_start(period, now)) is None or cast_at >= start
    ]


def apply_vote_changes(
    changes: Iterable[VoteChange], *, now: datetime.datetime | None = None
) -> None:
    """Move the ranking rows of the changed pledges; call inside the vote's transaction."""
    now = now or timezone.now()
    moves: dict[int, dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    for change in changes:
        moved = ranking_change(change.counters)
        for period in periods_counting(change.cast_at, now) if moved else []:
            for field, value in moved.items():
                moves[change.pledge_id][period][field] += value
    if not moves:
        return
    periods = sorted({period for by_period in moves.values() for period in by_period})
    rows = _locked_rows(list(moves), periods)
    owners = _owners_from_rows(moves, rows)
    if owners is None:
        owners = _create_missing(moves, rows, now)
        rows = _locked_rows(list(moves), periods)
    _write(_apply(moves, rows, owners))
    transaction.on_commit(invalidate_rankings)


def _write(rows: list[RankingEntry]) -> None:
    """One executemany UPDATE by primary key (bulk_update's CASE expressions cost ~0.2 s here)."""
    if not rows:
        return
    fields = [*VOTE_FIELDS, *DERIVED_FIELDS]
    quote = connection.ops.quote_name  # the field names are the column names
    assignments = ", ".join(f"{quote(name)} = %s" for name in fields)
    sql = f"UPDATE {quote(RankingEntry._meta.db_table)} SET {assignments} WHERE id = %s"
    params = [[*(getattr(row, name) for name in fields), row.pk] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _locked_rows(pledge_ids: list[int], periods: list[str]) -> dict[Key, RankingEntry]:
    """The pledges', their politicians' and their parties' rows, locked in primary-key order.

    Raw SQL because this runs at every vote: the ORM spent longer compiling the
    equivalent Q/Subquery tree than the database spent running it.
    """
    quote = connection.ops.quote_name
    ranking, pledge = RankingEntry._meta.db_table, Pledge._meta.db_table
    politician = Pledge._meta.get_field("politician").related_model._meta.db_table  # type: ignore[union-attr]
    ids = ", ".join(["%s"] * len(pledge_ids))
    marks = ", ".join(["%s"] * len(periods))
    columns = ", ".join(quote(name) for name in READ_COLUMNS)
    sql = (
        f"SELECT {columns} FROM {quote(ranking)} WHERE period IN ({marks}) AND ("
        f"(kind = %s AND subject_id IN ({ids}))"
        f" OR (kind = %s AND subject_id IN (SELECT politician_id FROM {quote(pledge)}"
        f" WHERE id IN ({ids}) AND politician_id IS NOT NULL))"
        f" OR (kind = %s AND subject_id IN (SELECT COALESCE(p.party_id, o.party_id)"
        f" FROM {quote(pledge)} p LEFT JOIN {quote(politician)} o ON o.id = p.politician_id"
        f" WHERE p.id IN ({ids})))"
        f") ORDER BY id"
    )
    if connection.features.has_select_for_update:
        sql += " FOR UPDATE"
    params = [
        *periods,
        SubjectKind.PLEDGE.value,
        *pledge_ids,
        SubjectKind.POLITICIAN.value,
        *pledge_ids,
        SubjectKind.PARTY.value,
        *pledge_ids,
    ]
    rows = RankingEntry.objects.raw(sql, params)
    return {(row.kind, row.period, row.subject_id): row for row in rows}


def _targets(pledge_id: int, owner: _Owner, period: str) -> list[Key]:
    keys: list[Key] = [(SubjectKind.PLEDGE, period, pledge_id)]
    if owner.politician_id is not None:
        keys.append((SubjectKind.POLITICIAN, period, owner.politician_id))
    if owner.party_id is not None:
        keys.append((SubjectKind.PARTY, period, owner.party_id))
    return keys


def _owners_from_rows(
    moves: Mapping[int, Mapping[str, object]], rows: Mapping[Key, RankingEntry]
) -> dict[int, _Owner] | None:
    """Each pledge's owner as its rows say, or None when a row the vote needs is missing."""
    owners = {}
    for pledge_id, by_period in moves.items():
        any_row = next(
            (rows[key] for p in by_period if (key := (SubjectKind.PLEDGE, p, pledge_id)) in rows),
            None,
        )
        if any_row is None:
            return None
        owner = _Owner(any_row.politician_id, any_row.party_id)
        if any(key not in rows for p in by_period for key in _targets(pledge_id, owner, p)):
            return None
        owners[pledge_id] = owner
    return owners


def _create_missing(
    moves: Mapping[int, Mapping[str, object]],
    rows: Mapping[Key, RankingEntry],
    now: datetime.datetime,
) -> dict[int, _Owner]:
    """Insert zero rows for the subjects that have none yet; returns each pledge's owner."""
    meta = (
        Pledge.objects.filter(pk__in=list(moves))
        .annotate(effective_party=Coalesce("party_id", "politician__party_id"))
        .values(
            "pk",
            "politician_id",
            "effective_party",
            "politician__party_id",
            "politician__prefecture",
            "politician__office",
            "progress_percent",
        )
    )
    owners: dict[int, _Owner] = {}
    new_rows: dict[Key, RankingEntry] = {}
    for item in meta:
        owner = _Owner(item["politician_id"], item["effective_party"])
        owners[item["pk"]] = owner
        for period in moves[item["pk"]]:
            for key in _targets(item["pk"], owner, period):
                if key not in rows:
                    new_rows[key] = _new_row(key, item, now)
    RankingEntry.objects.bulk_create(new_rows.values(), ignore_conflicts=True)
    return owners


def _new_row(key: Key, item: Mapping[str, object], now: datetime.datetime) -> RankingEntry:
    kind, period, subject_id = key
    row = RankingEntry(kind=kind, period=period, subject_id=subject_id, refreshed_at=now)
    if kind == SubjectKind.PARTY:
        row.party_id = subject_id
        return row
    row.politician_id = item["politician_id"]  # type: ignore[assignment]
    row.prefecture = item["politician__prefecture"]  # type: ignore[assignment]
    row.office = item["politician__office"] or ""  # type: ignore[assignment]
    if kind == SubjectKind.PLEDGE:
        row.pledge_id = subject_id
        row.party_id = item["effective_party"]  # type: ignore[assignment]
        row.progress = item["progress_percent"]  # type: ignore[assignment]
    else:
        row.party_id = item["politician__party_id"]  # type: ignore[assignment]
    return row


def _apply(
    moves: Mapping[int, Mapping[str, Mapping[str, int]]],
    rows: Mapping[Key, RankingEntry],
    owners: Mapping[int, _Owner],
) -> list[RankingEntry]:
    changed: dict[Key, RankingEntry] = {}
    for pledge_id, by_period in moves.items():
        owner = owners.get(pledge_id)
        if owner is None:  # the pledge was deleted meanwhile
            continue
        for period, fields in by_period.items():
            for key in _targets(pledge_id, owner, period):
                row = rows.get(key)
                if row is None:
                    continue
                for field, value in fields.items():
                    setattr(row, field, getattr(row, field) + value)
                changed[key] = row
    for row in changed.values():
        for name, figure in derived({f: getattr(row, f) for f in VOTE_FIELDS}).items():
            setattr(row, name, figure)
    return list(changed.values())
