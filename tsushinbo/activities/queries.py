"""Reads that join activity reports with their comments."""

from __future__ import annotations

import datetime

from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone

from tsushinbo.activities.models import ActivityReport
from tsushinbo.comments.models import Comment, visible_q
from tsushinbo.moderation.models import ReviewStatus

POPULAR_DAYS = 7
# Ranked candidates per shown report: room for candidates that turn out not to be
# public (a hidden report, replies under a removed comment) without a second query.
CANDIDATES_PER_SLOT = 2


def popular_reports(limit: int, now: datetime.datetime | None = None) -> list[ActivityReport]:
    """Public reports with the most public comments published in the last POPULAR_DAYS.

    One query. Inside it, a windowed COUNT grouped by report ranks candidates
    from the covering comment index (status, published_at, is_hidden, report)
    alone: it reads only the window's index entries. The outer query keeps the
    public reports among them and counts each one's window exactly
    (`recent_comments`: public comments in public threads), a few index lookups
    per row, and orders by that count.
    """
    since = (now or timezone.now()) - datetime.timedelta(days=POPULAR_DAYS)
    candidates = (
        Comment.objects.filter(
            status=ReviewStatus.APPROVED,
            is_hidden=False,
            published_at__gte=since,
            report__isnull=False,
        )
        .values("report_id")
        .annotate(recent=Count("id"))
        .order_by("-recent", "-report_id")
        .values("report_id")[: limit * CANDIDATES_PER_SLOT]
    )
    exact = (
        Comment.objects.filter(visible_q(), report=OuterRef("pk"), published_at__gte=since)
        .order_by()
        .values("report")
        .annotate(n=Count("id"))
        .values("n")
    )
    reports = (
        ActivityReport.objects.public()
        .filter(pk__in=Subquery(candidates))
        .for_cards()
        .annotate(recent_comments=Subquery(exact))
        .filter(recent_comments__gt=0)
        .order_by("-recent_comments", "-id")[:limit]
    )
    return list(reports)
