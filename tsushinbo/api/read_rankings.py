"""Rankings and search: thin endpoints over tsushinbo.rankings.queries and tsushinbo.search."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.html import strip_tags
from ninja import Query, Router

from tsushinbo.api import schemas
from tsushinbo.api.errors import ApiError
from tsushinbo.api.paging import PAGE_NOT_FOUND, page_size_of, page_url, paginate
from tsushinbo.api.read_people import PAGE, PAGE_SIZE
from tsushinbo.politicians.models import OfficeKind, Party
from tsushinbo.rankings.models import Period, RankingEntry, SubjectKind
from tsushinbo.rankings.queries import DEFAULT_BY, ORDERINGS, RankingQuery, ranking
from tsushinbo.search.models import DocumentKind
from tsushinbo.search.queries import MAX_QUERY_LENGTH, search

router = Router()

UNKNOWN_PARTY = "政党の指定が正しくありません。"
BY_PATTERN = "^(" + "|".join(ORDERINGS) + ")$"


def _party(slug: str) -> Party | None:
    if not slug:
        return None
    party = Party.objects.filter(slug=slug).first()
    if party is None:
        raise ApiError(422, UNKNOWN_PARTY)
    return party


def _subject(request: HttpRequest, entry: RankingEntry) -> dict[str, Any]:
    subject = entry.subject
    if entry.kind == SubjectKind.PLEDGE:
        name = entry.pledge.title if entry.pledge else ""
    elif entry.kind == SubjectKind.POLITICIAN:
        name = entry.politician.full_name if entry.politician else ""
    else:
        name = entry.party.name if entry.party else ""
    url = subject.get_absolute_url() if subject is not None else ""  # type: ignore[attr-defined]
    return {
        "type": entry.kind,
        "id": entry.subject_id,
        "name": name,
        "url": request.build_absolute_uri(url) if url else None,
    }


def _entry(request: HttpRequest, entry: RankingEntry, rank: int) -> dict[str, Any]:
    party = entry.party
    return {
        "rank": rank,
        "subject": _subject(request, entry),
        "party": None
        if party is None
        else {"id": party.pk, "slug": party.slug, "name": party.name},
        "prefecture": entry.prefecture,
        "office": entry.office,
        "good": entry.good,
        "bad": entry.bad,
        "votes": entry.votes,
        "score": entry.score,
        "wilson_lower": round(entry.wilson, 1),
        "criteria": {
            criterion: {
                "good": getattr(entry, f"good_{criterion}"),
                "bad": getattr(entry, f"bad_{criterion}"),
                "votes": getattr(entry, f"votes_{criterion}"),
                "wilson_lower": round(getattr(entry, f"wilson_{criterion}"), 1),
            }
            for criterion in ("clarity", "feasibility", "sincerity")
        },
        "progress": entry.progress,
        "comments": entry.comments,
        "refreshed_at": entry.refreshed_at,
    }


@router.get(
    "/rankings/{kind}",
    response={200: schemas.RankingPage, schemas.ERRORS: schemas.ErrorOut},
    tags=["rankings"],
    summary="Rankings of pledges, politicians or parties (as on /rankings/)",
)
def rankings(
    request: HttpRequest,
    kind: SubjectKind,
    by: str = Query(DEFAULT_BY, pattern=BY_PATTERN, description=", ".join(ORDERINGS)),
    period: Period = Period.MONTH,
    party: str = Query("", max_length=60, description="Party slug"),
    prefecture: int | None = Query(None, ge=1, le=47),
    office: OfficeKind | None = None,
    page: int = PAGE,
    page_size: int | None = PAGE_SIZE,
) -> dict[str, Any]:
    query = RankingQuery(
        kind=kind.value,
        by=by,
        period=period.value,
        party=_party(party),
        prefecture=prefecture if kind != SubjectKind.PARTY else None,
        office=office.value if office is not None and kind != SubjectKind.PARTY else "",
    )
    start = (page - 1) * page_size_of(page_size)
    body = paginate(
        request,
        ranking(query),
        page=page,
        page_size=page_size,
        represent=lambda rows: [
            _entry(request, row, start + index + 1) for index, row in enumerate(rows)
        ],
    )
    return body | {
        "kind": kind.value,
        "by": by,
        "period": query.effective_period,
        "min_votes": settings.RANKING_MIN_VOTES,
    }


@router.get(
    "/search",
    response={200: schemas.SearchPage, schemas.ERRORS: schemas.ErrorOut},
    tags=["search"],
    summary="Full-text search of politicians, pledges and activity reports (as on /search/)",
)
def search_all(
    request: HttpRequest,
    q: str = Query("", max_length=MAX_QUERY_LENGTH, description="Words; all must match"),
    kind: DocumentKind | None = None,
    party: str = Query("", max_length=60, description="Party slug"),
    prefecture: int | None = Query(None, ge=1, le=47),
    page: int = PAGE,
) -> dict[str, Any]:
    party_row = _party(party)
    found = search(
        q,
        kinds=[kind.value] if kind is not None else (),
        party=party_row.pk if party_row is not None else None,
        prefecture=prefecture,
        page=page,
    )
    current = found.page
    if current is not None and current.number != page:
        raise ApiError(404, PAGE_NOT_FOUND, code="page_not_found")
    if current is None and page > 1:
        raise ApiError(404, PAGE_NOT_FOUND, code="page_not_found")
    return {
        "count": found.total,
        "next": page_url(request, page + 1) if current is not None and current.has_next() else None,
        "previous": page_url(request, page - 1) if page > 1 else None,
        "counts": found.counts,
        "problems": found.problems,
        "results": [
            {
                "kind": result.kind,
                "id": result.id,
                "title": result.title,
                "snippet": strip_tags(result.snippet),
                "snippet_html": str(result.snippet),
                "url": request.build_absolute_uri(result.url),
            }
            for result in found.results
        ],
    }
