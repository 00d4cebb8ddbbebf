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
from tsushinbo.comments.submission import NOT_ALLOWED, PUBLISHED, RECEIVED, submit_comment
from tsushinbo.integrity.checks import refusal_response
from tsushinbo.pledges.models import Pledge


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
    if not request.user.is_authenticated and settings.COMMENTS_REQUIRE_ACCOUNT:
        return redirect_to_login(_target_url(target))
    submission = submit_comment(request, target, request.POST)
    refusal = submission.refusal
    if refusal is not None and refusal.status == 403:
        return render(request, "accounts/forbidden.html", {"message": NOT_ALLOWED}, status=403)
    if refusal is not None:
        return refusal_response(request, refusal, back_url=_target_url(target))
    comment = submission.comment
    if comment is None:
        return _form_page(request, target, submission.form)
    messages.success(request, PUBLISHED if comment.is_public else RECEIVED)
    response = redirect(f"{target.get_absolute_url()}#comment-{comment.pk}")  # type: ignore[attr-defined]
    if not request.user.is_authenticated:
        remember_comment(request, response, comment.pk)
    return response


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
