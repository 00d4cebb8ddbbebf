from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from tsushinbo.accounts.models import User
from tsushinbo.accounts.permissions import Action, can
from tsushinbo.integrity.checks import Refusal, wants_json
from tsushinbo.integrity.voters import Voter, ensure_voter_cookie, voter_for
from tsushinbo.pledges.models import Pledge
from tsushinbo.ratings import actions, queries
from tsushinbo.ratings.forms import DismissBurstForm, VoidBurstForm
from tsushinbo.ratings.models import BurstStatus, VoteBurst
from tsushinbo.ratings.submission import done_message, submit_vote


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _section(
    request: HttpRequest,
    pledge: Pledge,
    voter: Voter,
    *,
    status: int = 200,
    notice: str = "",
    error: str = "",
    current: queries.CurrentVote | None = None,
) -> HttpResponse:
    """The 評価 section alone: what htmx swaps in place."""
    context = section_context(request, pledge, voter, current=current)
    context |= {"notice": notice, "error": error}
    return render(request, "ratings/_evaluation.html", context, status=status)


def section_context(
    request: HttpRequest,
    pledge: Pledge,
    voter: Voter,
    *,
    current: queries.CurrentVote | None = None,
) -> dict[str, object]:
    evaluation = queries.evaluation_for(pledge, voter=voter, current=current)
    return {
        "pledge": pledge,
        "evaluation": evaluation,
        "reason_choices": queries.REASON_CHOICES,
        "may_vote": can(request.user, Action.VOTE, pledge),
        "proof_of_work": voter.is_anonymous and settings.VOTE_POW,
    }


def _refuse(request: HttpRequest, pledge: Pledge, voter: Voter, refusal: Refusal) -> HttpResponse:
    """The refusal in the form the client asked for: JSON, the htmx section, or a page."""
    response: HttpResponse
    if wants_json(request) and not _is_htmx(request):
        body = {"error": refusal.message, "retry_after": refusal.retry_after}
        response = JsonResponse(body, status=refusal.status)
    elif _is_htmx(request):
        response = _section(request, pledge, voter, status=refusal.status, error=refusal.message)
    else:
        context = {
            "message": refusal.message,
            "retry_minutes": None
            if refusal.retry_after is None
            else max(1, (refusal.retry_after + 59) // 60),
            "back_url": f"{pledge.get_absolute_url()}#evaluation",
        }
        response = render(request, "integrity/refused.html", context, status=refusal.status)
    return refusal.apply_headers(response)


@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    """POST polarity and reason: redirect back (no JS), the section (htmx), or tallies (JSON)."""
    pledge = get_object_or_404(Pledge.objects.visible(), pk=pk)
    voter = voter_for(request)
    result = submit_vote(request, pledge, request.POST)
    if isinstance(result, Refusal):
        return _refuse(request, pledge, voter, result)
    for name, value in result.counters.items():
        setattr(pledge, name, value)
    current = queries.CurrentVote(result.vote.polarity, result.vote.reason, voided=False)
    response = _answer(request, pledge, voter, result, current)
    ensure_voter_cookie(response, voter)
    return response


def _answer(
    request: HttpRequest,
    pledge: Pledge,
    voter: Voter,
    result: actions.CastResult,
    current: queries.CurrentVote,
) -> HttpResponse:
    message = done_message(result, current)
    if _is_htmx(request):
        return _section(request, pledge, voter, notice=message, current=current)
    if wants_json(request):
        evaluation = queries.evaluation_for(pledge, current=current)
        return JsonResponse(queries.tallies(evaluation) | {"message": message})
    messages.success(request, message)
    # ランダム評価 (tsushinbo/rankings) posts here without JavaScript and wants to come back.
    if request.POST.get("next") == "/random/":
        return redirect("/random/")
    return redirect(f"{pledge.get_absolute_url()}#evaluation")


@require_safe
def stats(request: HttpRequest) -> HttpResponse:
    context = {"statistics": queries.site_statistics(), "n_min": settings.N_MIN}
    return render(request, "ratings/stats.html", context)


# Moderation of flagged waves ----------------------------------------------------


def _forbidden(request: HttpRequest) -> HttpResponse:
    context = {"message": "このページはモデレーターのみ利用できます。"}
    return render(request, "accounts/forbidden.html", context, status=403)


BURST_TABS = [(status.value, status.label) for status in BurstStatus]


@login_required
@require_safe
def burst_queue(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.VOID_VOTES):
        return _forbidden(request)
    status = request.GET.get("status", BurstStatus.PENDING)
    if status not in BurstStatus.values:
        status = BurstStatus.PENDING
    bursts = VoteBurst.objects.for_queue().filter(status=status)
    page = Paginator(bursts, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "status": status,
        "tabs": BURST_TABS,
        "void_form": VoidBurstForm(),
        "pending_count": page.paginator.count
        if status == BurstStatus.PENDING
        else VoteBurst.objects.pending().count(),
    }
    return render(request, "ratings/burst_queue.html", context)


@login_required
@require_POST
def burst_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    burst = get_object_or_404(VoteBurst, pk=pk)
    user = request.user
    if not isinstance(user, User) or not can(user, Action.VOID_VOTES):
        return _forbidden(request)
    try:
        if decision == "void":
            form = VoidBurstForm(request.POST)
            if not form.is_valid():
                messages.error(request, "公開する理由を選んでください。")
                return redirect("/moderation/votes/")
            count = actions.void_burst(
                actor=user,
                burst=burst,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, f"{count}件の評価を無効化しました。")
        else:
            dismiss = DismissBurstForm(request.POST)
            note = dismiss.cleaned_data["note"] if dismiss.is_valid() else ""
            actions.dismiss_burst(actor=user, burst=burst, note=note)
            messages.success(request, "問題なしとして閉じました。")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("/moderation/votes/")
