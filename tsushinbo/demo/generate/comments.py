"""Demo comment threads on activity reports and pledges.

Most comments are approved; recent ones may still be pending (the 24-hour
review window) and a few were rejected. Replies only answer approved
comments, so the public count is simply the approved count.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from tsushinbo.comments.models import Comment
from tsushinbo.demo import words
from tsushinbo.demo.generate.bulk import IdBlock, Row, RowWriter
from tsushinbo.moderation.models import RejectReason, ReviewStatus

COMMENT_FIELDS = [
    "id",
    "report",
    "pledge",
    "parent",
    "user",
    "nickname",
    "body",
    "status",
    "reject_reason",
    "reviewed_at",
    "published_at",
    "created_at",
]
HOUR = 3600
REJECT_REASONS = [RejectReason.DEFAMATION, RejectReason.SPAM, RejectReason.OFF_TOPIC]


class CommentMaker:
    def __init__(
        self,
        rng: random.Random,
        user_ids: list[int],
        stamp: Callable[[float], str],
        now: int,
    ) -> None:
        self.rng, self.user_ids, self.stamp, self.now = rng, user_ids, stamp, now
        self.ids = IdBlock(Comment)
        self.writer = RowWriter(Comment, COMMENT_FIELDS)
        self.rows: list[Row] = []
        self.written = 0
        self.pending = 0

    def thread(
        self, *, report: int | None, pledge: int | None, count: int, start: int, end: int = 0
    ) -> int:
        """Add `count` comments between `start` and `end` (default: now); returns the public ones.

        Comments come soon after `start` more often than late (skew > 1).
        """
        approved_ids: list[int] = []
        rng, skew = self.rng, 1.6 if end else 1.0
        span = max(min(end or self.now, self.now) - start, 1)
        times = sorted(start + int(span * rng.random() ** skew) for _ in range(count))
        for created in times:
            comment_id = self.ids.take()
            parent = None
            if approved_ids and rng.random() < 0.2:
                parent = rng.choice(approved_ids)
            status, reason = self.decide(created)
            published = None
            if status == ReviewStatus.APPROVED:
                published = self.stamp(min(created + rng.randint(600, 20 * HOUR), self.now))
                if parent is None:
                    approved_ids.append(comment_id)
            self.pending += status == ReviewStatus.PENDING
            user = rng.choice(self.user_ids) if rng.random() < 0.6 else None
            self.rows.append(
                (
                    comment_id,
                    report,
                    pledge,
                    parent,
                    user,
                    "" if user else self.nickname(),
                    rng.choice(words.REPLIES if parent else words.COMMENTS),
                    status,
                    reason,
                    published if status != ReviewStatus.PENDING else None,
                    published,
                    self.stamp(created),
                )
            )
        if not count:
            return 0
        return sum(1 for row in self.rows[-count:] if row[7] == ReviewStatus.APPROVED)

    def decide(self, created: int) -> tuple[str, str]:
        roll = self.rng.random()
        if self.now - created < 36 * HOUR and roll < 0.6:
            return ReviewStatus.PENDING, ""  # still in the review window
        if roll < 0.03:
            return ReviewStatus.REJECTED, self.rng.choice(REJECT_REASONS)
        return ReviewStatus.APPROVED, ""

    def nickname(self) -> str:
        rng = self.rng
        return rng.choice(words.NICKNAME_WORDS) + rng.choice(words.NICKNAME_SUFFIXES)

    def flush(self) -> None:
        self.written += self.writer.write(self.rows)
        self.rows = []
