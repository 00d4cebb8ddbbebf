"""Builders for activity reports and comments, shared by the issue-6 apps' tests."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.utils import timezone

from tsushinbo.accounts.models import User
from tsushinbo.accounts.permissions import Role
from tsushinbo.activities.models import ActivityReport
from tsushinbo.comments.models import Comment
from tsushinbo.moderation.models import ReviewStatus
from tsushinbo.politicians.models import Politician
from tsushinbo.testing import BaseTestCase, make_politician, make_user

_serial = itertools.count(1)


def make_report(politician: Politician | None = None, **fields: Any) -> ActivityReport:
    """An approved (public) report unless `status` says otherwise."""
    n = next(_serial)
    status = fields.pop("status", ReviewStatus.APPROVED)
    defaults: dict[str, Any] = {
        "politician": politician or make_politician(),
        "title": f"活動報告その{n}",
        "date": datetime.date(2026, 4, 1),
        "body": "議会で子育て支援について質問しました。",
        "source_url": f"https://example.com/reports/{n}",
        "status": status,
        "published_at": timezone.now() if status == ReviewStatus.APPROVED else None,
    }
    pledges = fields.pop("pledges", [])
    report = ActivityReport.objects.create(**(defaults | fields))
    if pledges:
        report.pledges.set(pledges)
    return report


def make_comment(target: Any, **fields: Any) -> Comment:
    """An approved comment on a report or a pledge unless `status` says otherwise."""
    status = fields.pop("status", ReviewStatus.APPROVED)
    field = Comment.target_field(target)
    defaults: dict[str, Any] = {
        field: target,
        "nickname": "通りすがり",
        "body": f"コメント{next(_serial)}",
        "status": status,
        "published_at": timezone.now() if status == ReviewStatus.APPROVED else None,
    }
    return Comment.objects.create(**(defaults | fields))


class ActivityTestCase(BaseTestCase):
    """Adds frank, the verified account of the politician 山田太郎."""

    frank: User
    politician: Politician

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.politician = make_politician(family_name="山田", given_name="太郎")
        cls.frank = make_user("frank", "山田事務所", Role.MEMBER, politician=cls.politician)
