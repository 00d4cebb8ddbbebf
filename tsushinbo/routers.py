"""Read replica routing: page reads go to the replica, everything else to the primary.

When DATABASE_REPLICA_URL is set, settings define a second alias, "replica".
`ReplicaRouter` sends a read there only while `ReadYourWritesMiddleware` says
the current request may use it: a safe request (GET, HEAD, OPTIONS) from a
visitor who has not written anything in the last DATABASE_REPLICA_PIN_SECONDS.
A non-safe request (a vote, a comment, a login) runs on the primary and sets a
short-lived cookie that keeps that visitor's reads on the primary, so they see
their own write even while the replica lags. Management commands and the
background worker run outside any request and therefore always use the
primary. Migrations run on the primary only (the replica copies the schema).
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

REPLICA_ALIAS = "replica"
PIN_COOKIE = "tsushinbo_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Apps whose reads must see the latest write whoever asks: sessions and login
# lockouts (a login on one server, the next request on another), spent
# proof-of-work records (single use), the task queue (the worker locks rows).
PRIMARY_ONLY_APPS = frozenset({"sessions", "axes", "integrity", "django_tasks_db"})

_replica_allowed: ContextVar[bool] = ContextVar("tsushinbo_replica_allowed", default=False)


def replica_configured() -> bool:
    return REPLICA_ALIAS in connections.settings


class ReplicaRouter:
    """Reads to the replica when the request allows it; writes and migrations to the primary."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if not _replica_allowed.get() or not replica_configured():
            return DEFAULT_DB_ALIAS
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return DEFAULT_DB_ALIAS
        return REPLICA_ALIAS

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        # Both aliases hold the same rows.
        aliases = {DEFAULT_DB_ALIAS, REPLICA_ALIAS}
        if obj1._state.db in aliases and obj2._state.db in aliases:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA_ALIAS


class ReadYourWritesMiddleware:
    """Allow replica reads for safe requests, and pin a writer's reads to the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_configured():
            return self.get_response(request)
        safe = request.method in SAFE_METHODS
        token = _replica_allowed.set(safe and PIN_COOKIE not in request.COOKIES)
        try:
            response = self.get_response(request)
        finally:
            _replica_allowed.reset(token)
        if not safe:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
