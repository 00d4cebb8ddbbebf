"""Helpers for the ratings tests; the personas live in tsushinbo.testing."""

from __future__ import annotations

import itertools
from typing import Any

from django.test import Client, override_settings

from tsushinbo.accounts.models import User
from tsushinbo.integrity.voters import Voter
from tsushinbo.pledges.models import Pledge
from tsushinbo.ratings.actions import CastResult, cast_vote
from tsushinbo.testing import BaseTestCase

_voters = itertools.count(1)


def anonymous_voter(network: str = "", key: str = "") -> Voter:
    n = next(_voters)
    return Voter(user=None, key=key or f"anonymous-{n:06d}", network_key=network or f"net-{n}")


def account_voter(user: User) -> Voter:
    return Voter(user=user, key="", network_key="net-accounts")


def cast(pledge: Pledge, polarity: str, reason: str, voter: Voter | None = None) -> CastResult:
    return cast_vote(
        pledge=pledge, voter=voter or anonymous_voter(), polarity=polarity, reason=reason
    )


def cast_many(pledge: Pledge, polarity: str, reason: str, count: int, network: str = "") -> None:
    for _ in range(count):
        cast(pledge, polarity, reason, anonymous_voter(network))


def fresh(pledge: Pledge) -> Pledge:
    return Pledge.objects.get(pk=pledge.pk)


def browser(ip: str = "203.0.113.7", **extra: Any) -> Client:
    """A test client that looks like one browser on one network."""
    return Client(REMOTE_ADDR=ip, HTTP_USER_AGENT="Mozilla/5.0 (iPhone) Safari", **extra)


@override_settings(VOTE_POW=False)
class RatingsTestCase(BaseTestCase):
    """Proof of work off: tsushinbo/integrity/tests and test_vote_pow.py test it on."""
