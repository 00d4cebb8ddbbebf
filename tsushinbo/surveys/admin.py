from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest

from tsushinbo.surveys.models import Survey, SurveyOption


class OptionFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if self.instance.respondent_count:
            return  # the options are read-only once answered
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]
        if len(kept) < 2:
            raise ValidationError("選択肢は2つ以上入力してください。")


class SurveyOptionInline(admin.TabularInline):
    model = SurveyOption
    formset = OptionFormSet
    fields = ("label", "position", "answer_count")
    readonly_fields = ("answer_count",)
    extra = 3

    def _answered(self, obj: Survey | None) -> bool:
        return obj is not None and obj.respondent_count > 0

    # Once people have answered, changing the options would change what they answered.
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._answered(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._answered(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._answered(obj) and super().has_delete_permission(request, obj)


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = (
        "question",
        "multiple_choice",
        "opens_at",
        "closes_at",
        "hide_results_until_close",
        "respondent_count",
    )
    list_filter = ("multiple_choice", "hide_results_until_close")
    search_fields = ("question", "description")
    date_hierarchy = "opens_at"
    readonly_fields = ("respondent_count", "created_at", "updated_at")
    inlines = (SurveyOptionInline,)
    show_full_result_count = False
