"""Page-number pagination: {"count", "next", "previous", "results"} with absolute URLs.

Django's Paginator underneath: two queries whatever the table size, COUNT(*) and one
LIMIT/OFFSET slice (none when the count is 0).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from tsushinbo.api.errors import ApiError

M = TypeVar("M", bound=Model)

PAGE_NOT_FOUND = "指定されたページはありません。"


def page_size_of(requested: int | None) -> int:
    if requested is None:
        return settings.API_PAGE_SIZE
    return max(1, min(requested, settings.API_MAX_PAGE_SIZE))


def page_url(request: HttpRequest, number: int) -> str:
    """This request's absolute URL with ?page= set to `number`, other parameters kept."""
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
    paginator = Paginator(queryset, page_size_of(page_size))
    if page > paginator.num_pages:
        raise ApiError(404, PAGE_NOT_FOUND, code="page_not_found")
    current = paginator.page(page)
    return {
        "count": paginator.count,
        "next": page_url(request, page + 1) if current.has_next() else None,
        "previous": page_url(request, page - 1) if current.has_previous() else None,
        "results": list(represent(list(current.object_list))),
    }
