"""Read endpoints for pledges, progress reports, activity reports, surveys and stats."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from tsushinbo.api import representations as rep
from tsushinbo.api import schemas
from tsushinbo.api.paging import paginate
from tsushinbo.api.read_people import PAGE, PAGE_SIZE
from tsushinbo.pledges.models import Pledge, ProgressStatus
from tsushinbo.ratings.queries import site_statistics
from tsushinbo.ratings.statistics import site_distributions
from tsushinbo.surveys.models import Survey

router = Router()


@router.get(
    "/pledges",
    response={200: schemas.PledgePage, schemas.ERRORS: schemas.ErrorOut},
    tags=["pledges"],
    summary="Pledges, newest first",
)
def pledges(
    request: HttpRequest,
    politician: int | None = Query(None, ge=1, description="Owner politician's id"),
    party: str = Query(
        "", max_length=60, description="Party slug: the party's own pledges and its members'"
    ),
    election: int | None = Query(None, ge=1, description="Election the pledge was made for"),
    status: ProgressStatus | None = None,
    overdue: bool = Query(False, description="Only pledges past their deadline and not 実現"),
    category: str = Query("", max_length=60, description="Category slug"),
    page: int = PAGE,
    page_size: int | None = PAGE_SIZE,
) -> dict[str, Any]:
    rows = rep.pledges_for_api().newest_first()
    if politician is not None:
        rows = rows.filter(politician_id=politician)
    if party:
        rows = rows.filter(Q(party__slug=party) | Q(politician__party__slug=party))
    if election is not None:
        rows = rows.filter(election_id=election)
    if status is not None:
        rows = rows.with_status(status.value)
    if overdue:
        rows = rows.overdue()
    if category:
        rows = rows.filter(categories__slug=category)
    distributions = site_distributions()
    return paginate(
        request,
        rows,
        page=page,
        page_size=page_size,
        represent=lambda found: rep.represent_all(request, found, rep.pledge_dict, distributions),
    )


@router.get(
    "/pledges/{pledge_id}",
    response={200: schemas.PledgeOut, schemas.ERRORS: schemas.ErrorOut},
    tags=["pledges"],
    summary="One pledge: owner, progress, votes by reason, scores as on the pledge page",
)
def pledge(request: HttpRequest, pledge_id: int) -> dict[str, Any]:
    found = get_object_or_404(rep.pledges_for_api(), pk=pledge_id)
    return rep.pledge_dict(request, found, site_distributions())


@router.get(
    "/pledges/{pledge_id}/progress",
    response={200: schemas.ProgressReportPage, schemas.ERRORS: schemas.ErrorOut},
    tags=["pledges"],
    summary="A pledge's approved progress reports, newest evidence first",
)
def progress_reports(
    request: HttpRequest, pledge_id: int, page: int = PAGE, page_size: int | None = PAGE_SIZE
) -> dict[str, Any]:
    found = get_object_or_404(Pledge.objects.visible().only("pk"), pk=pledge_id)
    rows = found.progress_reports.approved().prefetch_related("evidence").timeline_order()
    return paginate(
        request,
        rows,
        page=page,
        page_size=page_size,
        represent=lambda reports: [rep.progress_report_dict(report) for report in reports],
    )


@router.get(
    "/activities",
    response={200: schemas.ActivityPage, schemas.ERRORS: schemas.ErrorOut},
    tags=["activities"],
    summary="Public activity reports, newest first",
)
def activities(
    request: HttpRequest,
    politician: int | None = Query(None, ge=1, description="Politician id"),
    pledge: int | None = Query(None, ge=1, description="Linked pledge id"),
    page: int = PAGE,
    page_size: int | None = PAGE_SIZE,
) -> dict[str, Any]:
    rows = rep.activities_for_api()
    if politician is not None:
        rows = rows.filter(politician_id=politician)
    if pledge is not None:
        rows = rows.filter(pledges__in=Pledge.objects.visible().filter(pk=pledge))
    return paginate(
        request,
        rows,
        page=page,
        page_size=page_size,
        represent=lambda found: rep.represent_all(request, found, rep.activity_dict),
    )


@router.get(
    "/activities/{activity_id}",
    response={200: schemas.ActivityOut, schemas.ERRORS: schemas.ErrorOut},
    tags=["activities"],
)
def activity(request: HttpRequest, activity_id: int) -> dict[str, Any]:
    return rep.activity_dict(request, get_object_or_404(rep.activities_for_api(), pk=activity_id))


@router.get(
    "/surveys",
    response={200: schemas.SurveyPage, schemas.ERRORS: schemas.ErrorOut},
    tags=["surveys"],
    summary="Surveys: open ones first, then closed ones",
)
def surveys(
    request: HttpRequest, page: int = PAGE, page_size: int | None = PAGE_SIZE
) -> dict[str, Any]:
    rows = Survey.objects.for_listing().prefetch_related("options")
    return paginate(
        request,
        rows,
        page=page,
        page_size=page_size,
        represent=lambda found: rep.represent_all(request, found, rep.survey_dict),
    )


@router.get(
    "/surveys/{survey_id}",
    response={200: schemas.SurveyOut, schemas.ERRORS: schemas.ErrorOut},
    tags=["surveys"],
    summary="One survey with its results (null while they are hidden until closing)",
)
def survey(request: HttpRequest, survey_id: int) -> dict[str, Any]:
    found = get_object_or_404(Survey.objects.visible().prefetch_related("options"), pk=survey_id)
    return rep.survey_dict(request, found)


@router.get(
    "/stats",
    response={200: schemas.StatsOut, schemas.ERRORS: schemas.ErrorOut},
    tags=["pledges"],
    summary="Site-wide μ and σ per criterion over pledges with at least n_min votes in it",
)
def stats(request: HttpRequest) -> dict[str, Any]:
    return {
        "n_min": settings.N_MIN,
        "criteria": {
            row.key: {"mean": row.mean, "sd": row.sd, "pledges": row.count}
            for row in site_statistics()
        },
    }
