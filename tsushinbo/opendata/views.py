from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from tsushinbo.opendata.dumps import dump_file, latest_dumps
from tsushinbo.opendata.tables import TABLES

ROBOTS_DISALLOW = [
    "/admin/",
    "/accounts/",
    "/moderation/",
    "/me/",
    "/integrity/",
    "/news/preview/",
    "/pledges/new/",
    "/pledges/*/edit/",
    "/pledges/*/vote/",
    "/pledges/*/progress/new/",
    "/*/comments/",
    "/*/flag/",
    "/*/follow/",
    "/*/unfollow/",
    "/*/claim/",
    "/politicians/*/activities/new/",
    "/politicians/*/books/new/",
    "/surveys/*/answer/",
    "/activities/*/edit/",
    # API writes (tsushinbo/api); the read endpoints stay open.
    "/api/v1/pledges/*/votes",
    "/api/v1/surveys/*/answers",
]


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    context = {
        "tables": TABLES,
        "dumps": latest_dumps(),
        "licence_name": settings.OPEN_DATA_LICENSE,
        "licence_url": settings.OPEN_DATA_LICENSE_URL,
    }
    return render(request, "opendata/about_data.html", context)


@require_safe
def download(request: HttpRequest, format: str, name: str) -> FileResponse:
    path = dump_file(format, name)
    if path is None:
        raise Http404("ファイルが見つかりません。")
    content_type = "text/csv; charset=utf-8" if name.endswith(".csv") else "application/json"
    response = FileResponse(path.open("rb"), as_attachment=True, filename=name)
    response["Content-Type"] = content_type
    return response


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = reverse("sitemap-index")
    sitemap_url = (
        f"{settings.SITE_URL}{sitemap}"
        if settings.SITE_URL
        else (request.build_absolute_uri(sitemap))
    )
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOW]
    lines += ["", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
