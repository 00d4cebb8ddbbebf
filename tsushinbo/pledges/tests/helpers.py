"""Form data and small builders for the pledges tests."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from tsushinbo.accounts.models import User
from tsushinbo.pledges import actions
from tsushinbo.pledges.actions import Evidence, PledgeContent
from tsushinbo.pledges.models import Pledge, PledgeRevision, ProgressReport


def pledge_data(**fields: Any) -> dict[str, Any]:
    """What a member types into the add/edit form."""
    data: dict[str, Any] = {
        "title": "学校給食費を無償化します",
        "body": "市内の小中学校の給食費を無償にします。",
        "source_url": "https://example.com/senkyo-koho",
        "deadline": "",
        "election": "",
    }
    return data | fields


def progress_data(**fields: Any) -> dict[str, Any]:
    """What a member types into the progress form (one evidence row)."""
    data: dict[str, Any] = {
        "status": "in_progress",
        "percent": "40",
        "note": "2025年度予算に関連経費が計上された。",
        "evidence_url_1": "https://example.com/yosan-2025",
        "evidence_date_1": "2025-03-01",
    }
    return data | fields


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def content_of(pledge: Pledge, **changes: Any) -> PledgeContent:
    fields: dict[str, Any] = {
        "title": pledge.title,
        "body": pledge.body,
        "source_url": pledge.source_url,
        "categories": list(pledge.categories.all()),
        "election": pledge.election,
        "deadline": pledge.deadline,
    }
    return PledgeContent(**(fields | changes))


def edit(author: User, pledge: Pledge, summary: str = "編集", **changes: Any) -> PledgeRevision:
    return actions.edit_pledge(
        author=author, pledge=pledge, content=content_of(pledge, **changes), summary=summary
    )


def report(
    author: User,
    pledge: Pledge,
    *,
    status: str = "in_progress",
    percent: int = 40,
    evidence_date: datetime.date | None = None,
    url: str = "https://example.com/evidence",
) -> ProgressReport:
    return actions.post_progress_report(
        author=author,
        pledge=pledge,
        status=status,
        percent=percent,
        note="",
        evidence=[Evidence(url=url, date=evidence_date or days_ago(10))],
    )
