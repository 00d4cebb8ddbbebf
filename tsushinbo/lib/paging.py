"""Pagination that never fails on a bad ?page= value."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, items: QuerySet[Any]) -> tuple[Page, list[str]]:
    """Return the page named by ?page= and any problem with that parameter.

    A bad or out-of-range page shows the nearest real page and says so rather than failing.
    """
    paginator = Paginator(items, settings.PAGE_SIZE)
    raw = request.GET.get("page", "1").strip() or "1"
    if not raw.isdigit() or int(raw) < 1:
        return paginator.page(1), ["ページの指定が正しくありません。1ページ目を表示しています。"]
    if int(raw) > paginator.num_pages:
        last = paginator.page(paginator.num_pages)
        return last, ["指定されたページはありません。最後のページを表示しています。"]
    return paginator.page(int(raw)), []
