"""The moderation desk's building blocks: a queue source per kind of review item.

Each app contributes a source (tsushinbo/<app>/queue.py); tsushinbo/moderation/
sources.py lists them. A source counts its waiting items, lists the oldest,
and decides one item through the app's own actions (which check permission,
write the audit entry and notify the author).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Protocol

from django.utils import timezone

from tsushinbo.accounts.models import User

OVERDUE_AFTER = datetime.timedelta(hours=24)


@dataclass(frozen=True)
class QueueItem:
    source: str
    pk: int
    kind: str
    # When the item started waiting: posted, or first flagged.
    waiting_since: datetime.datetime
    title: str
    text: str
    url: str = ""
    author: User | None = None
    author_label: str = ""
    context: str = ""
    flag_count: int = 0
    hidden: bool = False
    # Reasons given by flaggers, for flagged items.
    flag_reasons: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.source}:{self.pk}"

    @property
    def age(self) -> datetime.timedelta:
        return timezone.now() - self.waiting_since

    @property
    def age_hours(self) -> int:
        return int(self.age.total_seconds() // 3600)

    @property
    def is_overdue(self) -> bool:
        return self.age >= OVERDUE_AFTER


class QueueSource(Protocol):
    key: str
    # The desk's type filter (?type=): several sources may share one group.
    group: str
    label: str

    def count(self) -> int: ...

    def oldest(self, limit: int) -> list[QueueItem]: ...

    def approve(self, *, actor: User, pk: int, note: str) -> None: ...

    def reject(self, *, actor: User, pk: int, reason: str, note: str) -> None: ...
