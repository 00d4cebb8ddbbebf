"""Alert moderators when review items near the 24-hour promise made on every form."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from tsushinbo.audit.actions import record
from tsushinbo.audit.models import AuditEntry
from tsushinbo.moderation.queue import QueueItem
from tsushinbo.moderation.sources import SOURCES
from tsushinbo.moderation.tasks import send_queue_alert

ALERT_ACTION = "moderation.alert"
# Items looked at per source: enough to count what is overdue on any real day.
ITEMS_PER_SOURCE = 500


@dataclass(frozen=True)
class Alert:
    due: list[QueueItem]
    new: list[QueueItem]
    cutoff: datetime.datetime

    @property
    def oldest_hours(self) -> int:
        return max(item.age_hours for item in self.due)


def _last_cutoff() -> datetime.datetime | None:
    entry = AuditEntry.objects.filter(action=ALERT_ACTION).order_by("-created_at", "-id").first()
    raw = entry.detail.get("cutoff") if entry is not None else None
    return parse_datetime(raw) if isinstance(raw, str) else None


def pending_alert(now: datetime.datetime | None = None) -> Alert | None:
    """The alert to send now, or None when nothing new has waited MODERATION_ALERT_HOURS."""
    cutoff = (now or timezone.now()) - datetime.timedelta(hours=settings.MODERATION_ALERT_HOURS)
    items = [item for source in SOURCES for item in source.oldest(ITEMS_PER_SOURCE)]
    due = [item for item in items if item.waiting_since <= cutoff]
    last = _last_cutoff()
    new = [item for item in due if last is None or item.waiting_since > last]
    return Alert(due=due, new=new, cutoff=cutoff) if new else None


@transaction.atomic
def send_alert(alert: Alert) -> None:
    """Record the alert (the next run starts after its cutoff) and e-mail after the commit."""
    record(
        actor=None,
        action=ALERT_ACTION,
        cutoff=alert.cutoff.isoformat(),
        due=len(alert.due),
        new=len(alert.new),
    )
    transaction.on_commit(
        partial(send_queue_alert.enqueue, count=len(alert.due), oldest_hours=alert.oldest_hours)
    )
