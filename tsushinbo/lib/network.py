"""Network keys: recognise "the same network" without keeping an IP address.

A key is HMAC-SHA256 over the client's network prefix — the whole IPv4 address
(/32) or the IPv6 /64 a household or phone line is usually given — with a
secret pepper (settings.VOTER_KEY_PEPPER) that never lives in the database.
Rate limits, lockouts and anonymous-voter keys use it instead of the address.

The client address is REMOTE_ADDR unless settings.TRUSTED_PROXY_COUNT says how
many reverse proxies (nginx, a load balancer) append to X-Forwarded-For: then
it is the entry that the outermost trusted proxy appended — the right-most one
a client cannot forge. Entries further left are whatever the client sent.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest

IPV6_PREFIX_LENGTH = 64
UNKNOWN_NETWORK = "unknown"

# RFC 6666 reserves 100::/64 for discarding traffic: an address there cannot be
# mistaken for a client's real one.
_DISCARD_PREFIX = bytes.fromhex("0100000000000000")


def network_prefix(ip: str) -> str:
    """「203.0.113.7/32」 or 「2001:db8:1:2::/64」; raises ValueError for a non-address."""
    address = ipaddress.ip_address(ip.strip())
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if isinstance(address, ipaddress.IPv4Address):
        return f"{address}/32"
    return str(ipaddress.IPv6Network((address, IPV6_PREFIX_LENGTH), strict=False))


def key_for_prefix(prefix: str) -> str:
    pepper = settings.VOTER_KEY_PEPPER.encode()
    return hmac.new(pepper, prefix.encode(), hashlib.sha256).hexdigest()


def client_address(request: HttpRequest) -> str:
    """The client's address as the trusted proxies saw it (see the module docstring)."""
    proxies: int = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return str(request.META.get("REMOTE_ADDR", ""))
    hops = [hop.strip() for hop in forwarded.split(",")]
    # With fewer entries than proxies every entry came from a proxy: take the first.
    return hops[max(0, len(hops) - proxies)]


def network_key(request: HttpRequest) -> str:
    """64 hex characters naming the client's network; stable while the pepper is."""
    cached: str | None = getattr(request, "_network_key", None)
    if cached is not None:
        return cached
    try:
        prefix = network_prefix(client_address(request))
    except ValueError:
        prefix = UNKNOWN_NETWORK
    key = key_for_prefix(prefix)
    request._network_key = key  # type: ignore[attr-defined]
    return key


def network_pseudo_address(request: HttpRequest) -> str:
    """The network key as an IPv6 address inside 100::/64.

    For libraries whose database columns must hold an IP address (django-axes):
    they get a stable per-network value that is not the client's address.
    """
    digest = bytes.fromhex(network_key(request))[:8]
    return str(ipaddress.IPv6Address(_DISCARD_PREFIX + digest))
