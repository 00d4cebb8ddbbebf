"""Write endpoints: vote and survey answer (comments: tsushinbo/api/comments.py).

Each goes through the same submission function as its page form
(tsushinbo/ratings/submission.py, comments/submission.py, surveys/submission.py):
the same permissions, rate limits, proof of work, honeypot and actions. Every
write needs the CSRF token (docs/api.md explains how an anonymous client gets
one, the voter cookie and the proof of work).
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.utils.datastructures import MultiValueDict
from ninja import Router
from ninja.responses import Status
from ninja.utils import check_csrf

from tsushinbo.api import representations as rep
from tsushinbo.api import schemas
from tsushinbo.api.errors import ApiError, invalid_form
from tsushinbo.integrity.checks import Refusal
from tsushinbo.integrity.voters import ensure_voter_cookie, voter_for
from tsushinbo.pledges.models import Pledge
from tsushinbo.ratings.queries import CurrentVote
from tsushinbo.ratings.statistics import site_distributions
from tsushinbo.ratings.submission import done_message, submit_vote
from tsushinbo.surveys.actions import CHOOSE_ONE
from tsushinbo.surveys.models import Survey
from tsushinbo.surveys.submission import submit_answer

router = Router()

CSRF_FAILED = (
    "CSRFトークンがありません。GET /api/v1/csrf で取得し、"
    "X-CSRFToken ヘッダーと csrftoken クッキーを付けて送信してください。"
)
ANSWERED = "回答を受け付けました。ご協力ありがとうございました。"


def require_csrf(request: HttpRequest) -> None:
    if check_csrf(request) is not None:
        raise ApiError(403, CSRF_FAILED, code="csrf_failed")


def raise_refusal(refusal: Refusal) -> NoReturn:
    raise ApiError(refusal.status, refusal.message, retry_after=refusal.retry_after)


@router.get("/csrf", response={200: schemas.CsrfOut}, tags=["writes"], summary="CSRF token")
def csrf(request: HttpRequest) -> dict[str, Any]:
    """Sets the csrftoken cookie and returns the token to send as X-CSRFToken."""
    return {"csrf_token": get_token(request)}


@router.post(
    "/pledges/{pledge_id}/votes",
    response={200: schemas.VoteOut, schemas.ERRORS: schemas.ErrorOut},
    tags=["writes"],
    summary="Cast or change your GOOD/BAD vote with a reason",
)
def vote(
    request: HttpRequest, pledge_id: int, payload: schemas.VoteIn, response: HttpResponse
) -> dict[str, Any]:
    require_csrf(request)
    pledge = get_object_or_404(Pledge.objects.visible().only("pk"), pk=pledge_id)
    result = submit_vote(request, pledge, payload.dict())
    if isinstance(result, Refusal):
        raise_refusal(result)
    ensure_voter_cookie(response, voter_for(request))
    current = CurrentVote(result.vote.polarity, result.vote.reason, voided=False)
    message = done_message(result, current)
    fresh = rep.pledges_for_api().get(pk=pledge.pk)
    return {
        "message": message,
        "created": result.created,
        "changed": result.changed,
        "vote": {"polarity": result.vote.polarity, "reason": result.vote.reason},
        "pledge": rep.pledge_dict(request, fresh, site_distributions()),
    }


@router.post(
    "/surveys/{survey_id}/answers",
    response={201: schemas.AnswerOut, schemas.ERRORS: schemas.ErrorOut},
    tags=["writes"],
    summary="Answer a survey (one answer per voter)",
)
def answer(
    request: HttpRequest, survey_id: int, payload: schemas.AnswerIn, response: HttpResponse
) -> Status[dict[str, Any]]:
    require_csrf(request)
    survey = get_object_or_404(Survey.objects.visible(), pk=survey_id)
    if not survey.multiple_choice and len(set(payload.choice)) > 1:
        raise ApiError(422, CHOOSE_ONE)
    data = MultiValueDict(
        {
            "choice": [str(option_id) for option_id in payload.choice],
            "altcha": [payload.altcha],
            "website": [payload.website],
        }
    )
    submission = submit_answer(request, survey, data)
    if submission.refusal is not None:
        raise_refusal(submission.refusal)
    if submission.notice:
        raise ApiError(409, submission.notice)
    if submission.answer is None:
        raise invalid_form(submission.form)
    ensure_voter_cookie(response, voter_for(request))
    fresh = Survey.objects.prefetch_related("options").get(pk=survey.pk)
    return Status(201, {"message": ANSWERED, "survey": rep.survey_dict(request, fresh)})
