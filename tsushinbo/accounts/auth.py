"""Glue for django-axes: which login a failed attempt was for."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def login_identifier(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str | None:
    """The e-mail address (allauth) or username (admin) being tried, lower-cased.

    allauth authenticates with `email=`, the admin with `username=`; axes would
    only look for one of them.
    """
    credentials = credentials or {}
    posted = request.POST if request is not None else {}
    # On success axes passes the account's username; the address typed into
    # allauth's form (`login`) is what the failures were counted under.
    value = (
        credentials.get("email")
        or posted.get("login")
        or credentials.get("username")
        or posted.get("username")
    )
    return str(value).strip().lower() if value else None
