"""Highlighted snippets: user text is escaped first, then matches wrapped in <mark>.

Matching is done on a per-character normalisation of the original text (NFKC,
lower case, katakana → hiragana) that remembers which original character each
normalised character came from, so that 「ボウエイ」 is marked for the query
「ぼうえい」 and full-width 「２０２５」 for 「2025」. Only <mark> tags built here
are ever emitted unescaped.
"""

from __future__ import annotations

from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from tsushinbo.lib.bigrams import normalise

BEFORE = 30
LENGTH = 120
ELLIPSIS = "…"


def _normalised_with_origins(text: str) -> tuple[str, range | list[int]]:
    whole = normalise(text)
    if len(whole) == len(text):
        # The usual case: one character in, one out (positions line up; at worst a
        # rare composition shifts a <mark> by a character, never the escaping).
        return whole, range(len(text))
    chars: list[str] = []
    origins: list[int] = []
    for index, ch in enumerate(text):
        folded = _normalise_char(ch)
        chars.append(folded)
        origins.extend([index] * len(folded))
    return "".join(chars), origins


@lru_cache(maxsize=4096)
def _normalise_char(ch: str) -> str:
    return normalise(ch)


def _spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Sorted, merged [start, end) ranges of the original text that match a term."""
    folded, origins = _normalised_with_origins(text)
    spans: list[tuple[int, int]] = []
    for term in {term for term in terms if term}:
        start = folded.find(term)
        while start != -1:
            end = start + len(term)
            spans.append((origins[start], origins[end - 1] + 1))
            start = folded.find(term, end)
    return _merged(sorted(spans))


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _marked(text: str, spans: list[tuple[int, int]], offset: int = 0) -> str:
    parts: list[str] = []
    position = offset
    for start, end in spans:
        start, end = max(start, position), min(end, offset + len(text))
        if start >= end:
            continue
        parts.append(escape(text[position - offset : start - offset]))
        parts.append("<mark>" + escape(text[start - offset : end - offset]) + "</mark>")
        position = end
    parts.append(escape(text[position - offset :]))
    return "".join(parts)


def highlight(text: str, terms: list[str]) -> SafeString:
    """The whole text, escaped, with every match of a term in <mark>."""
    return mark_safe(_marked(text, _spans(text, terms)))


def snippet(text: str, terms: list[str]) -> SafeString:
    """About LENGTH characters of the text around its first match, escaped and marked."""
    flat = " ".join(text.split())
    spans = _spans(flat, terms)
    start = max(0, spans[0][0] - BEFORE) if spans else 0
    end = min(len(flat), start + LENGTH)
    window = flat[start:end]
    inside = [(s, e) for s, e in spans if e > start and s < end]
    html = _marked(window, inside, offset=start)
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(flat) else ""
    return mark_safe(prefix + html + suffix)
