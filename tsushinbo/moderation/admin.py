from __future__ import annotations

from django.contrib import admin

from tsushinbo.moderation.models import Flag


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user", "comment", "report", "created_at", "resolved_at"]
    list_filter = ["reason"]
    raw_id_fields = ["comment", "report", "user"]
