from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from tsushinbo.lib.wareki import wareki_date
from tsushinbo.lib.weburl import is_web_url

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_url(context: template.Context) -> str:
    """Absolute URL of this page without filters, keeping only ?page=N for N > 1."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return settings.SITE_URL or ""
    base = settings.SITE_URL or f"{request.scheme}://{request.get_host()}"
    url = f"{base}{request.path}"
    page = request.GET.get("page", "")
    if page.isdigit() and int(page) > 1:
        url += "?" + urlencode({"page": page})
    return url


@register.simple_tag(takes_context=True)
def share_on_x_url(context: template.Context, text: str = "") -> str:
    """An X (Twitter) web-intent link: no third-party script is loaded."""
    query = {"text": text or context.get("SITE_NAME", ""), "url": canonical_url(context)}
    return "https://x.com/intent/post?" + urlencode(query)


@register.filter
def wareki(value: datetime.date | None) -> str:
    """「令和7年4月1日」 for a date; empty for None."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        # The day as people in Japan see it, not the UTC date.
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return wareki_date(value)


@register.filter
def web_url(value: str | None) -> str:
    """The URL if it is http(s), else empty: never render a javascript: href."""
    return str(value).strip() if is_web_url(value) else ""
