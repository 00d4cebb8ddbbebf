from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse

from tsushinbo.moderation.models import Reviewable, ReviewableQuerySet, ReviewStatus, public_q


def visible_q() -> Q:
    """Public, in a public thread: a reply under a removed or hidden comment is not shown."""
    return public_q() & (Q(parent__isnull=True) | public_q("parent__"))


class CommentQuerySet(ReviewableQuerySet["Comment"]):
    def visible_thread(self) -> CommentQuerySet:
        return self.filter(visible_q())

    def for_target(self, target: models.Model) -> CommentQuerySet:
        return self.filter(**{Comment.target_field(target): target})

    def thread_order(self) -> CommentQuerySet:
        """Newest threads first; inside a thread the first comment, then replies oldest first."""
        return self.alias(thread=Coalesce("parent_id", "id")).order_by(
            "-thread", models.F("parent_id").asc(nulls_first=True), "created_at", "id"
        )


class Comment(Reviewable):
    """A comment on an activity report or on a pledge, reviewed before it is public."""

    report = models.ForeignKey(
        "activities.ActivityReport",
        verbose_name="活動報告",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    pledge = models.ForeignKey(
        "pledges.Pledge",
        verbose_name="公約・政策",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    # One level of replies: a reply's parent is always a first-level comment.
    parent = models.ForeignKey(
        "self",
        verbose_name="返信先",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="投稿者",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    nickname = models.CharField("ニックネーム", max_length=30, blank=True)
    body = models.TextField("コメント", max_length=2000)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = "コメント"
        verbose_name_plural = "コメント"
        ordering = ["-created_at", "-id"]
        indexes = [
            # A report's comments, and its count in the popularity window.
            models.Index(fields=["report", "status", "published_at"], name="comment_report"),
            models.Index(fields=["pledge", "status", "created_at"], name="comment_pledge"),
            models.Index(fields=["status", "created_at", "id"], name="comment_queue"),
            # The popularity window: approved comments by publication time, covering
            # what the ranking reads so it never visits the table.
            models.Index(
                fields=["status", "published_at", "is_hidden", "report"], name="comment_published"
            ),
            models.Index(fields=["user", "-created_at"], name="comment_author"),
            # The desk's 通報 queue: only the few rows with open flags are indexed.
            models.Index(
                fields=["flagged_at", "id"], condition=Q(flag_count__gt=0), name="comment_flagged"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(report__isnull=False) & Q(pledge__isnull=True))
                | (Q(report__isnull=True) & Q(pledge__isnull=False)),
                name="comment_has_exactly_one_target",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReviewStatus.values), name="comment_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=ReviewStatus.APPROVED) | Q(published_at__isnull=False),
                name="comment_approved_has_publish_date",
            ),
            models.CheckConstraint(
                condition=Q(flag_count=0) | Q(status=ReviewStatus.APPROVED),
                name="comment_flags_only_when_approved",
            ),
        ]

    def __str__(self) -> str:
        # Never the text: this label goes into the audit log.
        return f"コメント #{self.pk}"

    @staticmethod
    def target_field(target: models.Model) -> str:
        label = target._meta.label_lower
        if label == "activities.activityreport":
            return "report"
        if label == "pledges.pledge":
            return "pledge"
        raise ValueError(f"comments cannot target {label}")

    @property
    def target(self) -> models.Model:
        return self.report if self.report_id else self.pledge  # type: ignore[return-value]

    @property
    def target_politician_id(self) -> int | None:
        """The politician whose verified account earns the 「本人」 badge here."""
        target = self.target
        return getattr(target, "politician_id", None)

    def get_absolute_url(self) -> str:
        target_url = (
            reverse("activity-detail", args=[self.report_id])
            if self.report_id
            else reverse("pledge-detail", args=[self.pledge_id])
        )
        return f"{target_url}#comment-{self.pk}"

    @property
    def author_name(self) -> str:
        if self.user is not None:
            return self.user.public_name
        return self.nickname or "匿名"

    @property
    def is_reply(self) -> bool:
        return self.parent_id is not None


@dataclass
class Thread:
    comment: Comment
    replies: list[Comment] = field(default_factory=list)


def threads_of(comments: Iterable[Comment]) -> list[Thread]:
    """Group rows in thread_order() into first-level comments with their replies."""
    threads: dict[int, Thread] = {}
    for comment in comments:
        if comment.parent_id is None:
            threads[comment.pk] = Thread(comment)
        elif comment.parent_id in threads:
            threads[comment.parent_id].replies.append(comment)
    return list(threads.values())
