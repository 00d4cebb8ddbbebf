from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models

from tsushinbo.pledges.models import Category, Pledge

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
        "deadline",
        "is_demo",
        "created_at",
    )
    list_filter = ("progress_status", "categories", "is_demo")
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
    readonly_fields = ("updated_at",)
    fieldsets = (
        (None, {"fields": ("politician", "party", "title", "body", "categories")}),
        ("出典・選挙", {"fields": ("source_url", "election", "deadline")}),
        ("進捗", {"fields": ("progress_status", "progress_percent")}),
        ("管理情報", {"fields": ("created_by", "is_demo", "created_at", "updated_at")}),
    )

    @admin.display(description="政治家・政党")
    def owner_name(self, pledge: Pledge) -> str:
        return pledge.owner_name
