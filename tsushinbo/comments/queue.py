"""The comments' share of the moderation desk: pending comments and flagged ones."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from tsushinbo.accounts.models import User
from tsushinbo.comments import actions
from tsushinbo.comments.models import Comment, CommentQuerySet
from tsushinbo.moderation.models import Flag, RejectReason
from tsushinbo.moderation.queue import QueueItem


def _rows(queryset: CommentQuerySet) -> CommentQuerySet:
    return queryset.select_related("user", "report", "pledge", "parent")


def _context(comment: Comment) -> str:
    target = comment.report if comment.report_id else comment.pledge
    kind = "活動報告" if comment.report_id else "公約"
    reply = "への返信" if comment.parent_id else ""
    return f"{kind}「{target}」へのコメント{reply}"


def _item(comment: Comment, *, source: str, flagged: bool = False) -> QueueItem:
    return QueueItem(
        source=source,
        pk=comment.pk,
        kind="コメント（通報）" if flagged else "コメント",
        waiting_since=(comment.flagged_at or comment.created_at) if flagged else comment.created_at,
        title=_context(comment),
        text=comment.body,
        url=comment.target.get_absolute_url(),  # type: ignore[attr-defined]
        author=comment.user,
        author_label=comment.author_name,
        context=f"返信先：{comment.parent.body[:80]}" if comment.parent else "",
        flag_count=comment.flag_count,
        hidden=comment.is_hidden,
        flag_reasons=tuple(
            RejectReason(flag.reason).label for flag in getattr(comment, "open_flags", [])
        ),
    )


class PendingComments:
    key = "comment"
    group = "comment"
    label = "コメント"

    def count(self) -> int:
        return Comment.objects.pending().count()

    def oldest(self, limit: int) -> list[QueueItem]:
        rows = _rows(Comment.objects.pending().oldest_first())[:limit]
        return [_item(comment, source=self.key) for comment in rows]

    def approve(self, *, actor: User, pk: int, note: str) -> None:
        actions.approve_comment(actor=actor, comment=get_object_or_404(Comment, pk=pk), note=note)

    def reject(self, *, actor: User, pk: int, reason: str, note: str) -> None:
        comment = get_object_or_404(Comment, pk=pk)
        actions.reject_comment(actor=actor, comment=comment, reason=reason, note=note)


class FlaggedComments(PendingComments):
    key = "flagged-comment"
    group = "flagged"
    label = "通報されたコメント"

    def count(self) -> int:
        return Comment.objects.flagged().count()

    def oldest(self, limit: int) -> list[QueueItem]:
        rows = _rows(Comment.objects.flagged().order_by("flagged_at", "id")).prefetch_related(
            Prefetch("flags", Flag.objects.open(), to_attr="open_flags")
        )[:limit]
        return [_item(comment, source=self.key, flagged=True) for comment in rows]
