from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from tsushinbo.elections.models import Candidacy, Election


class CandidacyInline(admin.TabularInline):
    model = Candidacy
    fields = ("politician", "party", "district", "votes", "rank", "elected")
    autocomplete_fields = ("politician", "party")
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[Candidacy]:
        return super().get_queryset(request).select_related("politician", "party")


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "scope", "prefecture", "municipality", "vote_date", "seats")
    list_filter = ("kind", "scope", "prefecture", "is_demo")
    search_fields = ("name", "municipality", "external_id")
    date_hierarchy = "vote_date"
    inlines = (CandidacyInline,)
    show_full_result_count = False
    readonly_fields = ("created_at", "updated_at")


@admin.register(Candidacy)
class CandidacyAdmin(admin.ModelAdmin):
    list_display = ("politician", "election", "party", "district", "votes", "rank", "elected")
    list_filter = ("elected", "election__kind")
    search_fields = (
        "politician__family_name",
        "politician__given_name",
        "politician__family_name_kana",
        "politician__given_name_kana",
        "election__name",
        "district",
    )
    list_select_related = ("politician", "election", "party")
    autocomplete_fields = ("election", "politician", "party")
    show_full_result_count = False
