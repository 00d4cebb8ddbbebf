"""The content a pledge revision stores, and how two versions compare.

A snapshot is a plain JSON object with every editable field, so a revision
restores the exact text even after the categories or election it named are
renamed (their names are kept for display, their ids for restoring).
"""

from __future__ import annotations

import datetime
from typing import Any

from tsushinbo.pledges.models import Pledge

Snapshot = dict[str, Any]

# Logical fields, in the order the history page shows them.
CONTENT_FIELDS: dict[str, str] = {
    "title": "タイトル",
    "body": "内容",
    "categories": "分野",
    "source_url": "出典URL",
    "election": "選挙",
    "deadline": "期限",
}

# The snapshot keys behind each logical field.
_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "body": ("body",),
    "categories": ("category_ids", "categories"),
    "source_url": ("source_url",),
    "election": ("election_id", "election"),
    "deadline": ("deadline",),
}


def snapshot_of(pledge: Pledge) -> Snapshot:
    """The pledge's editable content (reads its categories and election)."""
    categories = sorted(pledge.categories.all(), key=lambda category: (category.name, category.pk))
    return {
        "title": pledge.title,
        "body": pledge.body,
        "source_url": pledge.source_url,
        "deadline": pledge.deadline.isoformat() if pledge.deadline else "",
        "election_id": pledge.election_id,
        "election": pledge.election.name if pledge.election is not None else "",
        "category_ids": [category.pk for category in categories],
        "categories": [category.name for category in categories],
    }


def comparable(snapshot: Snapshot, field: str) -> Any:
    """The value that decides whether `field` changed: ids, not display names."""
    if field == "categories":
        return sorted(snapshot.get("category_ids") or [])
    if field == "election":
        return snapshot.get("election_id")
    return snapshot.get(field) or ""


def changed_fields(before: Snapshot, after: Snapshot) -> list[str]:
    return [
        field for field in CONTENT_FIELDS if comparable(before, field) != comparable(after, field)
    ]


def merge(current: Snapshot, proposal: Snapshot, fields: list[str]) -> Snapshot:
    """The current content with `fields` taken from the proposal (a later edit wins elsewhere)."""
    result = dict(current)
    for field in fields:
        for key in _KEYS.get(field, ()):
            result[key] = proposal.get(key)
    return result


def display_value(snapshot: Snapshot, field: str) -> str:
    """The field as a reader sees it."""
    if field == "categories":
        return "、".join(snapshot.get("categories") or [])
    if field == "deadline":
        raw = snapshot.get("deadline") or ""
        if not raw:
            return ""
        day = datetime.date.fromisoformat(raw)
        return f"{day.year}年{day.month}月{day.day}日"
    return str(snapshot.get(field) or "")


def deadline_of(snapshot: Snapshot) -> datetime.date | None:
    raw = snapshot.get("deadline") or ""
    return datetime.date.fromisoformat(raw) if raw else None
