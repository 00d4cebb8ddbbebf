"""Reads that join accounts with other apps' models."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from tsushinbo.accounts.models import Follow, User
from tsushinbo.activities.models import ActivityReport
from tsushinbo.comments.models import Comment
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
    """Pledges the user added that anyone may see."""
    return Pledge.objects.visible().filter(created_by=user).with_owner().newest_first()


def own_pledges_by(user: User) -> QuerySet[Pledge]:
    """Pledges the user added, with those still in (or refused by) review: for /me/ only."""
    return Pledge.objects.filter(created_by=user).with_owner().newest_first()


@dataclass(frozen=True)
class DigestItem:
    politician: Politician
    new_pledges: Sequence[Pledge]


def digest_for(user: User, since: datetime.datetime, until: datetime.datetime) -> list[DigestItem]:
    """What changed for the politicians the user follows, in [since, until)."""
    followed_ids = Follow.objects.filter(user=user).values("politician_id")
    pledges = (
        Pledge.objects.visible()
        .filter(politician_id__in=followed_ids, created_at__gte=since, created_at__lt=until)
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


MY_CONTRIBUTIONS = 20


@dataclass(frozen=True)
class MyContributions:
    """The newest reports and comments of a user, whatever their review state (for /me/)."""

    reports: Sequence[ActivityReport]
    comments: Sequence[Comment]


def my_contributions(user: User) -> MyContributions:
    """Two queries; each row carries its status (確認待ち / 公開中 / 却下)."""
    reports = (
        ActivityReport.objects.filter(posted_by=user)
        .select_related("politician")
        .order_by("-created_at", "-id")[:MY_CONTRIBUTIONS]
    )
    comments = (
        Comment.objects.filter(user=user)
        .select_related("report", "pledge")
        .order_by("-created_at", "-id")[:MY_CONTRIBUTIONS]
    )
    return MyContributions(reports=list(reports), comments=list(comments))
