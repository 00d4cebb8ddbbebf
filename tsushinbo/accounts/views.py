from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.account.views import signup as allauth_signup
from axes.helpers import get_cool_off
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.core import get_usage

from tsushinbo.accounts import actions
from tsushinbo.accounts.forms import (
    ClaimForm,
    DeleteAccountForm,
    PreferencesForm,
    ReasonForm,
    RequiredReasonForm,
)
from tsushinbo.accounts.models import ClaimStatus, PoliticianClaim, User
from tsushinbo.accounts.permissions import Action, Role, can, roles_of
from tsushinbo.accounts.queries import (
    followed_politicians,
    follows_of,
    own_pledges_by,
    public_pledges_by,
)
from tsushinbo.lib.network import network_key
from tsushinbo.politicians.models import Politician

ME_PLEDGES = 10
ME_FOLLOWS = 50


class AuthenticatedRequest(HttpRequest):
    """What a @login_required view receives."""

    user: User


def paginate(request: HttpRequest, items: QuerySet[Any]) -> Page:
    return Paginator(items, settings.PAGE_SIZE).get_page(request.GET.get("page"))


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "accounts/forbidden.html", {"message": message}, status=403)


def too_many_requests(request: HttpRequest, *, retry_after: int, message: str) -> HttpResponse:
    context = {"message": message, "retry_minutes": max(1, (retry_after + 59) // 60)}
    response = render(request, "accounts/too_many_requests.html", context, status=429)
    response["Retry-After"] = str(max(1, retry_after))
    return response


# Sign-up, lockout and deletion ------------------------------------------------


def _signup_key(group: str, request: HttpRequest) -> str:
    return network_key(request)


def signup(request: HttpRequest) -> HttpResponse:
    """allauth's sign-up, limited per network (the limit counts submissions)."""
    usage = get_usage(
        request,
        group="accounts.signup",
        key=_signup_key,
        rate=settings.SIGNUP_RATE_LIMIT,
        method="POST",
        increment=True,
    )
    if usage is not None and usage["should_limit"]:
        retry_after = usage["time_left"] if usage["time_left"] > 0 else 3600
        message = "このネットワークからの登録が多すぎます。しばらく時間をおいてから、もう一度お試しください。"
        return too_many_requests(request, retry_after=retry_after, message=message)
    return allauth_signup(request)


def lockout(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """django-axes calls this when a login is locked out (AXES_LOCKOUT_CALLABLE)."""
    cool_off = get_cool_off(request)
    retry_after = int(cool_off.total_seconds()) if cool_off else 3600
    message = (
        "ログインに続けて失敗したため、このメールアドレスでのログインを一時的に停止しています。"
        "パスワードを忘れた場合は、再設定してください。"
    )
    return too_many_requests(request, retry_after=retry_after, message=message)


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: AuthenticatedRequest) -> HttpResponse:
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.delete_account(user=request.user)
        logout(request)
        messages.success(request, "退会しました。ご利用ありがとうございました。")
        return redirect("/")
    return render(request, "accounts/delete_account.html", {"form": form})


# My page and public profiles -------------------------------------------------


@login_required
@require_safe
def me(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    pledges = own_pledges_by(user)
    follows = follows_of(user)
    context = {
        "pledges": pledges[:ME_PLEDGES],
        "pledge_count": pledges.count(),
        "claims": PoliticianClaim.objects.filter(user=user)
        .select_related("politician")
        .newest_first(),
        "followed": followed_politicians(follows[:ME_FOLLOWS]),
        "follow_count": follows.count(),
        "me_follows_limit": ME_FOLLOWS,
    }
    return render(request, "accounts/me.html", context)


@login_required
@require_safe
def following(request: AuthenticatedRequest) -> HttpResponse:
    page = paginate(request, follows_of(request.user))
    context = {"page_obj": page, "followed": followed_politicians(page.object_list)}
    return render(request, "accounts/following.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def me_settings(request: AuthenticatedRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        actions.set_preferences(
            user=request.user,
            display_name=form.cleaned_data["display_name"],
            digest_frequency=form.cleaned_data["digest_frequency"],
        )
        messages.success(request, "設定を保存しました。")
        return redirect("me-settings")
    return render(request, "accounts/settings.html", {"form": form})


@require_safe
def user_profile(request: HttpRequest, pk: int) -> HttpResponse:
    profile = get_object_or_404(User.objects.select_related("politician"), pk=pk)
    may_trust = can(request.user, Action.GRANT_TRUSTED, profile)
    context: dict[str, Any] = {
        "profile": profile,
        "profile_is_trusted": may_trust and Role.TRUSTED in roles_of(profile),
    }
    if profile.is_active:
        context["page_obj"] = paginate(request, public_pledges_by(profile))
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def moderate_user(request: AuthenticatedRequest, pk: int, verb: str) -> HttpResponse:
    """Ban, unban, or grant/revoke trusted membership; every change needs permission."""
    target = get_object_or_404(User, pk=pk)
    form = (
        RequiredReasonForm(request.POST) if verb in {"ban", "unban"} else ReasonForm(request.POST)
    )
    action = Action.BAN_USER if verb in {"ban", "unban"} else Action.GRANT_TRUSTED
    if not can(request.user, action, target):
        return forbidden(request, "この操作を行う権限がありません。")
    if not form.is_valid():
        messages.error(request, "理由を入力してください。")
        return redirect("user-profile", pk=pk)
    operation = _USER_OPERATIONS[verb]
    try:
        operation[0](actor=request.user, user=target, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, operation[1])
    return redirect("user-profile", pk=pk)


_USER_OPERATIONS: dict[str, tuple[Callable[..., None], str]] = {
    "ban": (actions.ban_user, "利用停止にしました。"),
    "unban": (actions.unban_user, "利用停止を解除しました。"),
    "trust": (actions.grant_trusted, "信頼済み会員にしました。"),
    "untrust": (actions.revoke_trusted, "信頼済み会員を解除しました。"),
}


# Following -------------------------------------------------------------------


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def redirect_back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    """Go to the form's `next` when it is a URL on this site, else to `fallback`."""
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(target if target and safe else fallback)


@require_POST
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_following(request, pk, following=True)


@require_POST
def unfollow(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_following(request, pk, following=False)


def _set_following(request: HttpRequest, pk: int, *, following: bool) -> HttpResponse:
    politician = get_object_or_404(Politician, pk=pk)
    if not request.user.is_authenticated:
        if _wants_json(request):
            return JsonResponse({"error": "ログインが必要です。"}, status=401)
        return redirect_to_login(politician.get_absolute_url())
    if following and not can(request.user, Action.FOLLOW, politician):
        if _wants_json(request):
            return JsonResponse(
                {"error": "フォローするにはメールアドレスの確認が必要です。"}, status=403
            )
        return forbidden(request, "フォローするにはメールアドレスの確認が必要です。")
    if following:
        actions.follow_politician(user=request.user, politician=politician)
        message = f"{politician.full_name}さんをフォローしました。"
    else:
        actions.unfollow_politician(user=request.user, politician=politician)
        message = f"{politician.full_name}さんのフォローを解除しました。"
    if _wants_json(request):
        return JsonResponse(
            {"politician": politician.pk, "following": following, "message": message}
        )
    messages.success(request, message)
    return redirect_back(request, politician.get_absolute_url())


# Politician claims -----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def claim_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    politician = get_object_or_404(Politician, pk=pk)
    if not can(request.user, Action.FILE_CLAIM, politician):
        message = (
            "本人確認を申請できるのは、メールアドレスを確認済みで、"
            "まだ本人確認を受けていない会員です。"
        )
        return forbidden(request, message)
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.file_claim(user=request.user, politician=politician, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, "本人確認の申請を受け付けました。モデレーターの確認をお待ちください。"
            )
            return redirect("me")
    context = {"politician": politician, "form": form}
    return render(request, "accounts/claim_form.html", context)


QUEUE_TABS = [(status.value, status.label) for status in ClaimStatus]


@login_required
@require_safe
def claims_queue(request: AuthenticatedRequest) -> HttpResponse:
    if not can(request.user, Action.VERIFY_CLAIM):
        return forbidden(request, "このページはモデレーターのみ利用できます。")
    status = request.GET.get("status", ClaimStatus.PENDING)
    notice = ""
    if status not in ClaimStatus.values:
        notice = "指定された状態は存在しないため、審査待ちの申請を表示しています。"
        status = ClaimStatus.PENDING
    claims = PoliticianClaim.objects.for_queue().with_status(status)
    ordered = claims.oldest_first() if status == ClaimStatus.PENDING else claims.newest_first()
    context = {
        "page_obj": paginate(request, ordered),
        "status": status,
        "tabs": QUEUE_TABS,
        "notice": notice,
        "pending_count": PoliticianClaim.objects.pending().count(),
    }
    return render(request, "moderation/claims.html", context)


_CLAIM_DECISIONS: dict[str, tuple[Callable[..., None], type[forms.Form], str]] = {
    "approve": (actions.approve_claim, ReasonForm, "申請を承認しました。"),
    "reject": (actions.reject_claim, RequiredReasonForm, "申請を却下しました。"),
    "revoke": (actions.revoke_claim, RequiredReasonForm, "本人確認を取り消しました。"),
}


@login_required
@require_POST
def claim_decide(request: AuthenticatedRequest, pk: int, decision: str) -> HttpResponse:
    claim = get_object_or_404(PoliticianClaim, pk=pk)
    if not can(request.user, Action.VERIFY_CLAIM, claim):
        return forbidden(request, "この申請を判断する権限がありません。")
    decide, form_class, done = _CLAIM_DECISIONS[decision]
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, "理由を入力してください。")
    else:
        try:
            decide(actor=request.user, claim=claim, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
    return redirect_back(request, "/moderation/claims/")
