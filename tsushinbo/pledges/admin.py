from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from tsushinbo.pledges.models import (
    Category,
    Pledge,
    PledgeRevision,
    ProgressEvidence,
    ProgressReport,
)
from tsushinbo.search.indexing import index_pledge

# Bare domains typed into URL fields become https:// (Django 6's default).
HTTPS_URLS: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = (
        "title",
        "owner_name",
        "progress_status",
        "progress_percent",
        "review_status",
        "deadline",
        "is_demo",
        "created_at",
    )
    list_filter = ("review_status", "progress_status", "categories", "is_demo")
    search_fields = (
        "title",
        "politician__family_name",
        "politician__given_name",
        "politician__family_name_kana",
        "politician__given_name_kana",
        "party__name",
        "party__short_name",
    )
    # The owner column reads the politician or the party; fetch both in the page's one query.
    list_select_related = ("politician", "party")
    # Hundreds of thousands of pledges and tens of thousands of politicians: no giant <select>s.
    autocomplete_fields = ("politician", "party", "election", "created_by", "categories")
    show_full_result_count = False
    # Progress comes from approved reports and publication from review
    # (tsushinbo.pledges.actions); the admin shows them but does not set them.
    readonly_fields = (
        "updated_at",
        "progress_status",
        "progress_percent",
        "progress_date",
        "progress_count",
        "review_status",
    )
    fieldsets = (
        (None, {"fields": ("politician", "party", "title", "body", "categories")}),
        ("出典・選挙", {"fields": ("source_url", "election", "deadline")}),
        (
            "進捗",
            {"fields": ("progress_status", "progress_percent", "progress_date", "progress_count")},
        ),
        ("公開", {"fields": ("review_status",)}),
        ("管理情報", {"fields": ("created_by", "is_demo", "created_at", "updated_at")}),
    )

    @admin.display(description="政治家・政党")
    def owner_name(self, pledge: Pledge) -> str:
        return pledge.owner_name

    def save_model(self, request: HttpRequest, obj: Pledge, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # Admin edits bypass the actions: keep the search index in step explicitly.
        index_pledge(obj)


@admin.register(PledgeRevision)
class PledgeRevisionAdmin(admin.ModelAdmin):
    """Read-only: revisions are written by tsushinbo.pledges.actions (review, revert)."""

    list_display = (
        "__str__",
        "pledge_id",
        "kind",
        "status",
        "author",
        "created_at",
        "published_at",
    )
    list_filter = ("status", "kind")
    list_select_related = ("author",)
    search_fields = ("pledge__title", "summary", "author__username", "author__display_name")
    show_full_result_count = False
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ProgressEvidenceInline(admin.TabularInline):
    model = ProgressEvidence
    extra = 0
    fields = ("url", "date", "position")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    """Read-only: approval moves the pledge, so it happens in /moderation/progress/."""

    list_display = (
        "__str__",
        "pledge_id",
        "status",
        "percent",
        "evidence_date",
        "review_status",
        "author",
        "created_at",
    )
    list_filter = ("review_status", "status")
    list_select_related = ("author",)
    search_fields = ("pledge__title", "note", "author__username", "author__display_name")
    show_full_result_count = False
    inlines = [ProgressEvidenceInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
