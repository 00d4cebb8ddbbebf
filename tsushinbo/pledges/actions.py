"""Writes for pledges: adding and editing them (every version kept), progress reports, review.

Every function checks permission itself, runs in a transaction and appends to
the audit log. Nothing here makes unreviewed content public: a new member's
pledge is PENDING (invisible) until approved, a pending edit changes nothing
until approved, and a pending progress report does not move the pledge.

Interface for the moderation desk (tsushinbo.moderation):

- Queues: ``PledgeRevision.objects.pending()`` and ``ProgressReport.objects.pending()``
  (add ``.for_queue().oldest_first()``). Each row has ``created_at``, ``author``,
  ``review_label`` (a short Japanese line) and ``review_url`` (its review page,
  /moderation/pledges/<id>/ or /moderation/progress/<id>/).
  ``tsushinbo.pledges.queries.pending_review_items()`` merges both, oldest first.
- Decisions: ``approve_revision`` / ``reject_revision`` and
  ``approve_progress_report`` / ``reject_progress_report``, all called as
  ``(moderator=user, item=row, reason="...")``. Rejecting needs a reason. They raise
  PermissionDenied without Action.MODERATE and ValidationError (a Japanese
  message) when the item was decided already.
- ``reject_pending_contributions_by(actor=, user=)`` closes everything a banned
  user left waiting (call it from accounts.actions.ban_user, like the comments and
  activity reports apps' reject_pending_*_by).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tsushinbo.accounts.models import User
from tsushinbo.accounts.permissions import Action, can
from tsushinbo.audit.actions import record
from tsushinbo.elections.models import Election
from tsushinbo.lib.weburl import is_web_url
from tsushinbo.pledges.models import (
    Category,
    Pledge,
    PledgeRevision,
    ProgressEvidence,
    ProgressReport,
    ProgressStatus,
    ReviewStatus,
    RevisionKind,
)
from tsushinbo.pledges.queries import publishes_edits_directly, publishes_reports_directly
from tsushinbo.pledges.revisions import (
    Snapshot,
    changed_fields,
    deadline_of,
    merge,
    snapshot_of,
)
from tsushinbo.politicians.models import Party, Politician
from tsushinbo.search.indexing import index_pledge

OUT_OF_BAND_SUMMARY = "サイト外（管理画面など）での変更"
BANNED_REASON = "利用停止"
REPORT_STATUSES = [value for value in ProgressStatus.values if value != ProgressStatus.NOT_RATED]


def _require(user: User, action: Action, target: object = None) -> None:
    if not can(user, action, target):
        raise PermissionDenied(action.value)


def _required_reason(reason: str, message: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError(message)
    return reason


@dataclass(frozen=True)
class PledgeContent:
    """What a member types for a pledge."""

    title: str
    body: str
    source_url: str
    categories: Sequence[Category] = ()
    election: Election | None = None
    deadline: datetime.date | None = None

    def snapshot(self) -> Snapshot:
        categories = sorted(self.categories, key=lambda category: (category.name, category.pk))
        return {
            "title": self.title,
            "body": self.body,
            "source_url": self.source_url,
            "deadline": self.deadline.isoformat() if self.deadline else "",
            "election_id": self.election.pk if self.election else None,
            "election": self.election.name if self.election else "",
            "category_ids": [category.pk for category in categories],
            "categories": [category.name for category in categories],
        }

    def validate(self) -> None:
        if not self.title.strip():
            raise ValidationError("タイトルを入力してください。")
        if not is_web_url(self.source_url):
            raise ValidationError("出典URLは http:// または https:// で始まるURLにしてください。")


# Adding and editing -----------------------------------------------------------


@transaction.atomic
def add_pledge(
    *,
    author: User,
    content: PledgeContent,
    politician: Politician | None = None,
    party: Party | None = None,
    summary: str = "",
) -> Pledge:
    """Create the pledge and its first revision; public at once only for trusted authors."""
    _require(author, Action.ADD_PLEDGE)
    if (politician is None) == (party is None):
        raise ValueError("A pledge has exactly one owner: a politician or a party.")
    content.validate()
    publish = publishes_edits_directly(author, politician.pk if politician else None)
    now = timezone.now()
    pledge = Pledge.objects.create(
        politician=politician,
        party=party,
        title=content.title,
        body=content.body,
        source_url=content.source_url,
        election=content.election,
        deadline=content.deadline,
        created_by=author,
        created_at=now,
        review_status=ReviewStatus.APPROVED if publish else ReviewStatus.PENDING,
    )
    pledge.categories.set(content.categories)
    snapshot = content.snapshot()
    revision = PledgeRevision.objects.create(
        pledge=pledge,
        kind=RevisionKind.CREATE,
        author=author,
        summary=summary,
        changed_fields=changed_fields({}, snapshot),
        snapshot=snapshot,
        status=ReviewStatus.APPROVED if publish else ReviewStatus.PENDING,
        created_at=now,
        published_at=now if publish else None,
    )
    record(
        actor=author, action="pledge.add", target=pledge, revision_id=revision.pk, published=publish
    )
    index_pledge(pledge)
    return pledge


@transaction.atomic
def edit_pledge(
    *, author: User, pledge: Pledge, content: PledgeContent, summary: str
) -> PledgeRevision:
    """Record an edit; apply it now only when the author skips review."""
    _require(author, Action.EDIT_PLEDGE, pledge)
    content.validate()
    pledge = _locked(pledge.pk)
    if not pledge.is_visible:
        raise ValidationError("この公約・政策は公開前のため、まだ編集できません。")
    current = snapshot_of(pledge)
    proposal = content.snapshot()
    fields = changed_fields(current, proposal)
    if not fields:
        raise ValidationError("変更された項目がありません。")
    latest = _current_revision(pledge, current)
    now = timezone.now()
    revision = PledgeRevision(
        pledge=pledge,
        kind=RevisionKind.EDIT,
        author=author,
        summary=summary,
        changed_fields=fields,
        snapshot=proposal,
        created_at=now,
    )
    publish = publishes_edits_directly(author, pledge.politician_id)
    if publish:
        _publish_edit(revision, pledge=pledge, current=current, parent=latest, now=now)
    else:
        revision.save()
    record(
        actor=author,
        action="pledge.edit",
        target=pledge,
        revision_id=revision.pk,
        published=publish,
    )
    return revision


def _locked(pledge_id: int) -> Pledge:
    return Pledge.objects.select_for_update().get(pk=pledge_id)


def _current_revision(pledge: Pledge, current: Snapshot) -> PledgeRevision:
    """The approved revision that matches the pledge now, recording one if none does.

    Pledges from imports and demo data have no revisions, and staff may change a
    pledge in the Django admin: the history then gains the version it lacked.
    """
    latest = pledge.revisions.approved().newest_published_first().first()
    if latest is not None and not changed_fields(latest.snapshot, current):
        return latest
    now = timezone.now()
    return PledgeRevision.objects.create(
        pledge=pledge,
        kind=RevisionKind.CREATE if latest is None else RevisionKind.EDIT,
        author=pledge.created_by if latest is None else None,
        summary="" if latest is None else OUT_OF_BAND_SUMMARY,
        changed_fields=changed_fields(latest.snapshot if latest else {}, current),
        snapshot=current,
        status=ReviewStatus.APPROVED,
        created_at=pledge.created_at if latest is None else now,
        published_at=pledge.created_at if latest is None else now,
        parent=latest,
    )


def _publish_edit(
    revision: PledgeRevision,
    *,
    pledge: Pledge,
    current: Snapshot,
    parent: PledgeRevision,
    now: datetime.datetime,
) -> None:
    """Apply the edited fields onto the pledge as it is now; edits made since stay."""
    merged = merge(current, revision.snapshot, list(revision.changed_fields))
    applied = _apply_snapshot(pledge, merged)
    revision.changed_fields = changed_fields(current, applied)
    revision.snapshot = applied
    revision.parent = parent
    revision.status = ReviewStatus.APPROVED
    revision.published_at = now
    revision.save()


def _apply_snapshot(pledge: Pledge, snapshot: Snapshot) -> Snapshot:
    """Write the snapshot's content to the pledge; return what was stored."""
    election_id = snapshot.get("election_id")
    pledge.title = snapshot.get("title") or ""
    pledge.body = snapshot.get("body") or ""
    pledge.source_url = snapshot.get("source_url") or ""
    pledge.deadline = deadline_of(snapshot)
    # A deleted election or category cannot come back; the rest is restored exactly.
    pledge.election = Election.objects.filter(pk=election_id).first() if election_id else None
    pledge.save(update_fields=["title", "body", "source_url", "deadline", "election", "updated_at"])
    pledge.categories.set(Category.objects.filter(pk__in=snapshot.get("category_ids") or []))
    index_pledge(pledge)
    return snapshot_of(pledge)


@transaction.atomic
def revert_revision(*, moderator: User, revision: PledgeRevision, reason: str) -> PledgeRevision:
    """Restore the pledge to the version before `revision`, as a new revision."""
    _require(moderator, Action.REVERT_REVISION, revision)
    reason = _required_reason(reason, "差し戻しの理由を入力してください。")
    revision = PledgeRevision.objects.select_related("parent").get(pk=revision.pk)
    if revision.status != ReviewStatus.APPROVED or revision.parent is None:
        raise ValidationError("最初の版や未公開の版は差し戻せません。")
    pledge = _locked(revision.pledge_id)
    current = snapshot_of(pledge)
    latest = _current_revision(pledge, current)
    target = revision.parent.snapshot
    if not changed_fields(current, target):
        raise ValidationError("公約・政策はすでにこの編集の前の内容になっています。")
    now = timezone.now()
    applied = _apply_snapshot(pledge, target)
    restored = PledgeRevision.objects.create(
        pledge=pledge,
        kind=RevisionKind.REVERT,
        author=moderator,
        summary=reason,
        changed_fields=changed_fields(current, applied),
        snapshot=applied,
        status=ReviewStatus.APPROVED,
        created_at=now,
        published_at=now,
        parent=latest,
        reverts=revision,
        reviewed_by=moderator,
        reviewed_at=now,
        review_reason=reason,
    )
    record(
        actor=moderator,
        action="pledge.revert",
        target=pledge,
        reason=reason,
        reverted_revision_id=revision.pk,
        revision_id=restored.pk,
    )
    return restored


# Review of revisions ----------------------------------------------------------


def _pending_revision(item: PledgeRevision) -> PledgeRevision:
    revision = PledgeRevision.objects.select_for_update().get(pk=item.pk)
    if revision.status != ReviewStatus.PENDING:
        raise ValidationError("この投稿はすでに確認済みです。")
    return revision


def _mark_reviewed(
    row: PledgeRevision | ProgressReport,
    moderator: User | None,
    reason: str,
    now: datetime.datetime,
) -> None:
    row.reviewed_by = moderator
    row.reviewed_at = now
    row.review_reason = reason


@transaction.atomic
def approve_revision(*, moderator: User, item: PledgeRevision, reason: str = "") -> None:
    """Publish a new pledge, or apply a pending edit to the pledge as it is now."""
    _require(moderator, Action.MODERATE)
    revision = _pending_revision(item)
    pledge = _locked(revision.pledge_id)
    if revision.kind == RevisionKind.CREATE:
        now = timezone.now()
        revision.status = ReviewStatus.APPROVED
        revision.published_at = now
        pledge.review_status = ReviewStatus.APPROVED
        pledge.save(update_fields=["review_status", "updated_at"])
        index_pledge(pledge)
    else:
        current = snapshot_of(pledge)
        latest = _current_revision(pledge, current)
        now = timezone.now()
        _publish_edit(revision, pledge=pledge, current=current, parent=latest, now=now)
    _mark_reviewed(revision, moderator, reason.strip(), now)
    revision.save()
    record(
        actor=moderator,
        action="pledge_revision.approve",
        target=pledge,
        reason=reason.strip(),
        revision_id=revision.pk,
    )


@transaction.atomic
def reject_revision(*, moderator: User, item: PledgeRevision, reason: str) -> None:
    """Keep the edit out; a rejected new pledge stays invisible for good."""
    _require(moderator, Action.MODERATE)
    reason = _required_reason(reason, "却下の理由を入力してください。")
    _close_revision(_pending_revision(item), actor=moderator, reason=reason)


def _close_revision(revision: PledgeRevision, *, actor: User | None, reason: str) -> None:
    _mark_reviewed(revision, actor, reason, timezone.now())
    revision.status = ReviewStatus.REJECTED
    revision.save()
    pledge = _locked(revision.pledge_id)
    if revision.kind == RevisionKind.CREATE:
        pledge.review_status = ReviewStatus.REJECTED
        pledge.save(update_fields=["review_status", "updated_at"])
        index_pledge(pledge)
    record(
        actor=actor,
        action="pledge_revision.reject",
        target=pledge,
        reason=reason,
        revision_id=revision.pk,
    )


# Progress reports -------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    url: str
    date: datetime.date


def _validate_report(status: str, percent: int, evidence: Sequence[Evidence]) -> None:
    if status not in REPORT_STATUSES:
        raise ValidationError("進捗状況を選んでください。")
    if not 0 <= percent <= 100:
        raise ValidationError("進捗率は0から100までの整数で入力してください。")
    if not evidence:
        raise ValidationError("根拠のURLと日付を1件以上入力してください。")
    if not all(is_web_url(item.url) for item in evidence):
        raise ValidationError("根拠のURLは http:// または https:// で始まるURLにしてください。")
    if any(item.date > timezone.localdate() for item in evidence):
        raise ValidationError("根拠の日付に未来の日付は指定できません。")


@transaction.atomic
def post_progress_report(
    *,
    author: User,
    pledge: Pledge,
    status: str,
    percent: int,
    evidence: Sequence[Evidence],
    note: str = "",
) -> ProgressReport:
    """Record a report; it moves the pledge at once only for trusted authors."""
    _require(author, Action.POST_PROGRESS, pledge)
    if not pledge.is_visible:
        raise ValidationError("この公約・政策は公開前のため、まだ進捗を報告できません。")
    _validate_report(status, percent, evidence)
    publish = publishes_reports_directly(author, pledge)
    now = timezone.now()
    report = ProgressReport.objects.create(
        pledge=pledge,
        author=author,
        status=status,
        percent=percent,
        note=note,
        evidence_date=max(item.date for item in evidence),
        review_status=ReviewStatus.APPROVED if publish else ReviewStatus.PENDING,
        created_at=now,
        published_at=now if publish else None,
    )
    ProgressEvidence.objects.bulk_create(
        ProgressEvidence(report=report, url=item.url, date=item.date, position=index)
        for index, item in enumerate(evidence)
    )
    if publish:
        _refresh_progress(pledge.pk)
    record(
        actor=author,
        action="progress_report.post",
        target=pledge,
        report_id=report.pk,
        published=publish,
    )
    return report


def _refresh_progress(pledge_id: int) -> None:
    """Set the pledge's status, percent and date from the approved report with the newest
    evidence, and its report count, recomputed from the reports themselves."""
    Pledge.objects.select_for_update().filter(pk=pledge_id).first()
    approved = ProgressReport.objects.approved().filter(pledge_id=pledge_id)
    latest = approved.timeline_order().values("status", "percent", "evidence_date").first()
    updates: dict[str, object] = {"progress_count": approved.count()}
    if latest is not None:
        updates |= {
            "progress_status": latest["status"],
            "progress_percent": latest["percent"],
            "progress_date": latest["evidence_date"],
        }
    Pledge.objects.filter(pk=pledge_id).update(**updates)


def _pending_report(item: ProgressReport) -> ProgressReport:
    report = ProgressReport.objects.select_for_update().get(pk=item.pk)
    if report.review_status != ReviewStatus.PENDING:
        raise ValidationError("この投稿はすでに確認済みです。")
    return report


@transaction.atomic
def approve_progress_report(*, moderator: User, item: ProgressReport, reason: str = "") -> None:
    _require(moderator, Action.MODERATE)
    report = _pending_report(item)
    now = timezone.now()
    _mark_reviewed(report, moderator, reason.strip(), now)
    report.review_status = ReviewStatus.APPROVED
    report.published_at = now
    report.save()
    _refresh_progress(report.pledge_id)
    record(
        actor=moderator,
        action="progress_report.approve",
        target=report.pledge,
        reason=reason.strip(),
        report_id=report.pk,
    )


@transaction.atomic
def reject_progress_report(*, moderator: User, item: ProgressReport, reason: str) -> None:
    _require(moderator, Action.MODERATE)
    reason = _required_reason(reason, "却下の理由を入力してください。")
    _close_report(_pending_report(item), actor=moderator, reason=reason)


def _close_report(report: ProgressReport, *, actor: User | None, reason: str) -> None:
    _mark_reviewed(report, actor, reason, timezone.now())
    report.review_status = ReviewStatus.REJECTED
    report.save()
    record(
        actor=actor,
        action="progress_report.reject",
        target=report.pledge,
        reason=reason,
        report_id=report.pk,
    )


@transaction.atomic
def reject_pending_contributions_by(*, actor: User | None, user: User) -> int:
    """Reject the pledge revisions and progress reports a banned user left waiting.

    Call inside the ban's transaction (the ban checked the permission).
    """
    revisions = PledgeRevision.objects.pending().filter(author=user).oldest_first()
    reports = ProgressReport.objects.pending().filter(author=user).oldest_first()
    closed = 0
    for revision in revisions.select_for_update():
        _close_revision(revision, actor=actor, reason=BANNED_REASON)
        closed += 1
    for report in reports.select_for_update():
        _close_report(report, actor=actor, reason=BANNED_REASON)
        closed += 1
    return closed
