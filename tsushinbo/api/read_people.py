"""Read endpoints for politicians, parties, memberships, elections and candidacies."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from tsushinbo.api import representations as rep
from tsushinbo.api import schemas
from tsushinbo.api.paging import paginate
from tsushinbo.elections.models import (
    Candidacy,
    Election,
    ElectionKind,
    ElectionScope,
    japan_today,
)
from tsushinbo.politicians.models import OfficeKind, Party, PartyMembership, Politician

router = Router()

PAGE = Query(1, ge=1, description="Page number, from 1")
PAGE_SIZE = Query(None, ge=1, le=1000, description="Rows per page (capped by API_MAX_PAGE_SIZE)")
PREFECTURE = Query(None, ge=1, le=47, description="JIS X 0401 prefecture code (1–47)")
QUERY_MAX_LENGTH = 100


@router.get(
    "/politicians",
    response={200: schemas.PoliticianPage, schemas.ERRORS: schemas.ErrorOut},
    tags=["politicians"],
    summary="Politicians (directory order: kana)",
)
def politicians(
    request: HttpRequest,
    q: str = Query("", max_length=QUERY_MAX_LENGTH, description="Name or reading"),
    party: str = Query("", max_length=60, description="Current party's slug"),
    prefecture: int | None = PREFECTURE,
    office: OfficeKind | None = None,
    page: int = PAGE,
    page_size: int | None = PAGE_SIZE,
) -> dict[str, Any]:
    rows = Politician.objects.for_listing()
    if q.strip():
        rows = rows.matching(q)
    if party:
        rows = rows.filter(party__slug=party)
    if prefecture is not None:
        rows = rows.filter(prefecture=prefecture)
    if office is not None:
        rows = rows.filter(office=office.value)
    return paginate(
        request,
        rows,
        page=page,
        page_size=page_size,
        represent=lambda found: rep.represent_all(request, found, rep.politician_dict),
    )


@router.get(
    "/politicians/{politician_id}",
    response={200: schemas.PoliticianDetailOut, schemas.ERRORS: schemas.ErrorOut},
    tags=["politicians"],
)
def politician(request: HttpRequest, politician_id: int) -> dict[str, Any]:
    found = get_object_or_404(Politician.objects.select_related("party"), pk=politician_id)
    memberships = found.memberships.select_related("party").order_by("start_date", "id")
    for membership in memberships:
        membership.politician = found
    return rep.politician_dict(request, found) | {
        "memberships": [rep.membership_dict(membership) for membership in memberships]
    }


@router.get(
    "/parties",
    response={200: schemas.PartyPage, schemas.ERRORS: schemas.ErrorOut},
    tags=["parties"],
    summary="Parties, largest first",
)
def parties(
    request: HttpRequest, page: int = PAGE, page_size: int | None = PAGE_SIZE
) -> dict[str, Any]:
    rows = Party.objects.with_counts().order_by("-member_count", "name", "id")
    return paginate(
        request,
        rows,
        page=page,
        page_size=page_size,
        represent=lambda found: rep.represent_all(request, found, rep.party_dict),
    )


@router.get(
    "/parties/{slug}",
    response={200: schemas.PartyOut, schemas.ERRORS: schemas.ErrorOut},
    tags=["parties"],
)
def party(request: HttpRequest, slug: str) -> dict[str, Any]:
    return rep.party_dict(request, get_object_or_404(Party.objects.with_counts(), slug=slug))


@router.get(
    "/memberships",
    response={200: schemas.MembershipPage, schemas.ERRORS: schemas.ErrorOut},
    tags=["parties"],
    summary="Party memberships with dates",
)
def memberships(
    request: HttpRequest,
    politician: int | None = Query(None, ge=1, description="Politician id"),
    party: str = Query("", max_length=60, description="Party slug"),
    page: int = PAGE,
    page_size: int | None = PAGE_SIZE,
) -> dict[str, Any]:
    rows = PartyMembership.objects.select_related("politician", "party").order_by(
        "politician_id", "start_date", "id"
    )
    if politician is not None:
        rows = rows.filter(politician_id=politician)
    if party:
        rows = rows.filter(party__slug=party)
    return paginate(
        request,
        rows,
        page=page,
        page_size=page_size,
        represent=lambda found: [rep.membership_dict(row) for row in found],
    )


@router.get(
    "/elections",
    response={200: schemas.ElectionPage, schemas.ERRORS: schemas.ErrorOut},
    tags=["elections"],
    summary="Elections, newest vote date first (upcoming=true: soonest first)",
)
def elections(
    request: HttpRequest,
    upcoming: bool | None = Query(None, description="true: upcoming only; false: past only"),
    kind: ElectionKind | None = None,
    scope: ElectionScope | None = None,
    prefecture: int | None = Query(
        None, ge=1, le=47, description="Elections of this prefecture and the national ones"
    ),
    page: int = PAGE,
    page_size: int | None = PAGE_SIZE,
) -> dict[str, Any]:
    rows = Election.objects.with_candidate_count().order_by("-vote_date", "-id")
    if upcoming is True:
        rows = rows.filter(vote_date__gte=japan_today()).order_by("vote_date", "id")
    elif upcoming is False:
        rows = rows.filter(vote_date__lt=japan_today())
    if kind is not None:
        rows = rows.filter(kind=kind.value)
    if scope is not None:
        rows = rows.filter(scope=scope.value)
    if prefecture is not None:
        rows = rows.for_prefecture(prefecture)
    return paginate(
        request,
        rows,
        page=page,
        page_size=page_size,
        represent=lambda found: rep.represent_all(request, found, rep.election_dict),
    )


@router.get(
    "/elections/{election_id}",
    response={200: schemas.ElectionOut, schemas.ERRORS: schemas.ErrorOut},
    tags=["elections"],
)
def election(request: HttpRequest, election_id: int) -> dict[str, Any]:
    found = get_object_or_404(Election.objects.with_candidate_count(), pk=election_id)
    return rep.election_dict(request, found)


@router.get(
    "/candidacies",
    response={200: schemas.CandidacyPage, schemas.ERRORS: schemas.ErrorOut},
    tags=["elections"],
    summary="Candidacies: by district, then rank",
)
def candidacies(
    request: HttpRequest,
    election: int | None = Query(None, ge=1, description="Election id"),
    politician: int | None = Query(None, ge=1, description="Politician id"),
    elected: bool | None = None,
    page: int = PAGE,
    page_size: int | None = PAGE_SIZE,
) -> dict[str, Any]:
    rows = Candidacy.objects.select_related("politician", "party").order_by(
        "election_id", "district", "rank", "id"
    )
    filters = Q()
    if election is not None:
        filters &= Q(election_id=election)
    if politician is not None:
        filters &= Q(politician_id=politician)
    if elected is not None:
        filters &= Q(elected=elected)
    return paginate(
        request,
        rows.filter(filters),
        page=page,
        page_size=page_size,
        represent=lambda found: [rep.candidacy_dict(row) for row in found],
    )
