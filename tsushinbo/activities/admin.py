from __future__ import annotations

from django.contrib import admin

from tsushinbo.activities.models import ActivityReport


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
