"""One comment submission, validated the same way for the page form and the JSON API.

`submit_comment` runs every check a comment passes (account rule, permission,
the form, the anonymous-post checks, the action) and reports the outcome: the
comment, a Refusal, or the form with its errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest

from tsushinbo.accounts.models import User
from tsushinbo.accounts.permissions import Action, can
from tsushinbo.comments import actions
from tsushinbo.comments.forms import CommentForm
from tsushinbo.comments.models import Comment
from tsushinbo.integrity.checks import Refusal, check_anonymous_post

RECEIVED = "コメントを受け付けました。管理者の確認後公開されます。24時間以内に確認されます。"
PUBLISHED = "コメントを公開しました。"
NOT_ALLOWED = "このアカウントではコメントできません。メールアドレスの確認がお済みかご確認ください。"
LOGIN_REQUIRED = "コメントするにはログインしてください。"


@dataclass(frozen=True)
class CommentSubmission:
    """What happened: `comment` when posted, else `refusal`, else the form's errors."""

    form: CommentForm
    comment: Comment | None = None
    refusal: Refusal | None = None


def submit_comment(
    request: HttpRequest, target: models.Model, data: Mapping[str, Any]
) -> CommentSubmission:
    """Post the requester's comment on a public report or pledge from `data`."""
    user = request.user if isinstance(request.user, User) else None
    form = CommentForm(data, anonymous=user is None)
    if user is None and settings.COMMENTS_REQUIRE_ACCOUNT:
        return CommentSubmission(form, refusal=Refusal(LOGIN_REQUIRED, status=401))
    if not can(user, Action.POST_COMMENT, target):
        return CommentSubmission(form, refusal=Refusal(NOT_ALLOWED, status=403))
    if not form.is_valid():
        return CommentSubmission(form)
    if user is None:
        refusal = check_anonymous_post(
            request,
            scope="comment",
            rate=settings.COMMENT_RATE_LIMIT,
            target=f"{Comment.target_field(target)}:{target.pk}",
            target_rate=settings.COMMENT_TARGET_RATE_LIMIT,
            proof_of_work=settings.COMMENT_POW,
            data=data,
        )
        if refusal is not None:
            return CommentSubmission(form, refusal=refusal)
    try:
        comment = actions.post_comment(
            target=target,
            user=user,
            body=form.cleaned_data["body"],
            nickname=form.cleaned_data.get("nickname", ""),
            parent=_parent(form.cleaned_data["parent"], target),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return CommentSubmission(form)
    return CommentSubmission(form, comment=comment)


def _parent(parent_id: int | None, target: models.Model) -> Comment | None:
    if parent_id is None:
        return None
    parent = Comment.objects.for_target(target).filter(pk=parent_id).first()
    if parent is None:
        raise ValidationError("返信先のコメントが見つかりません。")
    return parent
