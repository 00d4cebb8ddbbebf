"""Ranking reads for the pages and the JSON API (`/api/v1/rankings`).

Contract for callers:

    ranking(query: RankingQuery) -> RankingEntryQuerySet
        The rows of query.kind in query.period, ordered best first, with
        pledge/politician/party joined (select_related) and the filters
        applied. Never aggregates votes: it reads the precomputed rows.
        Paginate the result (one COUNT and one SELECT per page).

    parse_query(params: Mapping[str, str], kind: str) -> tuple[RankingQuery, list[str]]
        Read by / period / party (slug) / prefecture (JIS code 1–47) /
        office (OfficeKind value) from request parameters. Bad values fall
        back to the defaults and come back as Japanese messages.

    top(kind: str, *, by: str = "overall", period: str = "30d", limit: int = 5)
        -> list[RankingEntry]: a short excerpt (home page, /rankings/).

Each row carries n (`votes`, and `votes_<criterion>`), G and B (`good`,
`bad`), the Wilson lower bounds (`wilson`, `wilson_<criterion>`) in percent,
`progress` (percent), `comments`, and `score` (総合 as shown, or None).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F

from tsushinbo.lib.prefectures import parse_prefecture
from tsushinbo.politicians.models import OfficeKind, Party
from tsushinbo.rankings.models import Period, RankingEntry, RankingEntryQuerySet, SubjectKind


@dataclass(frozen=True)
class Ordering:
    label: str
    keys: tuple[str, ...]
    # The n that must reach RANKING_MIN_VOTES for a row to be ranked (None: no minimum).
    minimum_on: str | None = None
    # Progress is a state, not a count of events: it is ranked over all time.
    fixed_period: str | None = None


ORDERINGS: dict[str, Ordering] = {
    "overall": Ordering("総合（Wilson下限）", ("-wilson", "-votes"), minimum_on="votes"),
    "good": Ordering("支持ポイント", ("-good", "-votes")),
    "progress": Ordering("進捗率", ("-progress", "-votes"), fixed_period=Period.ALL),
    "clarity": Ordering("明確さ", ("-wilson_clarity", "-votes_clarity"), "votes_clarity"),
    "feasibility": Ordering(
        "現実性", ("-wilson_feasibility", "-votes_feasibility"), "votes_feasibility"
    ),
    "sincerity": Ordering("誠実さ", ("-wilson_sincerity", "-votes_sincerity"), "votes_sincerity"),
    "comments": Ordering("コメント数", ("-comments", "-votes")),
}
DEFAULT_BY = "overall"
# Lists stop here: nobody pages past it, and it keeps COUNT(*) bounded at any scale.
MAX_ROWS = 1000
DEFAULT_PERIOD = Period.MONTH.value
KINDS: dict[str, str] = {
    SubjectKind.PLEDGE: "公約・政策",
    SubjectKind.POLITICIAN: "政治家",
    SubjectKind.PARTY: "政党",
}


@dataclass(frozen=True)
class RankingQuery:
    kind: str = SubjectKind.PLEDGE
    by: str = DEFAULT_BY
    period: str = DEFAULT_PERIOD
    party: Party | None = None
    prefecture: int | None = None
    office: str = ""
    problems: tuple[str, ...] = field(default=(), compare=False)

    @property
    def ordering(self) -> Ordering:
        return ORDERINGS[self.by]

    @property
    def effective_period(self) -> str:
        return self.ordering.fixed_period or self.period


def minimum_votes() -> int:
    return int(settings.RANKING_MIN_VOTES)


def parse_query(
    params: Mapping[str, str], kind: str, *, parties: Mapping[str, Party] | None = None
) -> tuple[RankingQuery, list[str]]:
    """The query named by the parameters; bad values are dropped with a message.

    `parties` maps slug → Party; without it the party is looked up (one query).
    """
    problems: list[str] = []
    by = params.get("by") or DEFAULT_BY
    if by not in ORDERINGS:
        problems.append("並べ替えの指定が正しくありません。総合順で表示しています。")
        by = DEFAULT_BY
    period = params.get("period") or DEFAULT_PERIOD
    if period not in Period.values:
        problems.append("期間の指定が正しくありません。直近30日間で表示しています。")
        period = DEFAULT_PERIOD
    party = _party(params.get("party") or "", parties, problems)
    prefecture = None
    if params.get("prefecture"):
        prefecture = parse_prefecture(params["prefecture"])
        if prefecture is None:
            problems.append("都道府県の指定が正しくありません。")
    office = params.get("office") or ""
    if office and office not in OfficeKind.values:
        problems.append("役職の指定が正しくありません。")
        office = ""
    if kind == SubjectKind.PARTY:
        prefecture, office = None, ""  # parties have neither
    query = RankingQuery(kind, by, period, party, prefecture, office, tuple(problems))
    return query, problems


def _party(slug: str, parties: Mapping[str, Party] | None, problems: list[str]) -> Party | None:
    if not slug:
        return None
    party = parties.get(slug) if parties is not None else Party.objects.filter(slug=slug).first()
    if party is None:
        problems.append("政党の指定が正しくありません。")
    return party


def ranking(query: RankingQuery) -> RankingEntryQuerySet:
    rows = (
        RankingEntry.objects.of(query.kind, query.effective_period)
        .public()
        .select_related("pledge", "politician", "party", "pledge__party")
    )
    ordering = query.ordering
    if ordering.minimum_on is not None:
        rows = rows.filter(**{f"{ordering.minimum_on}__gte": minimum_votes()})
    if query.by == "good":
        rows = rows.filter(good__gt=0)
    elif query.by == "comments":
        rows = rows.filter(comments__gt=0)
    if query.party is not None:
        rows = rows.filter(party=query.party)
    if query.prefecture is not None:
        rows = rows.filter(prefecture=query.prefecture)
    if query.office:
        rows = rows.filter(office=query.office)
    return rows.order_by(*ordering.keys, F("subject_id").asc())


def top(
    kind: str, *, by: str = DEFAULT_BY, period: str = DEFAULT_PERIOD, limit: int = 5
) -> list[RankingEntry]:
    return list(ranking(RankingQuery(kind=kind, by=by, period=period))[:limit])


def has_filters(query: RankingQuery) -> bool:
    return bool(query.party or query.prefecture or query.office)


__all__ = ["ORDERINGS", "RankingQuery", "has_filters", "parse_query", "ranking", "top"]
