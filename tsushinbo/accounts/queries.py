"""Reads that join accounts with other apps' models."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from tsushinbo.accounts.models import Follow, User
from tsushinbo.pledges.models import Pledge
from tsushinbo.politicians.models import Politician


@dataclass(frozen=True)
class FollowedPolitician:
    politician: Politician
    followed_at: datetime.datetime
    latest_pledge: Pledge | None


def followed_politicians(follows: Iterable[Follow]) -> list[FollowedPolitician]:
    """Follows from FollowQuerySet.with_latest_pledge(), with that pledge loaded.

    Two queries however many rows: the follows, then their pledges in bulk.
    """
    rows = list(follows)
    pledge_ids = [row.latest_pledge_id for row in rows if row.latest_pledge_id]  # type: ignore[attr-defined]
    pledges = Pledge.objects.in_bulk(pledge_ids) if pledge_ids else {}
    return [
        FollowedPolitician(
            politician=row.politician,
            followed_at=row.created_at,
            latest_pledge=pledges.get(row.latest_pledge_id),  # type: ignore[attr-defined]
        )
        for row in rows
    ]


def follows_of(user: User) -> QuerySet[Follow]:
    return Follow.objects.filter(user=user).with_latest_pledge().newest_first()


def is_following(user: User | AnonymousUser, politician: Politician) -> bool:
    if not user.is_authenticated:
        return False
    return Follow.objects.filter(user=user, politician=politician).exists()


def public_pledges_by(user: User) -> QuerySet[Pledge]:
    """Pledges the user added. Later issues narrow this to approved contributions."""
    return Pledge.objects.filter(created_by=user).with_owner().newest_first()


@dataclass(frozen=True)
class DigestItem:
    politician: Politician
    new_pledges: Sequence[Pledge]


def digest_for(user: User, since: datetime.datetime, until: datetime.datetime) -> list[DigestItem]:
    """What changed for the politicians the user follows, in [since, until)."""
    followed_ids = Follow.objects.filter(user=user).values("politician_id")
    pledges = (
        Pledge.objects.filter(
            politician_id__in=followed_ids, created_at__gte=since, created_at__lt=until
        )
        .select_related("politician")
        .order_by("politician__sort_kana", "politician_id", "created_at", "id")
    )
    return _group_by_politician(pledges)


def _group_by_politician(pledges: Iterable[Pledge]) -> list[DigestItem]:
    grouped: dict[int, list[Pledge]] = {}
    politicians: dict[int, Politician] = {}
    for pledge in pledges:
        assert pledge.politician is not None
        grouped.setdefault(pledge.politician_id, []).append(pledge)  # type: ignore[arg-type]
        politicians[pledge.politician_id] = pledge.politician  # type: ignore[index]
    return [DigestItem(politicians[pk], items) for pk, items in grouped.items()]
