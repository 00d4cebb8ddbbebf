"""Reads for pledges that span models: review rules, similar titles, history, queues.

Moderation desk interface: pending_review_items() lists both review queues
(pending pledge revisions and pending progress reports), oldest first; the
decisions are in tsushinbo.pledges.actions (see its docstring).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from django.conf import settings

from tsushinbo.accounts.models import User
from tsushinbo.accounts.permissions import Action, can
from tsushinbo.lib.kana import katakana_to_hiragana
from tsushinbo.pledges.diffs import FieldDiff, diff_snapshots
from tsushinbo.pledges.models import (
    Pledge,
    PledgeRevision,
    ProgressReport,
    RevisionKind,
)
from tsushinbo.pledges.revisions import merge, snapshot_of

# Who skips review -------------------------------------------------------------


def approved_contributions(user: User) -> int:
    """The user's approved pledge versions and progress reports."""
    revisions = PledgeRevision.objects.approved().filter(author=user).count()
    reports = ProgressReport.objects.approved().filter(author=user).count()
    return revisions + reports


def is_owners_account(user: User, politician_id: int | None) -> bool:
    """Is this the verified account of the politician who owns the pledge?"""
    return politician_id is not None and user.politician_id == politician_id


def publishes_edits_directly(user: User, politician_id: int | None) -> bool:
    """New pledges and edits skip review for trusted members, moderators, staff,
    the owner's verified account, and members past their first reviewed ones."""
    if can(user, Action.SKIP_REVIEW) or is_owners_account(user, politician_id):
        return True
    reviewed = settings.NEW_MEMBER_REVIEW_EDITS
    return reviewed <= 0 or approved_contributions(user) >= reviewed


def publishes_reports_directly(user: User, pledge: Pledge) -> bool:
    """Progress reports skip review only for trusted roles and the politician's own account."""
    return can(user, Action.SKIP_REVIEW) or is_owners_account(user, pledge.politician_id)


# Similar titles ---------------------------------------------------------------

SIMILAR_RATIO = 0.75
SIMILAR_MIN_CONTAINED = 4  # a shorter title must be this long to count as "contained"
SIMILAR_SCAN_LIMIT = 5000
SIMILAR_SHOWN = 5
_NOT_WORD = re.compile(r"[\W_]+")


def normalise_title(title: str) -> str:
    """NFKC, lower case, katakana as hiragana, without spaces or punctuation."""
    folded = katakana_to_hiragana(unicodedata.normalize("NFKC", title).lower())
    return _NOT_WORD.sub("", folded)


def titles_are_similar(a: str, b: str) -> bool:
    first, second = normalise_title(a), normalise_title(b)
    if not first or not second:
        return False
    shorter, longer = sorted((first, second), key=len)
    if len(shorter) >= SIMILAR_MIN_CONTAINED and shorter in longer:
        return True
    return first == second or SequenceMatcher(None, first, second).ratio() >= SIMILAR_RATIO


def similar_pledges(
    *, title: str, politician_id: int | None = None, party_id: int | None = None
) -> list[Pledge]:
    """Public pledges of the same owner whose titles look like `title` (one query)."""
    if politician_id is not None:
        owned = Pledge.objects.visible().filter(politician_id=politician_id)
    elif party_id is not None:
        owned = Pledge.objects.visible().filter(party_id=party_id)
    else:
        return []
    candidates = owned.only("id", "title").newest_first()[:SIMILAR_SCAN_LIMIT]
    found = [pledge for pledge in candidates if titles_are_similar(title, pledge.title)]
    return found[:SIMILAR_SHOWN]


# History and review cards -----------------------------------------------------


@dataclass(frozen=True)
class RevisionView:
    revision: PledgeRevision
    diffs: list[FieldDiff]


def history_entries(revisions: Iterable[PledgeRevision]) -> list[RevisionView]:
    """Approved revisions (from for_history()) with what each changed from the version before."""
    entries = []
    for revision in revisions:
        before = revision.parent.snapshot if revision.parent is not None else None
        entries.append(RevisionView(revision, diff_snapshots(before, revision.snapshot)))
    return entries


def review_cards(revisions: Iterable[PledgeRevision]) -> list[RevisionView]:
    """Pending revisions (from for_queue()) with what approving each would change now."""
    cards = []
    for revision in revisions:
        if revision.kind == RevisionKind.CREATE:
            diffs = diff_snapshots(None, revision.snapshot)
        else:
            current = snapshot_of(revision.pledge)
            proposal = merge(current, revision.snapshot, revision.changed_fields)
            diffs = diff_snapshots(current, proposal)
        cards.append(RevisionView(revision, diffs))
    return cards


# Moderation desk --------------------------------------------------------------


@dataclass(frozen=True)
class ReviewItem:
    kind: Literal["pledge_revision", "progress_report"]
    label: str
    url: str
    created_at: datetime.datetime
    author: User | None
    item: PledgeRevision | ProgressReport


def pending_review_items(limit: int = 50) -> list[ReviewItem]:
    """The oldest `limit` items waiting in both queues, oldest first (two queries + evidence)."""
    revisions = PledgeRevision.objects.pending().for_queue().oldest_first()[:limit]
    reports = ProgressReport.objects.pending().for_queue().oldest_first()[:limit]
    items = [
        ReviewItem("pledge_revision", r.review_label, r.review_url, r.created_at, r.author, r)
        for r in revisions
    ] + [
        ReviewItem("progress_report", r.review_label, r.review_url, r.created_at, r.author, r)
        for r in reports
    ]
    items.sort(key=lambda entry: (entry.created_at, entry.kind, entry.item.pk))
    return items[:limit]


def pending_review_counts() -> dict[str, int]:
    return {
        "pledge_revision": PledgeRevision.objects.pending().count(),
        "progress_report": ProgressReport.objects.pending().count(),
    }
