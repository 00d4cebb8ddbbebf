"""Pick a pledge for ランダム評価: random, favouring few votes, never one already voted on.

Cheap at any size: no ORDER BY RANDOM(). Each probe starts at a random id
and reads the first matching pledge within a bounded id window (an index
range scan). Probes first look in the few-votes band (most of the time),
then among all pledges; only when every probe misses does one unbounded
scan from a random id (wrapping around once) decide whether anything is left.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Exists, F, OuterRef

from tsushinbo.integrity.voters import Voter
from tsushinbo.pledges.models import Pledge, PledgeQuerySet
from tsushinbo.ratings.models import Vote

PROBES_PER_BAND = 3
PROBE_WINDOW = 2000  # ids per probe
FEW_VOTES_FIRST = 0.8  # how often the few-votes band is tried first


def candidates(voter: Voter, skip: int | None = None) -> PledgeQuerySet:
    """Visible pledges this voter has not voted on (a voided vote counts as voted)."""
    pledges = Pledge.objects.visible().with_owner()
    if voter.is_known:
        voted = Vote.objects.filter(pledge=OuterRef("pk"), **voter.lookup())
        pledges = pledges.filter(~Exists(voted))
    if skip is not None:
        pledges = pledges.exclude(pk=skip)
    return pledges


def pick_pledge(
    voter: Voter, *, skip: int | None = None, rng: random.Random | None = None
) -> Pledge | None:
    rng = rng or random.Random()
    # Two index seeks: MIN and MAX together (or with a WHERE) make SQLite scan the table.
    ids = Pledge.objects.order_by().values_list("pk", flat=True)
    low, high = ids.order_by("pk").first(), ids.order_by("-pk").first()
    if low is None or high is None:
        return None
    pool = candidates(voter, skip)
    for band in _bands(pool, rng):
        for _ in range(PROBES_PER_BAND):
            start = rng.randint(low, high)
            found = band.filter(pk__gte=start, pk__lt=start + PROBE_WINDOW).order_by("pk").first()
            if found is not None:
                return found
    start = rng.randint(low, high)
    return (
        pool.filter(pk__gte=start).order_by("pk").first()
        or pool.filter(pk__lt=start).order_by("pk").first()
    )


def _bands(pool: PledgeQuerySet, rng: random.Random) -> Iterator[PledgeQuerySet]:
    few = pool.alias(n=F("votes_good") + F("votes_bad")).filter(n__lt=settings.RANDOM_FEW_VOTES)
    if rng.random() < FEW_VOTES_FIRST:
        yield few
    yield pool
