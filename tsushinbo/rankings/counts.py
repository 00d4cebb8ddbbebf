"""Vote counts of a ranking row and what is derived from them (n, Wilson bounds).

Shared by the scheduled refresh and the write-time maintenance, so both
produce the same row from the same counts.
"""

from __future__ import annotations

from collections.abc import Mapping

from tsushinbo.lib.scoring import wilson_lower_bound
from tsushinbo.rankings.models import CRITERIA, VOTE_FIELDS

# Pledge counter column (tsushinbo/ratings/counters.py) → ranking row column.
PLEDGE_COUNTER_TO_FIELD: dict[str, str] = {
    "votes_good": "good",
    "votes_bad": "bad",
    **{
        f"votes_{polarity}_{criterion}": f"{polarity}_{criterion}"
        for criterion in CRITERIA
        for polarity in ("good", "bad")
    },
}


DERIVED_FIELDS: tuple[str, ...] = (
    "votes",
    "votes_clarity",
    "votes_feasibility",
    "votes_sincerity",
    "wilson",
    "wilson_clarity",
    "wilson_feasibility",
    "wilson_sincerity",
)


def ranking_change(counter_change: Mapping[str, int]) -> dict[str, int]:
    """The ranking columns a change of pledge counters moves (registered/voided/その他 split dropped)."""
    return {
        PLEDGE_COUNTER_TO_FIELD[name]: value
        for name, value in counter_change.items()
        if name in PLEDGE_COUNTER_TO_FIELD and value
    }


def derived(counts: Mapping[str, int]) -> dict[str, float | int]:
    """n and the Wilson lower bound, overall and per criterion."""
    values: dict[str, float | int] = {
        "votes": counts["good"] + counts["bad"],
        "wilson": wilson_lower_bound(counts["good"], counts["bad"]),
    }
    for criterion in CRITERIA:
        good, bad = counts[f"good_{criterion}"], counts[f"bad_{criterion}"]
        values[f"votes_{criterion}"] = good + bad
        values[f"wilson_{criterion}"] = wilson_lower_bound(good, bad)
    return values


def zero_counts() -> dict[str, int]:
    return dict.fromkeys(VOTE_FIELDS, 0)


def add_into(total: dict[str, int], counts: Mapping[str, int]) -> None:
    for field in VOTE_FIELDS:
        total[field] += counts.get(field, 0)
