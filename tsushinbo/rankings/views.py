from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from tsushinbo.lib.paging import paginate
from tsushinbo.lib.prefectures import PREFECTURE_CHOICES
from tsushinbo.lib.scoring import display_score, score
from tsushinbo.politicians.models import OfficeKind, Party
from tsushinbo.rankings import queries
from tsushinbo.rankings.models import CRITERIA, Period, RankingEntry, SubjectKind

KIND_SLUGS: dict[str, str] = {
    "pledges": SubjectKind.PLEDGE,
    "politicians": SubjectKind.POLITICIAN,
    "parties": SubjectKind.PARTY,
}
OVERVIEW_ROWS = 5


@dataclass(frozen=True)
class RankedRow:
    rank: int
    entry: RankingEntry
    value: str  # the figure the list is ordered by, as shown
    n: int  # the votes behind that figure


def ranked(entries: list[RankingEntry], by: str, first_rank: int = 1) -> list[RankedRow]:
    return [
        RankedRow(first_rank + index, entry, *_figure(entry, by))
        for index, entry in enumerate(entries)
    ]


def _figure(entry: RankingEntry, by: str) -> tuple[str, int]:
    if by in CRITERIA:
        good, bad = getattr(entry, f"good_{by}"), getattr(entry, f"bad_{by}")
        shown = display_score(score(good, bad))
        return ("—" if shown is None else f"{shown} / 100"), good + bad
    if by == "good":
        return f"{entry.good}P", entry.votes
    if by == "progress":
        return f"{entry.progress}%", entry.votes
    if by == "comments":
        return f"{entry.comments}件", entry.votes
    shown = entry.score
    return ("—" if shown is None else f"{shown} / 100"), entry.votes


@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    period = request.GET.get("period") or queries.DEFAULT_PERIOD
    if period not in Period.values:
        period = queries.DEFAULT_PERIOD
    sections = [
        (
            slug,
            queries.KINDS[kind],
            ranked(queries.top(kind, period=period, limit=OVERVIEW_ROWS), "overall"),
        )
        for slug, kind in KIND_SLUGS.items()
    ]
    context = {
        "sections": sections,
        "period": period,
        "periods": Period.choices,
        "min_votes": queries.minimum_votes(),
    }
    return render(request, "rankings/overview.html", context)


@require_safe
def ranking_list(request: HttpRequest, kind_slug: str) -> HttpResponse:
    kind = KIND_SLUGS.get(kind_slug)
    if kind is None:
        raise Http404
    parties = {party.slug: party for party in Party.objects.order_by("name")}
    query, problems = queries.parse_query(request.GET, kind, parties=parties)
    # Capped: COUNT(*) reads at most MAX_ROWS index entries however large the period.
    page, page_problems = paginate(request, queries.ranking(query)[: queries.MAX_ROWS])
    first = page.start_index() or 1
    context = {
        "kind": kind,
        "kind_slug": kind_slug,
        "kind_label": queries.KINDS[kind],
        "query": query,
        "rows": ranked(list(page.object_list), query.by, first),
        "page_obj": page,
        "problems": problems + page_problems,
        "orderings": [(key, ordering.label) for key, ordering in queries.ORDERINGS.items()],
        "periods": Period.choices,
        "parties": list(parties.values()),
        "prefectures": PREFECTURE_CHOICES,
        "offices": OfficeKind.choices,
        "min_votes": queries.minimum_votes(),
        "filtered": queries.has_filters(query),
        "max_rows": queries.MAX_ROWS,
    }
    return render(request, "rankings/list.html", context)
