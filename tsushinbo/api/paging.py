"""Page-number pagination: {"count", "next", "previous", "results"} with absolute URLs.

Two queries whatever the table size: COUNT(*) and one LIMIT/OFFSET slice.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from tsushinbo.api.errors import ApiError

M = TypeVar("M", bound=Model)

PAGE_NOT_FOUND = "指定されたページはありません。"


def page_size_of(requested: int | None) -> int:
    if requested is None:
        return settings.API_PAGE_SIZE
    return max(1, min(requested, settings.API_MAX_PAGE_SIZE))


def _page_url(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(
    request: HttpRequest,
    queryset: QuerySet[M],
    *,
    page: int,
    page_size: int | None,
    represent: Callable[[list[M]], Iterable[dict[str, Any]]],
) -> dict[str, Any]:
    """The page of `queryset` numbered `page` (from 1); 404 past the last page."""
    size = page_size_of(page_size)
    count = queryset.count()
    last = max(1, math.ceil(count / size))
    if page > last:
        raise ApiError(404, PAGE_NOT_FOUND, code="page_not_found")
    start = (page - 1) * size
    rows = list(queryset[start : start + size]) if count else []
    return {
        "count": count,
        "next": _page_url(request, page + 1) if page < last else None,
        "previous": _page_url(request, page - 1) if page > 1 else None,
        "results": list(represent(rows)),
    }
