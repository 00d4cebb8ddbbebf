"""Every queue the moderation desk gathers, oldest item first across all of them.

Comments and activity reports bring their own sources (tsushinbo/<app>/queue.py);
politician claims (tsushinbo/accounts) and pledge revisions and progress reports
(tsushinbo/pledges, see the docstring of its actions.py) are adapted here and
decided through those apps' own actions.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from tsushinbo.accounts import actions as account_actions
from tsushinbo.accounts.models import PoliticianClaim, User
from tsushinbo.activities.queue import FlaggedReports, PendingReports
from tsushinbo.comments.queue import FlaggedComments, PendingComments
from tsushinbo.moderation.models import RejectReason
from tsushinbo.moderation.queue import QueueItem, QueueSource
from tsushinbo.pledges import actions as pledge_actions
from tsushinbo.pledges.models import PledgeRevision, ProgressReport

# The desk's type filter: value, label.
GROUPS: list[tuple[str, str]] = [
    ("comment", "コメント"),
    ("report", "活動報告"),
    ("pledge", "公約の編集・進捗"),
    ("claim", "本人確認"),
    ("flagged", "通報"),
]


class PoliticianClaims:
    key = "claim"
    group = "claim"
    label = "本人確認の申請"

    def count(self) -> int:
        return PoliticianClaim.objects.pending().count()

    def oldest(self, limit: int) -> list[QueueItem]:
        rows = PoliticianClaim.objects.pending().for_queue().oldest_first()[:limit]
        return [
            QueueItem(
                source=self.key,
                pk=claim.pk,
                kind="本人確認",
                waiting_since=claim.created_at,
                title=f"{claim.politician.headline} の本人確認",
                text=claim.note,
                url=claim.politician.get_absolute_url(),
                author=claim.user,
                author_label=claim.user.public_name,
                context=f"連絡先：{claim.contact}・公式ページ：{claim.web_evidence_url or '（http(s) 以外）'}",
            )
            for claim in rows
        ]

    def approve(self, *, actor: User, pk: int, note: str) -> None:
        claim = get_object_or_404(PoliticianClaim, pk=pk)
        account_actions.approve_claim(actor=actor, claim=claim, reason=note)

    def reject(self, *, actor: User, pk: int, reason: str, note: str) -> None:
        claim = get_object_or_404(PoliticianClaim, pk=pk)
        text = "：".join(part for part in (_label(reason), note) if part)
        account_actions.reject_claim(actor=actor, claim=claim, reason=text)


class PledgeRevisions:
    """New pledges and pledge edits waiting for review (tsushinbo/pledges)."""

    key = "revision"
    group = "pledge"
    label = "公約の登録・編集"

    def count(self) -> int:
        return PledgeRevision.objects.pending().count()

    def oldest(self, limit: int) -> list[QueueItem]:
        rows = PledgeRevision.objects.pending().for_queue().oldest_first()[:limit]
        return [
            QueueItem(
                source=self.key,
                pk=revision.pk,
                kind=f"公約の{revision.get_kind_display()}",
                waiting_since=revision.created_at,
                title=revision.review_label,
                text=revision.summary,
                url=revision.review_url,
                author=revision.author,
                context="差分はタイトルのリンク先（確認ページ）で確かめてください。",
            )
            for revision in rows
        ]

    def approve(self, *, actor: User, pk: int, note: str) -> None:
        revision = get_object_or_404(PledgeRevision, pk=pk)
        pledge_actions.approve_revision(moderator=actor, item=revision, reason=note)

    def reject(self, *, actor: User, pk: int, reason: str, note: str) -> None:
        # The pledges app keeps one reason and the public log shows it: the listed label only.
        revision = get_object_or_404(PledgeRevision, pk=pk)
        pledge_actions.reject_revision(moderator=actor, item=revision, reason=_label(reason))


class ProgressReports:
    """Progress reports (進捗) waiting for review (tsushinbo/pledges)."""

    key = "progress"
    group = "pledge"
    label = "進捗報告"

    def count(self) -> int:
        return ProgressReport.objects.pending().count()

    def oldest(self, limit: int) -> list[QueueItem]:
        rows = ProgressReport.objects.pending().for_queue().oldest_first()[:limit]
        return [
            QueueItem(
                source=self.key,
                pk=report.pk,
                kind="進捗報告",
                waiting_since=report.created_at,
                title=report.review_label,
                text=report.note,
                url=report.review_url,
                author=report.author,
                context=f"根拠の日付 {report.evidence_date:%Y年%-m月%-d日}",
            )
            for report in rows
        ]

    def approve(self, *, actor: User, pk: int, note: str) -> None:
        report = get_object_or_404(ProgressReport, pk=pk)
        pledge_actions.approve_progress_report(moderator=actor, item=report, reason=note)

    def reject(self, *, actor: User, pk: int, reason: str, note: str) -> None:
        report = get_object_or_404(ProgressReport, pk=pk)
        pledge_actions.reject_progress_report(moderator=actor, item=report, reason=_label(reason))


def _label(reason: str) -> str:
    return RejectReason(reason).label if reason in RejectReason.values else ""


SOURCES: list[QueueSource] = [
    PendingComments(),
    PendingReports(),
    PledgeRevisions(),
    ProgressReports(),
    PoliticianClaims(),
    FlaggedComments(),
    FlaggedReports(),
]
SOURCES_BY_KEY: dict[str, QueueSource] = {source.key: source for source in SOURCES}
