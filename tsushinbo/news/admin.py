from __future__ import annotations

import difflib
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join

from tsushinbo.accounts.models import User
from tsushinbo.news.actions import (
    delete_announcement,
    restore_site_page_revision,
    save_announcement,
    save_site_page,
)
from tsushinbo.news.models import Announcement, SitePage, SitePageRevision


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "status", "published_at", "pinned", "preview_link")
    list_filter = ("category", "pinned")
    search_fields = ("title", "slug", "body")
    fields = ("title", "slug", "category", "pinned", "published_at", "body")
    ordering = ("-published_at", "-id")
    show_full_result_count = False

    @admin.display(description="状態")
    def status(self, announcement: Announcement) -> str:
        return announcement.status_label

    @admin.display(description="プレビュー")
    def preview_link(self, announcement: Announcement) -> str:
        return format_html('<a href="{}">プレビュー</a>', announcement.get_preview_url())

    def view_on_site(self, announcement: Announcement) -> str:
        """Drafts and scheduled ones open in the staff-only preview."""
        if announcement.is_published():
            return announcement.get_absolute_url()
        return announcement.get_preview_url()

    def save_model(
        self, request: HttpRequest, obj: Announcement, form: ModelForm, change: bool
    ) -> None:
        save_announcement(actor=_actor(request), announcement=obj, changed=form.changed_data)

    def delete_model(self, request: HttpRequest, obj: Announcement) -> None:
        delete_announcement(actor=_actor(request), announcement=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Announcement]) -> None:
        for announcement in queryset:
            delete_announcement(actor=_actor(request), announcement=announcement)


@admin.register(SitePage)
class SitePageAdmin(admin.ModelAdmin):
    """The four fixed pages: edited here, never added or deleted; every save is a revision."""

    list_display = ("title", "key", "updated_at", "updated_by")
    list_select_related = ("updated_by",)
    fields = ("key", "title", "description", "body", "updated_at", "updated_by", "history")
    readonly_fields = ("key", "updated_at", "updated_by", "history")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def view_on_site(self, page: SitePage) -> str:
        return page.get_absolute_url()

    def save_model(
        self, request: HttpRequest, obj: SitePage, form: ModelForm, change: bool
    ) -> None:
        save_site_page(actor=_actor(request), page=obj)

    @admin.display(description="版の履歴")
    def history(self, page: SitePage) -> str:
        revisions = page.revisions.select_related("created_by").order_by("-number")
        rows = format_html_join(
            "",
            '<tr><td><a href="{}">第{}版</a></td><td>{}</td><td>{}</td></tr>',
            (
                (
                    reverse("admin:news_sitepage_revision", args=[page.pk, revision.number]),
                    revision.number,
                    f"{revision.created_at:%Y-%m-%d %H:%M}",
                    revision.created_by or "（初期設定）",
                )
                for revision in revisions
            ),
        )
        return format_html(
            "<table><thead><tr><th>版</th><th>保存日時</th><th>保存者</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            rows,
        )

    def get_urls(self) -> list[URLPattern]:
        revision_view = self.admin_site.admin_view(self.revision_view)
        return [
            path(
                "<int:page_id>/revisions/<int:number>/",
                revision_view,
                name="news_sitepage_revision",
            ),
            *super().get_urls(),
        ]

    def revision_view(self, request: HttpRequest, page_id: int, number: int) -> HttpResponse:
        """Show an old version beside the current one; POST makes it current again."""
        revision = get_object_or_404(
            SitePageRevision.objects.select_related("page", "created_by"),
            page_id=page_id,
            number=number,
        )
        page = revision.page
        if not self.has_change_permission(request, page):
            raise PermissionDenied
        if request.method == "POST":
            restored = restore_site_page_revision(actor=_actor(request), revision=revision)
            if restored is None:
                self.message_user(request, "この版は現在の内容と同じです。", messages.INFO)
            else:
                self.message_user(
                    request,
                    f"第{revision.number}版の内容を第{restored.number}版として復元しました。",
                )
            return HttpResponseRedirect(reverse("admin:news_sitepage_change", args=[page.pk]))
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"{page.title}：第{revision.number}版",
            "page": page,
            "revision": revision,
            "is_current": revision.content() == page.content(),
            "diff": _diff(revision, page),
        }
        return TemplateResponse(request, "news/admin/site_page_revision.html", context)


def _diff(revision: SitePageRevision, page: SitePage) -> str:
    """A unified diff from this version to the current text."""
    old = [revision.title, revision.description, "", *revision.body.splitlines()]
    new = [page.title, page.description, "", *page.body.splitlines()]
    lines = difflib.unified_diff(
        old, new, fromfile=f"第{revision.number}版", tofile="現在", lineterm=""
    )
    return "\n".join(lines)
