"""Writes with side effects for activity reports: post, edit, approve, reject, flag.

Members and verified politicians post; a report waits for review unless its
poster skips review (trusted members, moderators, and the politician's own
verified account on their own profile). Whenever a report's public state
changes, the 新着記事 box is rebuilt after the commit.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from tsushinbo.accounts.models import User
from tsushinbo.accounts.permissions import Action, can
from tsushinbo.activities.models import ActivityReport
from tsushinbo.audit.actions import record
from tsushinbo.moderation import review
from tsushinbo.moderation.models import RejectReason
from tsushinbo.moderation.notifications import notify_author
from tsushinbo.news.queries import invalidate_news_box
from tsushinbo.pledges.models import Pledge
from tsushinbo.politicians.models import Politician
from tsushinbo.search.indexing import index_report

KIND = "活動報告"


def may_post(user: User | None) -> bool:
    return can(user, Action.POST_REPORT)


def may_edit(user: User | None, report: ActivityReport) -> bool:
    """The poster edits their own report; moderators edit any. Nobody else does."""
    if user is None or not can(user, Action.POST_REPORT):
        return False
    return report.posted_by_id == user.pk or can(user, Action.MODERATE)


def skips_review(user: User, politician_id: int) -> bool:
    return can(user, Action.SKIP_REVIEW) or user.politician_id == politician_id


def _checked_pledges(politician: Politician, pledges: Iterable[Pledge]) -> list[Pledge]:
    chosen = list(pledges)
    if any(pledge.politician_id != politician.pk for pledge in chosen):
        raise ValidationError("関連づけられるのは、この政治家の公約だけです。")
    return chosen


def _public_state_changed() -> None:
    transaction.on_commit(invalidate_news_box)


@transaction.atomic
def post_report(
    *,
    user: User,
    politician: Politician,
    title: str,
    date: datetime.date,
    body: str,
    source_url: str = "",
    pledges: Iterable[Pledge] = (),
) -> ActivityReport:
    if not may_post(user):
        raise PermissionDenied(Action.POST_REPORT.value)
    linked = _checked_pledges(politician, pledges)
    report = ActivityReport(
        politician=politician,
        title=title,
        date=date,
        body=body,
        source_url=source_url,
        posted_by=user,
    )
    if skips_review(user, politician.pk):
        review.publish(report, actor=None)
        _public_state_changed()
    report.save()
    report.pledges.set(linked)
    index_report(report)
    return report


@transaction.atomic
def edit_report(
    *,
    user: User,
    report: ActivityReport,
    title: str,
    date: datetime.date,
    body: str,
    source_url: str = "",
    pledges: Iterable[Pledge] = (),
) -> ActivityReport:
    """Change a report; an edit by someone who does not skip review is reviewed again."""
    if not may_edit(user, report):
        raise PermissionDenied("edit_report")
    report = review.locked(report)
    linked = _checked_pledges(report.politician, pledges)
    was_public = report.is_public
    report.title, report.date, report.body, report.source_url = title, date, body, source_url
    if not skips_review(user, report.politician_id):
        review.send_back(report)
    report.save()
    report.pledges.set(linked)
    index_report(report)
    if was_public or report.is_public:
        _public_state_changed()
    if user.pk != report.posted_by_id:
        record(actor=user, action="report.edit", target=report)
    return report


@transaction.atomic
def approve_report(*, actor: User, report: ActivityReport, note: str = "") -> None:
    """Publish a pending report, or keep a flagged one public (its flags are answered)."""
    review.require_moderator(actor)
    report = review.locked(report)
    if report.is_rejected:
        raise ValidationError("却下済みの活動報告です。")
    was_pending = report.is_pending
    flags = report.flag_count
    review.publish(report, actor=actor)
    report.save(update_fields=review.REVIEW_FIELDS)
    index_report(report)
    _public_state_changed()
    action = "report.approve" if was_pending else "report.keep"
    record(actor=actor, action=action, target=report, note=note, flags=flags)
    if was_pending:
        notify_author(
            author=report.posted_by,
            kind=KIND,
            title=report.title,
            approved=True,
            path=report.get_absolute_url(),
        )


@transaction.atomic
def reject_report(*, actor: User, report: ActivityReport, reason: str, note: str = "") -> None:
    review.require_moderator(actor)
    label = review.clean_reason(reason).label
    report = review.locked(report)
    if report.is_rejected:
        raise ValidationError("すでに却下された活動報告です。")
    review.withdraw(report, actor=actor, reason=reason)
    report.save(update_fields=review.REVIEW_FIELDS)
    index_report(report)
    _public_state_changed()
    record(actor=actor, action="report.reject", target=report, reason=label, note=note)
    notify_author(
        author=report.posted_by,
        kind=KIND,
        title=report.title,
        approved=False,
        reason=label,
        path=report.politician.get_absolute_url(),
    )


@transaction.atomic
def flag_report(*, user: User, report: ActivityReport, reason: str, note: str = "") -> bool:
    """A member flags a public report; True when this flag hid it (FLAG_THRESHOLD)."""
    report, hidden = review.add_flag(report, user=user, reason=reason, note=note)
    if hidden:
        index_report(report)
        _public_state_changed()
        record(
            actor=None,
            action="report.hide",
            target=report,
            reason=RejectReason(reason).label,
            flags=report.flag_count,
        )
    return hidden


def reject_pending_reports_by(*, actor: User | None, user: User) -> int:
    """Reject what a banned user left waiting (call inside the ban's transaction)."""
    pending = ActivityReport.objects.filter(posted_by=user).pending()
    return review.reject_pending(pending, actor=actor, action="report.reject")
