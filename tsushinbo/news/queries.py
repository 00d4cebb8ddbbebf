"""The 新着記事 box shown on every page, cached so that a warm page costs no query.

The box is a list of (date, kind, title, url) entries: the newest
announcements and the newest public activity reports, merged. A source joins
by adding its own loader to `_load_entries` and calling `invalidate_news_box()`
on commit whenever what it shows changes (tsushinbo/activities/actions.py).

Invalidation uses a generation key: the cached box is stored under the current
generation, and a write replaces the generation after its transaction commits.
A reader that started before the commit stores its (old) result under the old
generation, which nobody reads any more, so a stale box cannot outlive a write.
Scheduled announcements need no write to appear: the cached box remembers the
earliest future publish date and is rebuilt once that moment has passed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import BooleanField, Case, F, Min, Q, Value, When, Window
from django.urls import reverse
from django.utils import timezone

from tsushinbo.activities.models import ActivityReport
from tsushinbo.lib.generations import bump, generation
from tsushinbo.news.models import Announcement, AnnouncementCategory

BOX_SIZE = 5
GENERATION_KEY = "news:box:generation"
# An upper bound: with a per-process cache (LocMem) another worker's write
# cannot reach this process's copy, so let it expire on its own.
BOX_CACHE_SECONDS = 5 * 60


@dataclass(frozen=True)
class NewsBoxEntry:
    date: datetime.datetime
    kind: str
    title: str
    url: str


@dataclass(frozen=True)
class _CachedBox:
    entries: list[NewsBoxEntry]
    valid_until: datetime.datetime | None


def news_box_entries() -> list[NewsBoxEntry]:
    """The newest entries, newest first: no query on a warm cache, one per source on a cold one."""
    now = timezone.now()
    key = f"news:box:{generation(GENERATION_KEY)}"
    cached: _CachedBox | None = cache.get(key)
    if cached is not None and (cached.valid_until is None or now < cached.valid_until):
        return cached.entries
    entries, valid_until = _load_entries(now)
    cache.set(key, _CachedBox(entries, valid_until), BOX_CACHE_SECONDS)
    return entries


def invalidate_news_box() -> None:
    """Make every reader rebuild the box. Call it on commit of the write."""
    bump(GENERATION_KEY)


def _load_entries(now: datetime.datetime) -> tuple[list[NewsBoxEntry], datetime.datetime | None]:
    """Every source's newest entries, merged newest first, and when to look again."""
    entries, next_publication = _newest_announcements(now)
    entries += _newest_activity_reports()
    return sorted(entries, key=lambda entry: entry.date, reverse=True)[:BOX_SIZE], next_publication


def _newest_announcements(
    now: datetime.datetime,
) -> tuple[list[NewsBoxEntry], datetime.datetime | None]:
    """The newest published announcements and the next scheduled publication, in one query.

    Published rows sort before scheduled ones; the window MIN over all rows
    (computed before LIMIT) carries the earliest future date on every row.
    """
    rows = (
        Announcement.objects.filter(published_at__isnull=False)
        .annotate(
            is_due=Case(
                When(published_at__lte=now, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            next_publication=Window(Min("published_at", filter=Q(published_at__gt=now))),
        )
        .order_by(F("is_due").desc(), "-published_at", "-id")
        .values_list("title", "slug", "category", "published_at", "is_due", "next_publication")[
            :BOX_SIZE
        ]
    )
    entries: list[NewsBoxEntry] = []
    next_publication: datetime.datetime | None = None
    for title, slug, category, published_at, is_due, next_at in rows:
        next_publication = next_at
        if is_due and published_at is not None:
            entries.append(
                NewsBoxEntry(
                    date=published_at,
                    kind=AnnouncementCategory(category).label,
                    title=title,
                    url=reverse("announcement-detail", args=[slug]),
                )
            )
    return entries, next_publication


def _newest_activity_reports() -> list[NewsBoxEntry]:
    """The newest public activity reports (approved and not hidden by flags), in one query."""
    rows = (
        ActivityReport.objects.public()
        .newest_first()
        .values_list(
            "pk", "title", "published_at", "politician__family_name", "politician__given_name"
        )[:BOX_SIZE]
    )
    return [
        NewsBoxEntry(
            date=published_at,
            kind="活動報告",
            title=f"{family_name}{given_name}：{title}",
            url=reverse("activity-detail", args=[pk]),
        )
        for pk, title, published_at, family_name, given_name in rows
        if published_at is not None  # always set on public reports (a DB constraint)
    ]
