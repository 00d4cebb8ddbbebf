"""Who is posting: an account, or an anonymous key that keeps no IP address.

The anonymous key is HMAC-SHA256 (settings.VOTER_KEY_PEPPER) over a random id
kept in a signed first-party cookie, the network key (itself an HMAC of the
IPv4 /32 or IPv6 /64 prefix) and the user agent. The same browser on the same
network keeps its key, so voting again changes the vote; a client that drops
its cookies gets a new key each time and is held back by the per-network rate
limits (tsushinbo/integrity/checks.py) instead.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from tsushinbo.accounts.models import User
from tsushinbo.lib.network import network_key

VOTER_COOKIE = "tsushinbo_voter"
COOKIE_SALT = "tsushinbo.integrity.voter"
USER_AGENT_LENGTH = 512


@dataclass(frozen=True)
class Voter:
    """An account (user set, key empty) or an anonymous visitor (key set)."""

    user: User | None
    key: str
    network_key: str
    cookie_id: str = ""
    new_cookie: bool = False

    @property
    def is_anonymous(self) -> bool:
        return self.user is None

    @property
    def is_known(self) -> bool:
        """False for a visitor seen for the first time: nothing of theirs can exist yet."""
        return self.user is not None or not self.new_cookie

    def lookup(self) -> dict[str, Any]:
        """Filter arguments selecting this voter's rows (`user` or `voter_key`)."""
        if self.user is not None:
            return {"user": self.user}
        return {"user__isnull": True, "voter_key": self.key}


def anonymous_key(cookie_id: str, network: str, user_agent: str) -> str:
    message = "\x1f".join(("voter", cookie_id, network, user_agent[:USER_AGENT_LENGTH]))
    pepper = settings.VOTER_KEY_PEPPER.encode()
    return hmac.new(pepper, message.encode(), hashlib.sha256).hexdigest()


def voter_for(request: HttpRequest) -> Voter:
    """The voter behind this request; computed once per request."""
    cached: Voter | None = getattr(request, "_integrity_voter", None)
    if cached is not None:
        return cached
    network = network_key(request)
    user = request.user if request.user.is_authenticated else None
    if isinstance(user, User):
        voter = Voter(user=user, key="", network_key=network)
    else:
        cookie_id: str = (
            request.get_signed_cookie(
                VOTER_COOKIE,
                default="",
                salt=COOKIE_SALT,
                max_age=settings.VOTER_COOKIE_DAYS * 86400,
            )
            or ""
        )
        new_cookie = not cookie_id
        if new_cookie:
            cookie_id = secrets.token_urlsafe(18)
        user_agent = request.META.get("HTTP_USER_AGENT", "")
        voter = Voter(
            user=None,
            key=anonymous_key(cookie_id, network, user_agent),
            network_key=network,
            cookie_id=cookie_id,
            new_cookie=new_cookie,
        )
    request._integrity_voter = voter  # type: ignore[attr-defined]
    return voter


def ensure_voter_cookie(response: HttpResponse, voter: Voter) -> None:
    """Give a first-time anonymous voter the cookie their key was made with."""
    if not voter.is_anonymous or not voter.new_cookie:
        return
    response.set_signed_cookie(
        VOTER_COOKIE,
        voter.cookie_id,
        salt=COOKIE_SALT,
        max_age=settings.VOTER_COOKIE_DAYS * 86400,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
