from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from tsushinbo.accounts.permissions import Action, can
from tsushinbo.lib.paging import paginate
from tsushinbo.news.models import Announcement, AnnouncementCategory


@require_safe
def announcement_list(request: HttpRequest) -> HttpResponse:
    announcements = Announcement.objects.published().pinned_first()
    category, problems = _category(request)
    if category is not None:
        announcements = announcements.filter(category=category)
    page, page_problems = paginate(request, announcements)
    context = {
        "page_obj": page,
        "problems": problems + page_problems,
        "category": category,
        "categories": AnnouncementCategory.choices,
    }
    return render(request, "news/announcement_list.html", context)


def _category(request: HttpRequest) -> tuple[AnnouncementCategory | None, list[str]]:
    raw = request.GET.get("category", "").strip()
    if not raw:
        return None, []
    if raw not in AnnouncementCategory.values:
        return None, ["カテゴリーの指定が正しくありません。すべてのお知らせを表示しています。"]
    return AnnouncementCategory(raw), []


@require_safe
def announcement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    announcement = get_object_or_404(Announcement.objects.published(), slug=slug)
    return render(request, "news/announcement_detail.html", {"announcement": announcement})


@never_cache
@require_safe
def announcement_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff see a draft or scheduled announcement as it will look; others get a 404."""
    if not can(request.user, Action.USE_ADMIN):
        raise Http404
    announcement = get_object_or_404(Announcement, pk=pk)
    context = {"announcement": announcement, "preview": True}
    return render(request, "news/announcement_detail.html", context)
