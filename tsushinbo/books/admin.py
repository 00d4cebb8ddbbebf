from __future__ import annotations

from django.contrib import admin

from tsushinbo.books.forms import BookAdminForm
from tsushinbo.books.models import Book


@admin.register(Book)
class BookAdmin(admin.ModelAdmin):
    form = BookAdminForm
    list_display = ("title", "authors", "publisher", "year", "isbn", "created_at")
    list_filter = ("year",)
    search_fields = ("title", "authors", "publisher", "isbn")
    autocomplete_fields = ("politicians",)
    readonly_fields = ("created_by", "created_at", "updated_at")
    show_full_result_count = False

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
