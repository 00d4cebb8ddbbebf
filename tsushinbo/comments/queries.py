"""What a page shows of its comments: the public threads plus the viewer's own pending ones."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.http import HttpRequest

from tsushinbo.accounts.models import User
from tsushinbo.accounts.permissions import Action, can
from tsushinbo.comments.cookies import own_comment_ids
from tsushinbo.comments.models import Comment, Thread, threads_of, visible_q
from tsushinbo.moderation.models import ReviewStatus

# Rows read for one page: the newest threads first.
MAX_COMMENTS = 300
FORM_NOTICE = (
    "コメントを投稿することができます。管理者の確認後公開されます。24時間以内に確認されます。"
)


@dataclass(frozen=True)
class CommentSection:
    target: models.Model
    threads: list[Thread]
    public_count: int
    reply_to: Comment | None
    may_comment: bool
    needs_login: bool
    is_anonymous: bool
    proof_of_work: bool
    may_flag: bool
    post_url: str
    notice: str = FORM_NOTICE


def _own_pending(request: HttpRequest) -> Q:
    user = request.user
    if isinstance(user, User) and user.is_authenticated:
        return Q(status=ReviewStatus.PENDING, user=user)
    ids = own_comment_ids(request)
    return Q(status=ReviewStatus.PENDING, user__isnull=True, pk__in=ids) if ids else Q(pk__in=[])


def comments_for(request: HttpRequest, target: models.Model) -> list[Thread]:
    """One query: public comments in public threads, and the viewer's own pending ones."""
    rows = (
        Comment.objects.for_target(target)
        .filter(visible_q() | _own_pending(request))
        .select_related("user")
        .thread_order()[:MAX_COMMENTS]
    )
    return threads_of(rows)


def _reply_to(request: HttpRequest, threads: list[Thread]) -> Comment | None:
    wanted = request.GET.get("reply_to", "")
    for thread in threads:
        if str(thread.comment.pk) == wanted and thread.comment.is_public:
            return thread.comment
    return None


def comment_section(request: HttpRequest, target: models.Model, post_url: str) -> CommentSection:
    threads = comments_for(request, target)
    anonymous = not request.user.is_authenticated
    needs_login = anonymous and settings.COMMENTS_REQUIRE_ACCOUNT
    public = [c for t in threads for c in [t.comment, *t.replies] if c.is_public]
    return CommentSection(
        target=target,
        threads=threads,
        public_count=len(public),
        reply_to=_reply_to(request, threads),
        may_comment=can(request.user, Action.POST_COMMENT, target) and not needs_login,
        needs_login=needs_login,
        is_anonymous=anonymous,
        proof_of_work=anonymous and settings.COMMENT_POW,
        may_flag=can(request.user, Action.FLAG),
        post_url=post_url,
    )
