"""Comments on pledges and activity reports: the public threads, and posting one.

Posting goes through tsushinbo/comments/submission.py, as the page form does.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.responses import Status

from tsushinbo.activities.models import ActivityReport
from tsushinbo.api import representations as rep
from tsushinbo.api import schemas
from tsushinbo.api.errors import invalid_form
from tsushinbo.api.paging import paginate
from tsushinbo.api.read_people import PAGE, PAGE_SIZE
from tsushinbo.api.write import raise_refusal, require_csrf
from tsushinbo.comments.cookies import remember_comment
from tsushinbo.comments.submission import PUBLISHED, RECEIVED, submit_comment
from tsushinbo.pledges.models import Pledge

router = Router()


@router.get(
    "/pledges/{pledge_id}/comments",
    response={200: schemas.CommentPage, schemas.ERRORS: schemas.ErrorOut},
    tags=["comments"],
    summary="A pledge's public comments, in thread order",
)
def pledge_comments(
    request: HttpRequest, pledge_id: int, page: int = PAGE, page_size: int | None = PAGE_SIZE
) -> dict[str, Any]:
    found = get_object_or_404(Pledge.objects.visible().only("pk", "politician_id"), pk=pledge_id)
    return paginate(
        request,
        rep.comments_for_api("pledge", found.pk),
        page=page,
        page_size=page_size,
        represent=lambda rows: [rep.comment_dict(row, found.politician_id) for row in rows],
    )


@router.get(
    "/activities/{activity_id}/comments",
    response={200: schemas.CommentPage, schemas.ERRORS: schemas.ErrorOut},
    tags=["comments"],
    summary="An activity report's public comments, in thread order",
)
def activity_comments(
    request: HttpRequest, activity_id: int, page: int = PAGE, page_size: int | None = PAGE_SIZE
) -> dict[str, Any]:
    report = get_object_or_404(
        ActivityReport.objects.public().only("pk", "politician_id"), pk=activity_id
    )
    return paginate(
        request,
        rep.comments_for_api("report", report.pk),
        page=page,
        page_size=page_size,
        represent=lambda rows: [rep.comment_dict(row, report.politician_id) for row in rows],
    )


def _comment(
    request: HttpRequest,
    target: Pledge | ActivityReport,
    payload: schemas.CommentIn,
    response: HttpResponse,
) -> Status[dict[str, Any]]:
    data = payload.dict()
    data["parent"] = "" if payload.parent is None else str(payload.parent)
    submission = submit_comment(request, target, data)
    if submission.refusal is not None:
        raise_refusal(submission.refusal)
    comment = submission.comment
    if comment is None:
        raise invalid_form(submission.form)
    if not request.user.is_authenticated:
        remember_comment(request, response, comment.pk)
    message = PUBLISHED if comment.is_public else RECEIVED
    return Status(201, {"id": comment.pk, "status": comment.status, "message": message})


@router.post(
    "/pledges/{pledge_id}/comments",
    response={201: schemas.CommentPosted, schemas.ERRORS: schemas.ErrorOut},
    tags=["writes"],
    summary="Comment on a pledge (held for review unless you are a trusted member)",
)
def comment_on_pledge(
    request: HttpRequest, pledge_id: int, payload: schemas.CommentIn, response: HttpResponse
) -> Status[dict[str, Any]]:
    require_csrf(request)
    target = get_object_or_404(Pledge.objects.visible(), pk=pledge_id)
    return _comment(request, target, payload, response)


@router.post(
    "/activities/{activity_id}/comments",
    response={201: schemas.CommentPosted, schemas.ERRORS: schemas.ErrorOut},
    tags=["writes"],
    summary="Comment on an activity report (held for review unless you are a trusted member)",
)
def comment_on_activity(
    request: HttpRequest, activity_id: int, payload: schemas.CommentIn, response: HttpResponse
) -> Status[dict[str, Any]]:
    require_csrf(request)
    target = get_object_or_404(ActivityReport.objects.public(), pk=activity_id)
    return _comment(request, target, payload, response)
