from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Window
from django.urls import reverse
from django.utils.text import Truncator

from tsushinbo.lib.fields import WebURLField
from tsushinbo.lib.weburl import is_web_url
from tsushinbo.moderation.models import Reviewable, ReviewableQuerySet, ReviewStatus
from tsushinbo.pledges.models import Pledge


class ActivityReportQuerySet(ReviewableQuerySet["ActivityReport"]):
    def newest_first(self) -> ActivityReportQuerySet:
        return self.order_by("-published_at", "-id")

    def for_cards(self) -> ActivityReportQuerySet:
        """Everything _report_card.html reads, in one query however many rows."""
        return self.select_related(
            "politician", "politician__party", "posted_by"
        ).with_pledge_badge()

    def with_pledge_badge(self) -> ActivityReportQuerySet:
        """Annotate `has_pledges`: linked to a visible pledge (the 「公約」 badge).

        The subquery starts from the report's links (an index lookup per row),
        never from the whole pledge table.
        """
        linked = Pledge.objects.visible().filter(activity_reports=OuterRef("pk"))
        return self.annotate(has_pledges=Exists(linked))

    def with_total(self) -> ActivityReportQuerySet:
        """Annotate `total`, the row count before any slice: a list and its count in one query."""
        return self.annotate(total=Window(Count("id")))


class ActivityReport(Reviewable):
    """活動報告・発言: what a politician did or said, with its source (SPEC §2)."""

    politician = models.ForeignKey(
        "politicians.Politician",
        verbose_name="政治家",
        on_delete=models.CASCADE,
        related_name="activity_reports",
    )
    title = models.CharField("タイトル", max_length=200)
    date = models.DateField("活動日")
    body = models.TextField("本文", max_length=10000)
    source_url = WebURLField("出典URL", max_length=500, blank=True)
    pledges = models.ManyToManyField(
        "pledges.Pledge",
        verbose_name="関連する公約",
        blank=True,
        related_name="activity_reports",
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="投稿者",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activity_reports",
    )
    # Public comments (approved, not hidden, in a public thread); recounted on every change.
    comment_count = models.PositiveIntegerField("コメント数", default=0)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    objects = ActivityReportQuerySet.as_manager()

    class Meta:
        verbose_name = "活動報告"
        verbose_name_plural = "活動報告"
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="report_new"),
            models.Index(
                fields=["politician", "status", "-published_at", "-id"], name="report_politician"
            ),
            models.Index(fields=["status", "created_at", "id"], name="report_queue"),
            models.Index(fields=["posted_by", "-created_at"], name="report_author"),
            # The desk's 通報 queue: only the few rows with open flags are indexed.
            models.Index(
                fields=["flagged_at", "id"], condition=Q(flag_count__gt=0), name="report_flagged"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReviewStatus.values), name="report_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=ReviewStatus.APPROVED) | Q(published_at__isnull=False),
                name="report_approved_has_publish_date",
            ),
            models.CheckConstraint(
                condition=Q(flag_count=0) | Q(status=ReviewStatus.APPROVED),
                name="report_flags_only_when_approved",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activity-detail", args=[self.pk])

    @property
    def web_source_url(self) -> str:
        return self.source_url if is_web_url(self.source_url) else ""

    @property
    def summary(self) -> str:
        return Truncator(" ".join(self.body.split())).chars(100)

    @property
    def is_by_politician(self) -> bool:
        """Posted by the politician's own verified account (the 「本人」 badge)."""
        poster = self.posted_by
        return poster is not None and poster.politician_id == self.politician_id
