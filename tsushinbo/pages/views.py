from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from tsushinbo.activities.models import ActivityReport
from tsushinbo.activities.queries import popular_reports
from tsushinbo.elections.models import Election
from tsushinbo.lib.prefectures import PREFECTURES_BY_REGION
from tsushinbo.news.models import SitePage, SitePageKey
from tsushinbo.pages.caching import home_body_key, home_page_key
from tsushinbo.pledges.models import Pledge
from tsushinbo.politicians.models import Party
from tsushinbo.rankings.models import Period, SubjectKind
from tsushinbo.rankings.queries import minimum_votes, top
from tsushinbo.rankings.views import ranked
from tsushinbo.surveys.models import Survey

logger = logging.getLogger(__name__)

HOME_PLEDGES = 10
HOME_PARTIES = 30
HOME_ELECTIONS = 5
HOME_REPORTS = 5
HOME_RANKED = 5


# Rendered when even the 500 template cannot be loaded.
FALLBACK_500 = (
    '<!doctype html><html lang="ja"><meta charset="utf-8"><title>サーバーエラー</title>'
    "<h1>サーバーエラーが発生しました</h1><p>しばらく時間をおいてから、もう一度お試しください。</p></html>"
)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Anonymous visitors share one rendered page per cache generation; members get it fresh.

    A visitor without cookies and without a query string gets the whole page
    from the cache (two cache reads, no query): nothing in it depends on who
    asked. With a session or messages cookie only the body comes from the cache,
    so that messages and per-session parts of the header still show.
    """
    if request.user.is_authenticated:
        return _render_home(request, _home_body())
    body_key = home_body_key()
    whole_page = not request.GET and not (
        {settings.SESSION_COOKIE_NAME, "messages"} & request.COOKIES.keys()
    )
    if whole_page and (page := cache.get(home_page_key(body_key))) is not None:
        return HttpResponse(page)
    body = cache.get(body_key)
    if body is None:
        body = _home_body()
        cache.set(body_key, body, settings.HOME_CACHE_SECONDS)
    response = _render_home(request, body)
    if whole_page:
        cache.set(home_page_key(body_key), response.content, settings.HOME_CACHE_SECONDS)
    return response


def _render_home(request: HttpRequest, body: str) -> HttpResponse:
    return render(request, "pages/home.html", {"home_body": mark_safe(body)})


def _home_body() -> str:
    context = {
        "new_pledges": Pledge.objects.visible().for_cards().newest_first()[:HOME_PLEDGES],
        "parties": Party.objects.order_by("name")[:HOME_PARTIES],
        "upcoming_elections": Election.objects.upcoming()[:HOME_ELECTIONS],
        "open_survey": Survey.objects.open().newest_first().first(),
        "new_reports": ActivityReport.objects.public().for_cards().newest_first()[:HOME_REPORTS],
        "popular_reports": popular_reports(HOME_REPORTS),
        "top_pledges": ranked(
            top(SubjectKind.PLEDGE, period=Period.MONTH, limit=HOME_RANKED), "overall"
        ),
        "top_politicians": ranked(
            top(SubjectKind.POLITICIAN, period=Period.ALL, limit=HOME_RANKED), "overall"
        ),
        "ranking_min_votes": minimum_votes(),
        "prefectures_by_region": PREFECTURES_BY_REGION,
        "SITE_NAME": settings.SITE_NAME,
    }
    # Rendered without the request: the body must not depend on who asked.
    return render_to_string("pages/_home_body.html", context)


def _site_page(request: HttpRequest, key: SitePageKey) -> HttpResponse:
    """A page whose text staff edit in the admin (tsushinbo.news.SitePage)."""
    page = SitePage.objects.for_key(key)
    return render(request, "pages/site_page.html", {"page": page})


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return _site_page(request, SitePageKey.ABOUT)


@require_safe
def terms(request: HttpRequest) -> HttpResponse:
    return _site_page(request, SitePageKey.TERMS)


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return _site_page(request, SitePageKey.PRIVACY)


@require_safe
def evaluation_guide(request: HttpRequest) -> HttpResponse:
    return _site_page(request, SitePageKey.EVALUATION_GUIDE)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # Log the details; the public answer says only which check failed.
        logger.exception("Health check: database query failed")
        return JsonResponse({"status": "error", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Render without the request context: context processors may need the broken database."""
    try:
        template = loader.get_template("500.html")
        content = template.render({"SITE_NAME": settings.SITE_NAME})
    except Exception:
        logger.exception("The 500 template failed to render")
        content = FALLBACK_500
    return HttpResponse(content, status=500)
