"""The pledge's vote counters: which columns a vote counts in, and deltas between states.

A vote counts in votes_<polarity>, votes_<polarity>_<reason> and, for an
account's vote, votes_<polarity>_registered. A voided vote counts only in
votes_voided. Counter values travel as plain dicts keyed by column name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from tsushinbo.lib.scoring import wilson_lower_bound
from tsushinbo.ratings.models import Polarity, Reason

VOTED_FIELDS: tuple[str, ...] = (
    "votes_good",
    "votes_bad",
    *(f"votes_{polarity}_{reason}" for reason in Reason.values for polarity in Polarity.values),
    "votes_good_registered",
    "votes_bad_registered",
)
COUNTER_FIELDS: tuple[str, ...] = (*VOTED_FIELDS, "votes_voided")
WILSON_FIELD = "votes_wilson_lower"

Counters = Mapping[str, int]


@dataclass(frozen=True)
class VoteState:
    """What a vote counts as: its polarity and reason, by an account or not, voided or not."""

    polarity: str
    reason: str
    registered: bool
    voided: bool = False

    def fields(self) -> list[str]:
        if self.voided:
            return ["votes_voided"]
        fields = [f"votes_{self.polarity}", f"votes_{self.polarity}_{self.reason}"]
        if self.registered:
            fields.append(f"votes_{self.polarity}_registered")
        return fields


def delta(before: VoteState | None, after: VoteState | None) -> dict[str, int]:
    """Column → non-zero change, for one vote going from `before` to `after` (None: no vote)."""
    change: Counter[str] = Counter()
    if before is not None:
        change.subtract(before.fields())
    if after is not None:
        change.update(after.fields())
    return {field: value for field, value in change.items() if value}


def applied(counters: Counters, change: Mapping[str, int]) -> dict[str, int]:
    return {field: counters[field] + change.get(field, 0) for field in COUNTER_FIELDS}


def wilson_of(counters: Counters) -> float:
    return wilson_lower_bound(counters["votes_good"], counters["votes_bad"])
