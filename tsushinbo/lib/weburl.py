"""Which user-supplied URLs may become links: http(s) only (SPEC §5)."""

from __future__ import annotations


def is_web_url(url: str | None) -> bool:
    return bool(url) and str(url).strip().lower().startswith(("https://", "http://"))
