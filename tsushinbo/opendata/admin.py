from __future__ import annotations

from django.contrib import admin

from tsushinbo.opendata.models import ExternalId


@admin.register(ExternalId)
class ExternalIdAdmin(admin.ModelAdmin):
    list_display = ["scheme", "value", "politician", "party", "created_at"]
    list_filter = ["scheme"]
    search_fields = ["value"]
    raw_id_fields = ["politician", "party"]
