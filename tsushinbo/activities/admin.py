from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tsushinbo.activities.models import ActivityReport
from tsushinbo.search.indexing import index_report


@admin.register(ActivityReport)
class ActivityReportAdmin(admin.ModelAdmin):
    """Read and correct reports; review decisions belong on the desk (/moderation/)."""

    list_display = ["title", "politician", "date", "status", "is_hidden", "comment_count"]
    list_filter = ["status", "is_hidden"]
    search_fields = ["title"]
    raw_id_fields = ["politician", "posted_by", "reviewed_by"]
    filter_horizontal = ["pledges"]
    readonly_fields = ["status", "reject_reason", "reviewed_by", "reviewed_at", "published_at"]
    readonly_fields += ["flag_count", "flagged_at", "is_hidden", "comment_count"]

    def save_model(
        self, request: HttpRequest, obj: ActivityReport, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        # Admin edits bypass the actions: keep the search index in step explicitly.
        index_report(obj)
