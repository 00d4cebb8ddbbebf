"""Bench-only settings: production settings plus two baseline views and no vote limits.

Used by `make bench`, `make soak` and `make fault-test` (bench/run.py and
friends) through DJANGO_SETTINGS_MODULE=bench.settings; production never
loads this module, so /_bench/ is never served there.
"""

from __future__ import annotations

from tsushinbo.settings import *  # noqa: F403
from tsushinbo.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [BASE_DIR / "templates", BASE_DIR / "bench" / "templates"]

# Every bench request comes from 127.0.0.1 and carries no proof of work: the
# per-network limits and the proof-of-work check would refuse nearly all of them.
VOTE_POW = False
COMMENT_POW = False
VOTE_RATE_LIMIT = "100000000/h"
VOTE_PLEDGE_RATE_LIMIT = "100000000/h"
COMMENT_RATE_LIMIT = "100000000/h"
COMMENT_TARGET_RATE_LIMIT = "100000000/h"
# The access log of gunicorn is off; keep Django's own log to warnings.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
