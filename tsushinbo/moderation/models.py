"""Review states shared by everything members and visitors post, and flags on them.

Public means approved and not hidden by flags: `ReviewableQuerySet.public()`
is the one filter every public page, feed, count and the news box go through.
"""

from __future__ import annotations

from typing import Self, TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "確認待ち"
    APPROVED = "approved", "公開中"
    REJECTED = "rejected", "却下"


class RejectReason(models.TextChoices):
    """Why something was removed (SPEC §2); shown in the public moderation log."""

    DEFAMATION = "defamation", "誹謗中傷"
    PUBLIC_ORDER = "public_order", "公序良俗違反"
    PERSONAL_INFORMATION = "personal_information", "個人情報"
    SPAM = "spam", "スパム・宣伝"
    OFF_TOPIC = "off_topic", "話題と無関係"
    OTHER = "other", "その他"


_M = TypeVar("_M", bound=models.Model)


class ReviewableQuerySet(models.QuerySet[_M]):
    def public(self) -> Self:
        return self.filter(status=ReviewStatus.APPROVED, is_hidden=False)

    def pending(self) -> Self:
        return self.filter(status=ReviewStatus.PENDING)

    def rejected(self) -> Self:
        return self.filter(status=ReviewStatus.REJECTED)

    def flagged(self) -> Self:
        """Items with open flags: the desk's 通報 queue.

        Only approved items carry flags (every decision and every edit sent
        back to review clears them), so this is exactly the partial index's
        condition and never scans the approved rows.
        """
        return self.filter(flag_count__gt=0)

    def oldest_first(self) -> Self:
        return self.order_by("created_at", "id")


class Reviewable(models.Model):
    """Fields of anything that waits for a moderator before it is public."""

    status = models.CharField(
        "状態", max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    reject_reason = models.CharField(
        "却下の理由", max_length=30, choices=RejectReason.choices, blank=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="確認したモデレーター",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("確認日時", null=True, blank=True)
    # When it became public (first approval): the 新着 order and the popularity window.
    published_at = models.DateTimeField("公開日時", null=True, blank=True)
    # Open flags; at settings.FLAG_THRESHOLD the item is hidden until a moderator decides.
    flag_count = models.PositiveIntegerField("未対応の通報", default=0)
    flagged_at = models.DateTimeField("最初の未対応の通報", null=True, blank=True)
    is_hidden = models.BooleanField("通報により非表示", default=False)
    created_at = models.DateTimeField("投稿日時", default=timezone.now)

    class Meta:
        abstract = True

    @property
    def is_public(self) -> bool:
        return self.status == ReviewStatus.APPROVED and not self.is_hidden

    @property
    def is_pending(self) -> bool:
        return self.status == ReviewStatus.PENDING

    @property
    def is_rejected(self) -> bool:
        return self.status == ReviewStatus.REJECTED


def public_q(prefix: str = "") -> Q:
    """The public() condition on a related Reviewable, e.g. public_q("parent__")."""
    return Q(**{f"{prefix}status": ReviewStatus.APPROVED, f"{prefix}is_hidden": False})


class FlagQuerySet(models.QuerySet["Flag"]):
    def open(self) -> FlagQuerySet:
        return self.filter(resolved_at__isnull=True)


class Flag(models.Model):
    """A member's report (通報) that a public comment or activity report breaks the rules."""

    comment = models.ForeignKey(
        "comments.Comment",
        verbose_name="コメント",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="flags",
    )
    report = models.ForeignKey(
        "activities.ActivityReport",
        verbose_name="活動報告",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="flags",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="通報者",
        on_delete=models.CASCADE,
        related_name="flags",
    )
    reason = models.CharField("理由", max_length=30, choices=RejectReason.choices)
    note = models.CharField("補足", max_length=200, blank=True)
    created_at = models.DateTimeField("通報日時", default=timezone.now)
    resolved_at = models.DateTimeField("対応日時", null=True, blank=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        verbose_name = "通報"
        verbose_name_plural = "通報"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(comment__isnull=False) & Q(report__isnull=True))
                | (Q(comment__isnull=True) & Q(report__isnull=False)),
                name="flag_has_exactly_one_target",
            ),
            models.UniqueConstraint(fields=["user", "comment"], name="flag_once_per_comment"),
            models.UniqueConstraint(fields=["user", "report"], name="flag_once_per_report"),
        ]

    def __str__(self) -> str:
        return f"通報 #{self.pk}（{self.get_reason_display()}）"
