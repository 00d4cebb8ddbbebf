from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tsushinbo.accounts.models import User
from tsushinbo.accounts.permissions import Action, can
from tsushinbo.activities.models import ActivityReport
from tsushinbo.comments import actions
from tsushinbo.comments.cookies import remember_comment
from tsushinbo.comments.forms import CommentForm, FlagForm
from tsushinbo.comments.models import Comment, visible_q
from tsushinbo.comments.queries import FORM_NOTICE
from tsushinbo.integrity.checks import check_anonymous_post, refusal_response
from tsushinbo.pledges.models import Pledge

RECEIVED = "コメントを受け付けました。管理者の確認後公開されます。24時間以内に確認されます。"
PUBLISHED = "コメントを公開しました。"
NOT_ALLOWED = "このアカウントではコメントできません。メールアドレスの確認がお済みかご確認ください。"


@require_POST
def post_on_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(ActivityReport.objects.public(), pk=pk)
    return _post(request, report)


@require_POST
def post_on_pledge(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = get_object_or_404(Pledge.objects.visible(), pk=pk)
    return _post(request, pledge)


def _target_url(target: models.Model) -> str:
    return f"{target.get_absolute_url()}#comments"  # type: ignore[attr-defined]


def _post(request: HttpRequest, target: models.Model) -> HttpResponse:
    user = request.user if isinstance(request.user, User) else None
    if user is None and settings.COMMENTS_REQUIRE_ACCOUNT:
        return redirect_to_login(_target_url(target))
    if not can(user, Action.POST_COMMENT, target):
        return render(request, "accounts/forbidden.html", {"message": NOT_ALLOWED}, status=403)
    form = CommentForm(request.POST, anonymous=user is None)
    if not form.is_valid():
        return _form_page(request, target, form)
    if user is None:
        refusal = check_anonymous_post(
            request,
            scope="comment",
            rate=settings.COMMENT_RATE_LIMIT,
            target=f"{Comment.target_field(target)}:{target.pk}",
            target_rate=settings.COMMENT_TARGET_RATE_LIMIT,
            proof_of_work=settings.COMMENT_POW,
        )
        if refusal is not None:
            return refusal_response(request, refusal, back_url=_target_url(target))
    try:
        parent = _parent(form.cleaned_data["parent"], target)
        comment = actions.post_comment(
            target=target,
            user=user,
            body=form.cleaned_data["body"],
            nickname=form.cleaned_data.get("nickname", ""),
            parent=parent,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _form_page(request, target, form)
    messages.success(request, PUBLISHED if comment.is_public else RECEIVED)
    response = redirect(f"{target.get_absolute_url()}#comment-{comment.pk}")  # type: ignore[attr-defined]
    if user is None:
        remember_comment(request, response, comment.pk)
    return response


def _parent(parent_id: int | None, target: models.Model) -> Comment | None:
    if parent_id is None:
        return None
    parent = Comment.objects.for_target(target).filter(pk=parent_id).first()
    if parent is None:
        raise ValidationError("返信先のコメントが見つかりません。")
    return parent


def _form_page(request: HttpRequest, target: models.Model, form: CommentForm) -> HttpResponse:
    """The form again with its errors (422), on a page of its own."""
    comments = {
        "notice": FORM_NOTICE,
        "post_url": request.path,
        "may_comment": True,
        "is_anonymous": form.anonymous,
        "proof_of_work": form.anonymous and settings.COMMENT_POW,
    }
    context = {"target": target, "form": form, "comments": comments}
    return render(request, "comments/comment_form_page.html", context, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def flag(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.filter(visible_q()), pk=pk)
    user = request.user
    if not isinstance(user, User) or not can(user, Action.FLAG, comment):
        message = "通報できるのは、メールアドレスを確認済みの会員です。"
        return render(request, "accounts/forbidden.html", {"message": message}, status=403)
    form = FlagForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.flag_comment(user=user, comment=comment, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, getattr(error, "messages", ["通報できませんでした。"]))
        else:
            messages.success(request, "通報を受け付けました。モデレーターが確認します。")
            return redirect(comment.target.get_absolute_url() + "#comments")  # type: ignore[attr-defined]
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "subject": "コメント", "excerpt": comment.body[:200]}
    return render(request, "comments/flag_form.html", context, status=status)
