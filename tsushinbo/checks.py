"""System checks for running several worker processes or servers.

Rate limits, sessions, the generation keys of cached pages and the cached
pages themselves live in the default cache. A per-process cache (LocMem) gives
every gunicorn worker its own copy: limits multiply by the number of workers
and a write on one worker leaves the others' pages stale until they expire.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

# Caches that are not shared between processes or servers, or whose counters are
# not atomic (django-ratelimit needs an atomic increment).
UNSHARED_CACHES = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
        "django.core.cache.backends.filebased.FileBasedCache",
        "django.core.cache.backends.db.DatabaseCache",
    }
)


@register(Tags.caches)
def check_shared_cache(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Warn in production (DEBUG off) when the default cache is per process."""
    if settings.DEBUG:
        return []
    backend = settings.CACHES["default"]["BACKEND"]
    if backend not in UNSHARED_CACHES:
        return []
    return [
        Warning(
            f"The default cache ({backend.rsplit('.', 1)[-1]}) is not shared between "
            "processes: with several gunicorn workers or servers, rate limits count per "
            "process and cached pages stay stale after another process's write.",
            hint="Set REDIS_URL. A deliberate single-process deployment may add "
            "tsushinbo.W001 to SILENCED_SYSTEM_CHECKS.",
            id="tsushinbo.W001",
        )
    ]
