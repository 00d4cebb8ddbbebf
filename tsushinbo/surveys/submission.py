"""One survey answer, validated the same way for the page form and the JSON API.

`submit_answer` runs every check an answer passes (open, permission, the
anonymous-post checks, the form, the action). Its outcome is the answer, a
Refusal from the permission or anti-abuse checks, a `notice` (closed, already
answered: the page shows it above the survey), or the form with its errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from tsushinbo.accounts.permissions import Action, can
from tsushinbo.integrity.checks import Refusal, check_anonymous_post
from tsushinbo.integrity.voters import voter_for
from tsushinbo.surveys.actions import CLOSED, SurveyRefused, answer_survey
from tsushinbo.surveys.forms import AnswerForm
from tsushinbo.surveys.models import Survey, SurveyAnswer, SurveyOption

# Surveys take the same identity and the same anti-abuse checks as votes (SPEC §5),
# with their own counters: per network overall, and per network on one survey.
SURVEY_SCOPE = "survey"
NOT_ALLOWED = "このアカウントではアンケートに回答できません。"


@dataclass(frozen=True)
class AnswerSubmission:
    options: list[SurveyOption]
    form: AnswerForm | None = None
    answer: SurveyAnswer | None = None
    refusal: Refusal | None = None
    notice: str = ""


def submit_answer(
    request: HttpRequest, survey: Survey, data: Mapping[str, Any]
) -> AnswerSubmission:
    """Record the requester's answer from `data` (`choice`: option id or ids)."""
    if survey.is_closed:
        return AnswerSubmission([], notice=CLOSED)
    if not can(request.user, Action.ANSWER_SURVEY, survey):
        return AnswerSubmission([], refusal=Refusal(NOT_ALLOWED, status=403))
    voter = voter_for(request)
    if voter.is_anonymous:
        refusal = check_anonymous_post(
            request,
            scope=SURVEY_SCOPE,
            rate=settings.VOTE_RATE_LIMIT,
            target=str(survey.pk),
            target_rate=settings.VOTE_PLEDGE_RATE_LIMIT,
            proof_of_work=settings.VOTE_POW,
            data=data,
        )
        if refusal is not None:
            return AnswerSubmission([], refusal=refusal)
    options = list(survey.options.all())
    form = AnswerForm(data, survey=survey, options=options)
    if not form.is_valid():
        return AnswerSubmission(options, form=form)
    try:
        answer = answer_survey(survey=survey, voter=voter, option_ids=form.option_ids)
    except SurveyRefused as refused:
        return AnswerSubmission(options, form=form, notice=refused.message)
    return AnswerSubmission(options, form=form, answer=answer)
