"""Plain text as HTML: escaped, in paragraphs, with http(s) URLs as links.

No user HTML is ever rendered (SPEC §5): the text is escaped first, and only
the URL pattern below becomes markup, with rel="nofollow ugc noopener".
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Stops at whitespace, quotes, angle brackets and Japanese punctuation or brackets.
URL_PATTERN = re.compile(r"https?://[^\s<>\"'「」『』（）()、。，．]+", re.IGNORECASE)
TRAILING = ".,:;!?"


def _link(match: re.Match[str]) -> str:
    url = match.group(0)
    tail = ""
    while url and url[-1] in TRAILING:
        url, tail = url[:-1], url[-1] + tail
    href = escape(url)
    return f'<a href="{href}" rel="nofollow ugc noopener" target="_blank">{href}</a>{escape(tail)}'


def _line(line: str) -> str:
    parts: list[str] = []
    position = 0
    for match in URL_PATTERN.finditer(line):
        parts.append(escape(line[position : match.start()]))
        parts.append(_link(match))
        position = match.end()
    parts.append(escape(line[position:]))
    return "".join(parts)


def plain_text_html(text: str) -> SafeString:
    """Blank lines separate paragraphs; single line breaks become <br>."""
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    html = "\n".join(
        "<p>" + "<br>".join(_line(line) for line in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs
        if paragraph.strip()
    )
    return mark_safe(html)
