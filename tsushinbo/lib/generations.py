"""Generation keys: the invalidation mechanism of every cached page or box.

A cached value is stored under a key that includes the current generation; a
write replaces the generation (on commit), so the old value is never read again
and simply expires.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache


def generation(key: str) -> str:
    """The current generation stored at key, created once if missing (race-safe via add)."""
    value: str | None = cache.get(key)
    if value is None:
        cache.add(key, uuid.uuid4().hex, None)
        value = cache.get(key) or ""
    return value


def bump(key: str) -> None:
    """Start a new generation: everything cached under the old one is dropped."""
    cache.set(key, uuid.uuid4().hex, None)
