from __future__ import annotations

from django.contrib import admin

from tsushinbo.comments.models import Comment


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """Read comments; review decisions belong on the desk (/moderation/)."""

    list_display = ["__str__", "author_name", "status", "is_hidden", "created_at"]
    list_filter = ["status", "is_hidden"]
    raw_id_fields = ["report", "pledge", "parent", "user", "reviewed_by"]
    readonly_fields = ["status", "reject_reason", "reviewed_by", "reviewed_at", "published_at"]
    readonly_fields += ["flag_count", "flagged_at", "is_hidden"]
