"""Writes for announcements and site pages: staff only, in a transaction, audit-logged.

The admin saves through these functions (AnnouncementAdmin.save_model and
friends), so an edit made there is logged like any other.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tsushinbo.accounts.models import User
from tsushinbo.accounts.permissions import Action, can
from tsushinbo.audit.actions import record
from tsushinbo.news.models import Announcement, SitePage, SitePageRevision
from tsushinbo.news.queries import invalidate_news_box


def _require_staff(actor: User) -> None:
    if not can(actor, Action.USE_ADMIN):
        raise PermissionDenied(Action.USE_ADMIN.value)


@transaction.atomic
def save_announcement(
    *, actor: User, announcement: Announcement, changed: Iterable[str] = ()
) -> Announcement:
    """Create or update an announcement; the 新着記事 box follows on commit."""
    _require_staff(actor)
    creating = announcement._state.adding
    announcement.save()
    published_at = announcement.published_at
    record(
        actor=actor,
        action="announcement.create" if creating else "announcement.edit",
        target=announcement,
        changed=sorted(changed),
        published_at=published_at.isoformat() if published_at else None,
        status=announcement.status_label,
    )
    transaction.on_commit(invalidate_news_box)
    return announcement


@transaction.atomic
def delete_announcement(*, actor: User, announcement: Announcement) -> None:
    _require_staff(actor)
    record(
        actor=actor,
        action="announcement.delete",
        target=announcement,
        slug=announcement.slug,
        status=announcement.status_label,
    )
    announcement.delete()
    transaction.on_commit(invalidate_news_box)


@transaction.atomic
def save_site_page(*, actor: User, page: SitePage) -> SitePageRevision | None:
    """Save the page's new text as a new revision; the previous ones stay.

    Returns the new revision, or None when nothing changed (nothing is logged).
    """
    _require_staff(actor)
    return _save_version(actor=actor, page=page, action="site_page.edit")


@transaction.atomic
def restore_site_page_revision(
    *, actor: User, revision: SitePageRevision
) -> SitePageRevision | None:
    """Make an old version current again, as a new revision (history is never rewritten)."""
    _require_staff(actor)
    page = SitePage.objects.get(pk=revision.page_id)
    page.title, page.description, page.body = revision.content()
    return _save_version(actor=actor, page=page, action="site_page.restore", restored_from=revision)


def _save_version(
    *,
    actor: User,
    page: SitePage,
    action: str,
    restored_from: SitePageRevision | None = None,
) -> SitePageRevision | None:
    # Lock the page so two saves cannot take the same revision number.
    SitePage.objects.select_for_update().only("pk").get(pk=page.pk)
    latest = page.revisions.order_by("-number").first()
    changed = [
        name
        for name in ("title", "description", "body")
        if latest is None or getattr(latest, name) != getattr(page, name)
    ]
    if not changed:
        return None
    page.updated_at = timezone.now()
    page.updated_by = actor
    page.save()
    revision = page.revisions.create(
        number=(latest.number + 1) if latest else 1,
        title=page.title,
        description=page.description,
        body=page.body,
        created_at=page.updated_at,
        created_by=actor,
        restored_from=restored_from,
    )
    record(
        actor=actor,
        action=action,
        target=page,
        revision=revision.number,
        changed=changed,
        previous_revision=latest.number if latest else None,
        restored_from=restored_from.number if restored_from else None,
    )
    return revision
