"""Generation keys for cached pages that show rankings (the news box's mechanism).

A cached value is stored under the current generation; a write replaces the
generation after its transaction commits, so a stale value is never read again.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache

RANKINGS_GENERATION_KEY = "rankings:generation"


def generation(key: str) -> str:
    value: str | None = cache.get(key)
    if value is None:
        cache.add(key, uuid.uuid4().hex, None)
        value = cache.get(key) or ""
    return value


def bump(key: str) -> None:
    cache.set(key, uuid.uuid4().hex, None)


def rankings_generation() -> str:
    return generation(RANKINGS_GENERATION_KEY)


def invalidate_rankings() -> None:
    """Call on commit of a write that moved ranking rows."""
    bump(RANKINGS_GENERATION_KEY)
