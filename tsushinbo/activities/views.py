from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from tsushinbo.accounts.models import User
from tsushinbo.accounts.permissions import Action, can
from tsushinbo.activities import actions
from tsushinbo.activities.forms import ReportForm
from tsushinbo.activities.models import ActivityReport
from tsushinbo.activities.queries import popular_reports
from tsushinbo.comments.forms import FlagForm
from tsushinbo.comments.queries import comment_section
from tsushinbo.lib.paging import paginate
from tsushinbo.politicians.models import Politician

POPULAR_SIZE = 20

RECEIVED = "活動報告を受け付けました。管理者の確認後公開されます。24時間以内に確認されます。"
PUBLISHED = "活動報告を公開しました。"
NOT_ALLOWED = "活動報告を投稿・編集できるのは、メールアドレスを確認済みの会員（編集は投稿した本人とモデレーター）です。"


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "accounts/forbidden.html", {"message": message}, status=403)


@require_safe
def activity_list(request: HttpRequest) -> HttpResponse:
    reports = ActivityReport.objects.public().for_cards().newest_first()
    page, problems = paginate(request, reports)
    return render(
        request, "activities/activity_list.html", {"page_obj": page, "problems": problems}
    )


@require_safe
def activity_popular(request: HttpRequest) -> HttpResponse:
    reports = popular_reports(POPULAR_SIZE)
    return render(request, "activities/activity_popular.html", {"reports": reports})


@require_safe
def politician_activities(request: HttpRequest, pk: int) -> HttpResponse:
    politician = get_object_or_404(Politician.objects.select_related("party"), pk=pk)
    reports = politician.activity_reports.public().for_cards().newest_first()  # type: ignore[attr-defined]
    page, problems = paginate(request, reports)
    context = {
        "politician": politician,
        "page_obj": page,
        "problems": problems,
        "may_post": actions.may_post(request.user),  # type: ignore[arg-type]
    }
    return render(request, "activities/politician_activities.html", context)


def _viewable(request: HttpRequest, pk: int) -> ActivityReport:
    """A public report; its poster and moderators also see it while it waits or after rejection."""
    report = get_object_or_404(
        ActivityReport.objects.select_related("politician", "politician__party", "posted_by"),
        pk=pk,
    )
    if report.is_public:
        return report
    user = request.user
    is_poster = user.is_authenticated and report.posted_by_id == user.pk
    if is_poster or can(user, Action.MODERATE):  # type: ignore[arg-type]
        return report
    raise Http404


@require_safe
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _viewable(request, pk)
    context: dict[str, Any] = {
        "report": report,
        "pledges": list(report.pledges.visible().with_owner()),  # type: ignore[attr-defined]
        "may_edit": actions.may_edit(request.user, report),  # type: ignore[arg-type]
        "comments": comment_section(request, report, f"/activities/{report.pk}/comments/")
        if report.is_public
        else None,
        "share_text": f"{report.title}（{report.politician.full_name}の活動報告）",
    }
    return render(request, "activities/activity_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest, pk: int) -> HttpResponse:
    politician = get_object_or_404(Politician, pk=pk)
    user = request.user
    if not isinstance(user, User) or not actions.may_post(user):
        return _forbidden(request, NOT_ALLOWED)
    own = user.politician_id == politician.pk
    data = request.POST if request.method == "POST" else None
    form = ReportForm(data, politician=politician, source_required=not own)
    if request.method == "POST" and form.is_valid():
        try:
            report = actions.post_report(user=user, politician=politician, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, PUBLISHED if report.is_public else RECEIVED)
            return redirect(report.get_absolute_url())
    context = {"form": form, "politician": politician, "report": None}
    return render(request, "activities/report_form.html", context, status=_status(request))


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(ActivityReport.objects.select_related("politician"), pk=pk)
    user = request.user
    if not isinstance(user, User) or not actions.may_edit(user, report):
        return _forbidden(request, NOT_ALLOWED)
    own = report.posted_by_id == user.pk and user.politician_id == report.politician_id
    form = ReportForm(
        request.POST if request.method == "POST" else None,
        instance=report,
        politician=report.politician,
        source_required=not own,
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = actions.edit_report(user=user, report=report, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "保存しました。" if report.is_public else RECEIVED)
            return redirect(report.get_absolute_url())
    context = {"form": form, "politician": report.politician, "report": report}
    return render(request, "activities/report_form.html", context, status=_status(request))


def _status(request: HttpRequest) -> int:
    # A form shown again after a POST has errors in it.
    return 422 if request.method == "POST" else 200


@login_required
@require_http_methods(["GET", "POST"])
def report_flag(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(ActivityReport.objects.public(), pk=pk)
    user = request.user
    if not isinstance(user, User) or not can(user, Action.FLAG, report):
        return _forbidden(request, "通報できるのは、メールアドレスを確認済みの会員です。")
    form = FlagForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.flag_report(user=user, report=report, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, getattr(error, "messages", ["通報できませんでした。"]))
        else:
            messages.success(request, "通報を受け付けました。モデレーターが確認します。")
            return redirect(report.get_absolute_url())
    context = {"form": form, "subject": "活動報告", "excerpt": report.title}
    return render(request, "comments/flag_form.html", context, status=_status(request))
