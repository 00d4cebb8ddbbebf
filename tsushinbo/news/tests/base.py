from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.utils import timezone

from tsushinbo.news.models import Announcement, AnnouncementCategory

_serials = itertools.count(1)


def days_from_now(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def make_announcement(**fields: Any) -> Announcement:
    """A published announcement (yesterday) unless fields say otherwise; no audit entry."""
    n = next(_serials)
    defaults: dict[str, Any] = {
        "title": f"お知らせその{n}",
        "slug": f"notice-{n}",
        "body": "ランキングの計算方法を変更しました。",
        "category": AnnouncementCategory.NOTICE,
        "published_at": days_from_now(-1),
    }
    return Announcement.objects.create(**(defaults | fields))


def bulk_announcements(n: int, **fields: Any) -> list[Announcement]:
    start = next(_serials) * 1000
    return Announcement.objects.bulk_create(
        Announcement(
            title=f"一括のお知らせ{start + i:05d}",
            slug=f"bulk-{start + i}",
            body=f"本文{i}",
            published_at=days_from_now(-2 - i / 1000),
            **fields,
        )
        for i in range(n)
    )
