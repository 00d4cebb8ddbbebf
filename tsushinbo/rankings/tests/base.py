"""Helpers for the rankings tests: votes written in bulk with explicit dates."""

from __future__ import annotations

import datetime
import itertools

from django.test import override_settings
from django.utils import timezone

from tsushinbo.pledges.models import Pledge
from tsushinbo.rankings.refresh import refresh_rankings
from tsushinbo.ratings.actions import recount_votes
from tsushinbo.ratings.models import Vote
from tsushinbo.testing import BaseTestCase

_keys = itertools.count(1)


def add_votes(
    pledge: Pledge,
    *,
    good: int = 0,
    bad: int = 0,
    reason: str = "other",
    days_ago: float = 0,
) -> None:
    """Insert anonymous votes cast `days_ago` days ago (counters: call settle())."""
    cast_at = timezone.now() - datetime.timedelta(days=days_ago)
    Vote.objects.bulk_create(
        Vote(
            pledge=pledge,
            voter_key=f"bulk-{next(_keys):08d}",
            network_key="net-bulk",
            polarity=polarity,
            reason=reason,
            created_at=cast_at,
            updated_at=cast_at,
        )
        for polarity, count in (("good", good), ("bad", bad))
        for _ in range(count)
    )


def settle() -> None:
    """Rebuild the pledge counters from the votes, then the ranking rows."""
    recount_votes()
    refresh_rankings()


@override_settings(RANKING_MIN_VOTES=1, VOTE_POW=False)
class RankingsTestCase(BaseTestCase):
    """One vote is enough to be ranked, unless a test says otherwise."""
