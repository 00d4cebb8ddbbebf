from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from tsushinbo.politicians.models import Party, PartyMembership, Politician
from tsushinbo.search.indexing import index_politician

# Politicians and their memberships run to tens of thousands of rows: foreign
# keys use autocomplete widgets instead of <select>s listing every row, and the
# changelists skip the second COUNT(*) behind "show all".

# Bare domains typed into URL fields become https:// (Django 6's default).
HTTPS_URLS: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ("name", "short_name", "slug", "colour", "is_demo", "updated_at")
    list_filter = ("is_demo",)
    search_fields = ("name", "short_name", "slug")
    readonly_fields = ("created_at", "updated_at")


class PartyMembershipInline(admin.TabularInline):
    model = PartyMembership
    fields = ("party", "start_date", "end_date", "role")
    autocomplete_fields = ("party",)
    extra = 0


@admin.register(Politician)
class PoliticianAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ("full_name", "full_name_kana", "office", "prefecture", "municipality", "party")
    list_filter = ("office", "prefecture", "party", "is_demo")
    search_fields = (
        "family_name",
        "given_name",
        "family_name_kana",
        "given_name_kana",
        "municipality",
        "district",
        "wikidata_id",
    )
    list_select_related = ("party",)
    autocomplete_fields = ("party",)
    inlines = (PartyMembershipInline,)
    show_full_result_count = False
    readonly_fields = ("sort_kana", "created_at", "updated_at")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("family_name", "given_name"),
                    ("family_name_kana", "given_name_kana"),
                    "office",
                    "prefecture",
                    "municipality",
                    "district",
                    "party",
                )
            },
        ),
        ("プロフィール", {"fields": ("photo_url", "gender", "birth_date", "bio")}),
        (
            "リンク",
            {"fields": ("website_url", "x_url", "youtube_url", "facebook_url", "wikipedia_url")},
        ),
        ("外部ID", {"fields": ("wikidata_id", "external_ids")}),
        ("管理情報", {"fields": ("is_demo", "sort_kana", "created_at", "updated_at")}),
    )

    @admin.display(description="氏名", ordering="family_name")
    def full_name(self, politician: Politician) -> str:
        return politician.full_name

    @admin.display(description="よみがな", ordering="sort_kana")
    def full_name_kana(self, politician: Politician) -> str:
        return politician.full_name_kana

    def save_model(self, request: HttpRequest, obj: Politician, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # Admin edits bypass the actions: keep the search index in step explicitly.
        index_politician(obj)


@admin.register(PartyMembership)
class PartyMembershipAdmin(admin.ModelAdmin):
    list_display = ("politician", "party", "start_date", "end_date", "role")
    list_filter = ("party",)
    search_fields = (
        "politician__family_name",
        "politician__given_name",
        "politician__family_name_kana",
        "politician__given_name_kana",
        "party__name",
        "role",
    )
    list_select_related = ("politician", "party")
    autocomplete_fields = ("politician", "party")
    show_full_result_count = False
