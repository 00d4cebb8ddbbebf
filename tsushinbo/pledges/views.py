from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tsushinbo.accounts.models import User
from tsushinbo.accounts.permissions import Action, can
from tsushinbo.accounts.views import forbidden, redirect_back
from tsushinbo.lib.paging import paginate
from tsushinbo.pledges import actions
from tsushinbo.pledges.forms import (
    AddPledgeForm,
    DecisionForm,
    EditPledgeForm,
    ProgressReportForm,
    RequiredReasonForm,
)
from tsushinbo.pledges.models import (
    Pledge,
    PledgeRevision,
    ProgressReport,
    ReviewStatus,
)
from tsushinbo.pledges.queries import (
    history_entries,
    publishes_edits_directly,
    publishes_reports_directly,
    review_cards,
)
from tsushinbo.politicians.models import Party, Politician

PLEDGE_TIMELINE = 10
PENDING_NOTICE = "モデレーターの確認後に公開されます。"
MODERATORS_ONLY = "このページはモデレーターのみ利用できます。"


def _problem(request: HttpRequest, message: str, status: int = 400) -> HttpResponse:
    return render(request, "pledges/problem.html", {"message": message}, status=status)


def _member(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


# Public pages -------------------------------------------------------------------


def pledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = get_object_or_404(Pledge.objects.visible().for_detail(), pk=pk)
    # The counter says whether there is anything to fetch: no query for most pledges.
    reports = pledge.progress_reports.for_timeline()[:PLEDGE_TIMELINE]
    timeline = list(reports) if pledge.progress_count else []
    context = {
        "pledge": pledge,
        "categories": list(pledge.categories.all()),
        "timeline": timeline,
        "more_reports": pledge.progress_count > len(timeline),
        "share_text": f"{pledge.title}（{pledge.owner_name}の公約・政策）",
    }
    return render(request, "pledges/pledge_detail.html", context)


@require_safe
def progress_list(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = get_object_or_404(Pledge.objects.visible().with_owner(), pk=pk)
    page, problems = paginate(request, pledge.progress_reports.for_timeline())
    context = {"pledge": pledge, "page_obj": page, "problems": problems}
    return render(request, "pledges/progress_list.html", context)


@require_safe
def pledge_history(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = get_object_or_404(Pledge.objects.visible().with_owner(), pk=pk)
    page, problems = paginate(request, pledge.revisions.for_history())
    context = {
        "pledge": pledge,
        "page_obj": page,
        "problems": problems,
        "entries": history_entries(page.object_list),
        "may_revert": can(request.user, Action.REVERT_REVISION),
    }
    return render(request, "pledges/pledge_history.html", context)


# Member forms -------------------------------------------------------------------


def _owner_from(query: Mapping[str, str]) -> tuple[Politician | None, Party | None] | str:
    """The owner named by ?politician=<id> or ?party=<slug>, or what is wrong with the query."""
    politician_id, party_slug = query.get("politician", ""), query.get("party", "")
    if bool(politician_id) == bool(party_slug):
        return "公約・政策を登録する政治家（politician）か政党（party）のどちらか一方を指定してください。"
    if politician_id:
        if not politician_id.isdigit():
            return "政治家の指定が正しくありません。"
        return get_object_or_404(Politician.objects.select_related("party"), pk=politician_id), None
    return None, get_object_or_404(Party, slug=party_slug)


@require_http_methods(["GET", "POST"])
def pledge_new(request: HttpRequest) -> HttpResponse:
    owner = _owner_from(request.GET)
    if isinstance(owner, str):
        return _problem(request, owner)
    politician, party = owner
    user = _member(request)
    if user is None:
        return redirect_to_login(request.get_full_path())
    if not can(user, Action.ADD_PLEDGE):
        return forbidden(
            request, "公約・政策を登録できるのは、メールアドレスを確認済みの会員です。"
        )
    form = AddPledgeForm(request.POST or None, politician=politician, party=party)
    if request.method == "POST" and form.is_valid():
        pledge = actions.add_pledge(
            author=user, content=form.content(), politician=politician, party=party
        )
        if pledge.is_visible:
            messages.success(request, "公約・政策を登録しました。")
            return redirect(pledge)
        messages.success(request, f"公約・政策の登録を受け付けました。{PENDING_NOTICE}")
        if politician is not None:
            return redirect(politician)
        assert party is not None
        return redirect(party)
    context = {
        "form": form,
        "owner": politician or party,
        "owner_query": request.GET.urlencode(),
        "publishes_directly": publishes_edits_directly(user, politician.pk if politician else None),
    }
    return render(request, "pledges/pledge_form.html", context)


@require_http_methods(["GET", "POST"])
def pledge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = get_object_or_404(Pledge.objects.visible().with_owner(), pk=pk)
    user = _member(request)
    if user is None:
        return redirect_to_login(request.get_full_path())
    if not can(user, Action.EDIT_PLEDGE, pledge):
        return forbidden(
            request, "公約・政策を編集できるのは、メールアドレスを確認済みの会員です。"
        )
    form = EditPledgeForm(
        request.POST or None, politician=pledge.politician, party=pledge.party, pledge=pledge
    )
    if request.method == "POST" and form.is_valid():
        try:
            revision = actions.edit_pledge(
                author=user,
                pledge=pledge,
                content=form.content(),
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if revision.status == ReviewStatus.APPROVED:
                messages.success(request, "編集を公開しました。")
            else:
                messages.success(request, f"編集を受け付けました。{PENDING_NOTICE}")
            return redirect(pledge)
    context = {
        "form": form,
        "pledge": pledge,
        "pending_edits": pledge.revisions.pending().count(),
        "publishes_directly": publishes_edits_directly(user, pledge.politician_id),
    }
    return render(request, "pledges/pledge_edit.html", context)


@require_http_methods(["GET", "POST"])
def progress_new(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = get_object_or_404(Pledge.objects.visible().with_owner(), pk=pk)
    user = _member(request)
    if user is None:
        return redirect_to_login(request.get_full_path())
    if not can(user, Action.POST_PROGRESS, pledge):
        return forbidden(request, "進捗を報告できるのは、メールアドレスを確認済みの会員です。")
    form = ProgressReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = actions.post_progress_report(
                author=user,
                pledge=pledge,
                status=form.cleaned_data["status"],
                percent=form.cleaned_data["percent"],
                note=form.cleaned_data["note"],
                evidence=form.evidence(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if report.review_status == ReviewStatus.APPROVED:
                messages.success(request, "進捗を報告しました。")
            else:
                messages.success(request, f"進捗の報告を受け付けました。{PENDING_NOTICE}")
            return redirect(f"{pledge.get_absolute_url()}#progress-heading")
    context = {
        "form": form,
        "pledge": pledge,
        "publishes_directly": publishes_reports_directly(user, pledge),
    }
    return render(request, "pledges/progress_form.html", context)


@require_POST
def revision_revert(request: HttpRequest, pk: int, revision_pk: int) -> HttpResponse:
    revision = get_object_or_404(PledgeRevision, pk=revision_pk, pledge_id=pk)
    user = _member(request)
    if user is None or not can(user, Action.REVERT_REVISION, revision):
        return forbidden(request, "差し戻しはモデレーターのみ行えます。")
    history = f"/pledges/{pk}/history/"
    form = RequiredReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "差し戻しの理由を入力してください。")
        return redirect(history)
    try:
        actions.revert_revision(
            moderator=user, revision=revision, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "編集の前の版に差し戻しました。")
    return redirect(history)


# Moderators' review -------------------------------------------------------------


def _moderator(request: HttpRequest) -> User | None:
    user = _member(request)
    return user if user is not None and can(user, Action.MODERATE) else None


@require_safe
def revision_queue(request: HttpRequest) -> HttpResponse:
    if _moderator(request) is None:
        return _not_moderator(request)
    page, problems = paginate(request, PledgeRevision.objects.pending().for_queue().oldest_first())
    context = {"page_obj": page, "problems": problems, "cards": review_cards(page.object_list)}
    return render(request, "pledges/moderation/revision_queue.html", context)


@require_safe
def revision_review(request: HttpRequest, pk: int) -> HttpResponse:
    if _moderator(request) is None:
        return _not_moderator(request)
    revision = get_object_or_404(PledgeRevision.objects.for_queue(), pk=pk)
    context = {"card": review_cards([revision])[0]}
    return render(request, "pledges/moderation/revision_review.html", context)


@require_safe
def progress_queue(request: HttpRequest) -> HttpResponse:
    if _moderator(request) is None:
        return _not_moderator(request)
    page, problems = paginate(request, ProgressReport.objects.pending().for_queue().oldest_first())
    context = {"page_obj": page, "problems": problems}
    return render(request, "pledges/moderation/progress_queue.html", context)


@require_safe
def progress_review(request: HttpRequest, pk: int) -> HttpResponse:
    if _moderator(request) is None:
        return _not_moderator(request)
    report = get_object_or_404(ProgressReport.objects.for_queue(), pk=pk)
    return render(request, "pledges/moderation/progress_review.html", {"report": report})


def _not_moderator(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return forbidden(request, MODERATORS_ONLY)


Decide = Callable[..., None]
_DECISIONS: dict[str, tuple[type[forms.Form], str]] = {
    "approve": (DecisionForm, "承認しました。"),
    "reject": (RequiredReasonForm, "却下しました。"),
}


def _decide(
    request: HttpRequest, item: Any, decide: Decide, decision: str, back: str
) -> HttpResponse:
    moderator = _moderator(request)
    if moderator is None:
        return forbidden(request, MODERATORS_ONLY)
    form_class, done = _DECISIONS[decision]
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, "却下の理由を入力してください。")
        return redirect_back(request, back)
    try:
        decide(moderator=moderator, item=item, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect_back(request, back)


@require_POST
def revision_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    revision = get_object_or_404(PledgeRevision, pk=pk)
    decide = actions.approve_revision if decision == "approve" else actions.reject_revision
    return _decide(request, revision, decide, decision, "/moderation/pledges/")


@require_POST
def progress_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    report = get_object_or_404(ProgressReport, pk=pk)
    approve, reject = actions.approve_progress_report, actions.reject_progress_report
    decide = approve if decision == "approve" else reject
    return _decide(request, report, decide, decision, "/moderation/progress/")
