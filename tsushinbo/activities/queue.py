"""The activity reports' share of the moderation desk: pending reports and flagged ones."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from tsushinbo.accounts.models import User
from tsushinbo.activities import actions
from tsushinbo.activities.models import ActivityReport, ActivityReportQuerySet
from tsushinbo.moderation.models import Flag, RejectReason
from tsushinbo.moderation.queue import QueueItem


def _rows(queryset: ActivityReportQuerySet) -> ActivityReportQuerySet:
    return queryset.select_related("politician", "posted_by")


def _item(report: ActivityReport, *, source: str, flagged: bool = False) -> QueueItem:
    edited = report.published_at is not None and not flagged
    return QueueItem(
        source=source,
        pk=report.pk,
        kind="活動報告（通報）" if flagged else ("活動報告（編集）" if edited else "活動報告"),
        waiting_since=(report.flagged_at or report.created_at)
        if flagged
        else (report.updated_at if edited else report.created_at),
        title=f"{report.politician.full_name}：{report.title}",
        text=report.body,
        url=report.get_absolute_url(),
        author=report.posted_by,
        author_label=report.posted_by.public_name if report.posted_by else "",
        context=f"活動日 {report.date:%Y年%-m月%-d日}"
        + (f"・出典 {report.web_source_url}" if report.web_source_url else ""),
        flag_count=report.flag_count,
        hidden=report.is_hidden,
        flag_reasons=tuple(
            RejectReason(flag.reason).label for flag in getattr(report, "open_flags", [])
        ),
    )


class PendingReports:
    key = "report"
    group = "report"
    label = "活動報告"

    def count(self) -> int:
        return ActivityReport.objects.pending().count()

    def oldest(self, limit: int) -> list[QueueItem]:
        rows = _rows(ActivityReport.objects.pending().oldest_first())[:limit]
        return [_item(report, source=self.key) for report in rows]

    def approve(self, *, actor: User, pk: int, note: str) -> None:
        report = get_object_or_404(ActivityReport, pk=pk)
        actions.approve_report(actor=actor, report=report, note=note)

    def reject(self, *, actor: User, pk: int, reason: str, note: str) -> None:
        report = get_object_or_404(ActivityReport, pk=pk)
        actions.reject_report(actor=actor, report=report, reason=reason, note=note)


class FlaggedReports(PendingReports):
    key = "flagged-report"
    group = "flagged"
    label = "通報された活動報告"

    def count(self) -> int:
        return ActivityReport.objects.flagged().count()

    def oldest(self, limit: int) -> list[QueueItem]:
        rows = _rows(
            ActivityReport.objects.flagged().order_by("flagged_at", "id")
        ).prefetch_related(Prefetch("flags", Flag.objects.open(), to_attr="open_flags"))[:limit]
        return [_item(report, source=self.key, flagged=True) for report in rows]
