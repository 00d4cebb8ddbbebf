"""Markdown written by staff, rendered to HTML that is safe to show as is.

Raw HTML in the source is not passed through: Markdown's HTML processors are
switched off, so `<script>` is shown as text. The result is then cleaned by
nh3 against an allow-list of tags and attributes, with http(s)/mailto links
only, as a second line of defence.
"""

from __future__ import annotations

import hashlib
import re

import markdown
import nh3
from django.conf import settings
from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "hr", "li", "ol", "p",
    "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener"
# Bump when the allow-list or the extensions change: cached HTML is keyed by it.
RENDERER_VERSION = 1
CACHE_SECONDS = 24 * 60 * 60
PLACEHOLDER = re.compile(r"\{\{\s*(SITE_NAME|N_MIN)\s*\}\}")


def render_markdown(source: str) -> SafeString:
    """Sanitised HTML for `source`, with the {{ NAME }} placeholders filled in (escaped).

    The sanitised HTML is cached by content, so once per revision.
    """
    digest = hashlib.sha256(source.encode()).hexdigest()
    key = f"news:markdown:{RENDERER_VERSION}:{digest}"
    html: str | None = cache.get(key)
    if html is None:
        html = _clean(_to_html(source))
        cache.set(key, html, CACHE_SECONDS)
    values = placeholders()
    html = PLACEHOLDER.sub(lambda match: escape(values[match[1]]), html)
    return mark_safe(html)  # sanitised by nh3; the placeholder values are escaped


def fill_placeholders(text: str) -> str:
    """Plain text with the {{ NAME }} placeholders filled in (the template escapes it)."""
    values = placeholders()
    return PLACEHOLDER.sub(lambda match: values[match[1]], text)


def placeholders() -> dict[str, str]:
    """Values staff may write as {{ NAME }}; they follow the settings."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "N_MIN": str(getattr(settings, "N_MIN", 5)),
    }


def _to_html(source: str) -> str:
    # A fresh converter per call: Markdown instances keep state and are not thread-safe.
    converter = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter.convert(source)


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
