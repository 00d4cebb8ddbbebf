from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from tsushinbo.accounts.views import forbidden
from tsushinbo.integrity.checks import refusal_response
from tsushinbo.integrity.voters import Voter, ensure_voter_cookie, voter_for
from tsushinbo.lib.paging import paginate
from tsushinbo.surveys.forms import AnswerForm
from tsushinbo.surveys.models import Survey, SurveyAnswer
from tsushinbo.surveys.submission import submit_answer


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
    submission = submit_answer(request, survey, request.POST)
    refusal = submission.refusal
    if refusal is not None and refusal.status == 403:
        return forbidden(request, refusal.message)
    if refusal is not None:
        return refusal_response(request, refusal, back_url=survey.get_absolute_url())
    if submission.notice:
        messages.error(request, submission.notice)
        return redirect(survey)
    voter = voter_for(request)
    if submission.answer is None:
        form, options = submission.form, submission.options
        return _render_detail(request, survey, voter, form=form, options=options, status=400)
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
