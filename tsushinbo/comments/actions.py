"""Writes with side effects for comments: post, approve, reject, flag.

A comment is public only when approved and not hidden by flags (and, for a
reply, when its parent is public). Every change of that state recounts the
report's public comments in the same transaction; every moderator decision is
audit-logged and the author (an account) is told after the commit.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from tsushinbo.accounts.models import User
from tsushinbo.accounts.permissions import Action, can
from tsushinbo.activities.models import ActivityReport
from tsushinbo.audit.actions import record
from tsushinbo.comments.models import Comment
from tsushinbo.moderation import review
from tsushinbo.moderation.models import RejectReason, ReviewStatus
from tsushinbo.moderation.notifications import notify_author

KIND = "コメント"


def skips_review(user: User | None) -> bool:
    """Trusted members, moderators and verified politicians publish comments directly."""
    if user is None or not user.is_active:
        return False
    return can(user, Action.SKIP_REVIEW) or user.politician_id is not None


def target_is_public(target: models.Model) -> bool:
    if isinstance(target, ActivityReport):
        return target.is_public
    return bool(getattr(target, "is_visible", True))


@transaction.atomic
def post_comment(
    *,
    target: models.Model,
    user: User | None,
    body: str,
    nickname: str = "",
    parent: Comment | None = None,
) -> Comment:
    """Post a comment (pending unless the author skips review) on a report or a pledge."""
    if not can(user, Action.POST_COMMENT, target):
        raise PermissionDenied(Action.POST_COMMENT.value)
    if user is None and settings.COMMENTS_REQUIRE_ACCOUNT:
        raise PermissionDenied("comments require an account")
    if not target_is_public(target):
        raise ValidationError("このページにはコメントできません。")
    body = body.strip()
    nickname = " ".join(nickname.split())
    if not body:
        raise ValidationError("コメントを入力してください。")
    if user is None and not nickname:
        raise ValidationError("ニックネームを入力してください。")
    field = Comment.target_field(target)
    if parent is not None:
        parent = _reply_parent(parent, field=field, target=target)
    comment = Comment(
        **{field: target}, parent=parent, user=user, nickname="" if user else nickname, body=body
    )
    if skips_review(user):
        review.publish(comment, actor=None)
    comment.save()
    if comment.is_public:
        _recount(comment)
    return comment


def _reply_parent(parent: Comment, *, field: str, target: models.Model) -> Comment:
    # One level of replies: answering a reply answers its thread.
    if parent.parent_id is not None:
        parent = Comment.objects.get(pk=parent.parent_id)
    if getattr(parent, f"{field}_id") != target.pk or not parent.is_public:
        raise ValidationError("返信先のコメントが見つかりません。")
    return parent


def _recount(comment: Comment) -> None:
    """Recount the report's public comments (an indexed count over one report)."""
    if comment.report_id is None:
        return
    count = Comment.objects.filter(report_id=comment.report_id).visible_thread().count()
    ActivityReport.objects.filter(pk=comment.report_id).update(comment_count=count)


def _title(comment: Comment) -> str:
    target = comment.target
    return str(target)[:60]


@transaction.atomic
def approve_comment(*, actor: User, comment: Comment, note: str = "") -> None:
    """Publish a pending comment, or keep a flagged one public (its flags are answered)."""
    review.require_moderator(actor)
    comment = review.locked(comment)
    if comment.status == ReviewStatus.REJECTED:
        raise ValidationError("却下済みのコメントです。")
    was_pending = comment.is_pending
    flags = comment.flag_count
    review.publish(comment, actor=actor)
    comment.save(update_fields=review.REVIEW_FIELDS)
    _recount(comment)
    action = "comment.approve" if was_pending else "comment.keep"
    record(actor=actor, action=action, target=comment, note=note, flags=flags)
    if was_pending:
        notify_author(
            author=comment.user,
            kind=KIND,
            title=_title(comment),
            approved=True,
            path=comment.get_absolute_url(),
        )


@transaction.atomic
def reject_comment(*, actor: User, comment: Comment, reason: str, note: str = "") -> None:
    """Remove a pending or public comment for one of the SPEC §2 reasons."""
    review.require_moderator(actor)
    label = review.clean_reason(reason).label
    comment = review.locked(comment)
    if comment.is_rejected:
        raise ValidationError("すでに却下されたコメントです。")
    was_public = comment.is_public or comment.is_hidden
    review.withdraw(comment, actor=actor, reason=reason)
    comment.save(update_fields=review.REVIEW_FIELDS)
    if was_public:
        _recount(comment)
    record(actor=actor, action="comment.reject", target=comment, reason=label, note=note)
    notify_author(
        author=comment.user,
        kind=KIND,
        title=_title(comment),
        approved=False,
        reason=label,
        path=comment.target.get_absolute_url(),  # type: ignore[attr-defined]
    )


@transaction.atomic
def flag_comment(*, user: User, comment: Comment, reason: str, note: str = "") -> bool:
    """A member flags a public comment; True when this flag hid it (FLAG_THRESHOLD)."""
    comment, hidden = review.add_flag(comment, user=user, reason=reason, note=note)
    if hidden:
        _recount(comment)
        record(
            actor=None,
            action="comment.hide",
            target=comment,
            reason=RejectReason(reason).label,
            flags=comment.flag_count,
        )
    return hidden


def reject_pending_comments_by(*, actor: User | None, user: User) -> int:
    """Reject what a banned user left waiting (call inside the ban's transaction)."""
    pending = Comment.objects.filter(user=user).pending()
    return review.reject_pending(pending, actor=actor, action="comment.reject")
