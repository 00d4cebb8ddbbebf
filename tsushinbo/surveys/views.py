from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from tsushinbo.accounts.permissions import Action, can
from tsushinbo.accounts.views import forbidden
from tsushinbo.integrity.checks import check_anonymous_post, refusal_response
from tsushinbo.integrity.voters import Voter, ensure_voter_cookie, voter_for
from tsushinbo.lib.paging import paginate
from tsushinbo.surveys.actions import CLOSED, SurveyRefused, answer_survey
from tsushinbo.surveys.forms import AnswerForm
from tsushinbo.surveys.models import Survey, SurveyAnswer

# Surveys take the same identity and the same anti-abuse checks as votes (SPEC §5),
# with their own counters: per network overall, and per network on one survey.
SURVEY_SCOPE = "survey"


@require_safe
def survey_list(request: HttpRequest) -> HttpResponse:
    page, problems = paginate(request, Survey.objects.for_listing())
    return render(request, "surveys/survey_list.html", {"page_obj": page, "problems": problems})


@require_safe
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.visible(), pk=pk)
    return _render_detail(request, survey, voter_for(request))


@require_POST
def survey_answer(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.visible(), pk=pk)
    if survey.is_closed:
        messages.error(request, CLOSED)
        return redirect(survey)
    if not can(request.user, Action.ANSWER_SURVEY, survey):
        return forbidden(request, "このアカウントではアンケートに回答できません。")
    voter = voter_for(request)
    if voter.is_anonymous:
        refusal = check_anonymous_post(
            request,
            scope=SURVEY_SCOPE,
            rate=settings.VOTE_RATE_LIMIT,
            target=str(survey.pk),
            target_rate=settings.VOTE_PLEDGE_RATE_LIMIT,
            proof_of_work=settings.VOTE_POW,
        )
        if refusal is not None:
            return refusal_response(request, refusal, back_url=survey.get_absolute_url())
    options = list(survey.options.all())
    form = AnswerForm(request.POST, survey=survey, options=options)
    if not form.is_valid():
        return _render_detail(request, survey, voter, form=form, options=options, status=400)
    try:
        answer_survey(survey=survey, voter=voter, option_ids=form.option_ids)
    except SurveyRefused as refused:
        messages.error(request, refused.message)
        return redirect(survey)
    messages.success(request, "回答を受け付けました。ご協力ありがとうございました。")
    response = redirect(survey)
    ensure_voter_cookie(response, voter)
    return response


def _render_detail(
    request: HttpRequest,
    survey: Survey,
    voter: Voter,
    *,
    form: AnswerForm | None = None,
    options: list[Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    options = options if options is not None else list(survey.options.all())
    answered = (
        voter.is_known and SurveyAnswer.objects.filter(survey=survey, **voter.lookup()).exists()
    )
    context = {
        "survey": survey,
        "results": survey.results(options) if survey.shows_results else [],
        "answered": answered,
        "form": form or AnswerForm(survey=survey, options=options),
        "proof_of_work": settings.VOTE_POW and voter.is_anonymous,
    }
    return render(request, "surveys/survey_detail.html", context, status=status)
