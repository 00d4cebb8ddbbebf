"""State changes shared by every Reviewable (comments, activity reports).

Callers are the apps' actions: they lock the row, call one of these inside
their transaction, then do their own follow-ups (counters, caches, audit,
notifications). Nothing here checks permissions.
"""

from __future__ import annotations

from typing import TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from tsushinbo.accounts.models import User
from tsushinbo.accounts.permissions import Action, can
from tsushinbo.audit.actions import record
from tsushinbo.moderation.models import Flag, RejectReason, Reviewable, ReviewStatus

R = TypeVar("R", bound=Reviewable)

REVIEW_FIELDS = [
    "status",
    "reject_reason",
    "reviewed_by",
    "reviewed_at",
    "published_at",
    "flag_count",
    "flagged_at",
    "is_hidden",
]


def locked(item: R) -> R:
    """The row again, locked: two moderators deciding at once see each other's decision."""
    return type(item)._default_manager.select_for_update().get(pk=item.pk)  # type: ignore[return-value]


def require_moderator(actor: User) -> None:
    if not can(actor, Action.MODERATE):
        raise PermissionDenied(Action.MODERATE.value)


def clean_reason(reason: str) -> RejectReason:
    if reason not in RejectReason.values:
        raise ValidationError("却下の理由を一覧から選んでください。")
    return RejectReason(reason)


def publish(item: Reviewable, *, actor: User | None) -> None:
    """Make the item public now (a moderator's approval, or a poster who skips review)."""
    now = timezone.now()
    item.status = ReviewStatus.APPROVED
    item.reject_reason = ""
    item.reviewed_by = actor
    item.reviewed_at = now
    item.published_at = item.published_at or now
    _clear_flags(item, now)


def withdraw(item: Reviewable, *, actor: User | None, reason: str) -> None:
    """Reject the item: it leaves every public page, its open flags are answered."""
    now = timezone.now()
    item.status = ReviewStatus.REJECTED
    item.reject_reason = reason
    item.reviewed_by = actor
    item.reviewed_at = now
    _clear_flags(item, now)


def send_back(item: Reviewable) -> None:
    """An edit by someone who does not skip review: the item waits again.

    Its open flags are answered: they were about the text before the edit, and
    the moderator reviews the new text anyway.
    """
    item.status = ReviewStatus.PENDING
    item.reviewed_by = None
    item.reviewed_at = None
    item.reject_reason = ""
    _clear_flags(item, timezone.now())


def _clear_flags(item: Reviewable, now: object) -> None:
    if item.flag_count or item.is_hidden:
        Flag.objects.filter(**{_flag_field(item): item}).open().update(resolved_at=now)
    item.flag_count = 0
    item.flagged_at = None
    item.is_hidden = False


def _flag_field(item: Reviewable) -> str:
    return "comment" if item._meta.label_lower == "comments.comment" else "report"


def add_flag(item: R, *, user: User, reason: str, note: str = "") -> tuple[R, bool]:
    """Record the member's flag; returns the locked item and whether this flag hid it."""
    if not can(user, Action.FLAG, item):
        raise PermissionDenied(Action.FLAG.value)
    reason = clean_reason(reason)
    item = locked(item)
    if not item.is_public:
        raise ValidationError("公開中の投稿だけを通報できます。")
    if getattr(item, _author_field(item)) == user.pk:
        raise ValidationError("自分の投稿は通報できません。")
    try:
        with transaction.atomic():
            Flag.objects.create(**{_flag_field(item): item}, user=user, reason=reason, note=note)
    except IntegrityError:
        raise ValidationError("この投稿はすでに通報済みです。") from None
    # The row is locked: a plain increment cannot lose a concurrent flag.
    item.flag_count += 1
    item.flagged_at = item.flagged_at or timezone.now()
    hides = item.flag_count >= settings.FLAG_THRESHOLD
    item.is_hidden = hides
    item.save(update_fields=["flag_count", "flagged_at", "is_hidden"])
    return item, hides


def _author_field(item: Reviewable) -> str:
    return "user_id" if item._meta.label_lower == "comments.comment" else "posted_by_id"


BANNED_NOTE = "利用停止"


def reject_pending(pending: models.QuerySet[R], *, actor: User | None, action: str) -> int:
    """Reject every item in `pending` because its author was banned (inside the ban's transaction)."""
    ids = list(pending.values_list("pk", flat=True))
    for item in pending.model._default_manager.select_for_update().filter(pk__in=ids):
        withdraw(item, actor=actor, reason=RejectReason.OTHER)
        item.save(update_fields=REVIEW_FIELDS)
        record(
            actor=actor,
            action=action,
            target=item,
            reason=RejectReason.OTHER.label,
            note=BANNED_NOTE,
        )
    return len(ids)
