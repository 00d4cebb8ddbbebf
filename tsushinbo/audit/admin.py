from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from tsushinbo.audit.models import AuditEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that change only through actions (which write the audit log), never by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only: the log is append-only and written only through audit.actions.record()."""

    list_display = ("created_at", "actor", "action", "target_type", "target_label", "reason")
    # created_at filters by date ranges without the per-row DISTINCT scan a
    # date_hierarchy would run over a table that only grows.
    list_filter = ("created_at", "action", "target_type")
    search_fields = ("action", "target_label", "target_id", "reason", "actor__username")
    list_select_related = ("actor",)
    show_full_result_count = False
    readonly_fields = (
        "created_at",
        "actor",
        "action",
        "target_type",
        "target_id",
        "target_label",
        "reason",
        "detail",
    )
