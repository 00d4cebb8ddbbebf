"""Builders for the API tests: public and non-public rows of every kind, in bulk."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Sequence
from typing import Any

from django.db.models import Model
from django.test import Client, override_settings
from django.utils import timezone

from tsushinbo.activities.models import ActivityReport
from tsushinbo.comments.models import Comment
from tsushinbo.elections.models import Candidacy, Election
from tsushinbo.moderation.models import ReviewStatus
from tsushinbo.pledges.models import (
    Category,
    Pledge,
    ProgressEvidence,
    ProgressReport,
)
from tsushinbo.pledges.models import ReviewStatus as PledgeReview
from tsushinbo.politicians.models import OfficeKind, Party, PartyMembership, Politician
from tsushinbo.surveys.models import Survey, SurveyOption
from tsushinbo.testing import BaseTestCase, make_election, make_party, make_politician

_sequence = itertools.count(1)
DAY = datetime.date(2026, 4, 1)


def api_client(**extra: Any) -> Client:
    return Client(REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="curl/8.5", **extra)


def _bulk(model: type[Model], rows: Sequence[Model]) -> list[Any]:
    return model.objects.bulk_create(rows)  # type: ignore[attr-defined]


def politicians(count: int, party: Party) -> list[Politician]:
    rows = []
    for _ in range(count):
        n = next(_sequence)
        rows.append(
            Politician(
                family_name="佐藤",
                given_name=f"次郎{n}",
                family_name_kana="さとう",
                given_name_kana="じろう",
                sort_kana=f"さとう じろう{n:06d}",
                office=OfficeKind.MAYOR,
                prefecture=47,
                municipality="名護市",
                party=party,
            )
        )
    return _bulk(Politician, rows)


def parties(count: int) -> list[Party]:
    return _bulk(
        Party,
        [
            Party(name=f"一括党{n}", slug=f"bulk-{n}")
            for n in (next(_sequence) for _ in range(count))
        ],
    )


def memberships(count: int, politician: Politician, party: Party) -> list[PartyMembership]:
    return _bulk(
        PartyMembership,
        [PartyMembership(politician=politician, party=party, role="党員") for _ in range(count)],
    )


def pledges(count: int, politician: Politician, **fields: Any) -> list[Pledge]:
    category, _ = Category.objects.get_or_create(name="子育て", slug="kosodate")
    rows = _bulk(
        Pledge,
        [
            Pledge(
                politician=politician,
                title=f"一括公約{next(_sequence)}",
                source_url="https://example.com/p",
                votes_good=3,
                votes_good_clarity=3,
                votes_good_registered=1,
                **fields,
            )
            for _ in range(count)
        ],
    )
    through = Pledge.categories.through
    through.objects.bulk_create(
        [through(pledge_id=row.pk, category_id=category.pk) for row in rows]
    )
    return rows


def progress_reports(count: int, pledge: Pledge, **fields: Any) -> list[ProgressReport]:
    defaults: dict[str, Any] = {
        "pledge": pledge,
        "status": "in_progress",
        "percent": 40,
        "note": "予算が付いた",
        "evidence_date": DAY,
        "published_at": timezone.now(),
        "review_status": PledgeReview.APPROVED,
    }
    rows = _bulk(ProgressReport, [ProgressReport(**defaults | fields) for _ in range(count)])
    _bulk(
        ProgressEvidence,
        [ProgressEvidence(report=row, url="https://example.com/e", date=DAY) for row in rows],
    )
    return rows


def activities(
    count: int, politician: Politician, pledge: Pledge | None = None, **fields: Any
) -> list[ActivityReport]:
    rows = _bulk(
        ActivityReport,
        [
            ActivityReport(
                **{
                    "politician": politician,
                    "title": f"活動{next(_sequence)}",
                    "date": DAY,
                    "body": "駅前で演説しました。",
                    "status": ReviewStatus.APPROVED,
                    "published_at": timezone.now(),
                }
                | fields
            )
            for _ in range(count)
        ],
    )
    if pledge is not None:
        through = ActivityReport.pledges.through
        through.objects.bulk_create(
            [through(activityreport_id=row.pk, pledge_id=pledge.pk) for row in rows]
        )
    return rows


def comments(count: int, **fields: Any) -> list[Comment]:
    return _bulk(
        Comment,
        [
            Comment(
                **{
                    "body": f"コメント{next(_sequence)}",
                    "status": ReviewStatus.APPROVED,
                    "published_at": timezone.now(),
                    "nickname": "通りすがり",
                }
                | fields
            )
            for _ in range(count)
        ],
    )


def elections(count: int) -> list[Election]:
    return _bulk(
        Election,
        [
            Election(
                name=f"選挙{next(_sequence)}", kind="mayor", scope="municipality", vote_date=DAY
            )
            for _ in range(count)
        ],
    )


def candidacies(count: int, election: Election, party: Party) -> list[Candidacy]:
    people = politicians(count, party)
    return _bulk(
        Candidacy,
        [
            Candidacy(election=election, politician=person, party=party, votes=100, rank=1)
            for person in people
        ],
    )


def surveys(count: int, **fields: Any) -> list[Survey]:
    defaults: dict[str, Any] = {"opens_at": timezone.now() - datetime.timedelta(days=1)}
    rows = _bulk(
        Survey,
        [
            Survey(**defaults | {"question": f"質問{next(_sequence)}"} | fields)
            for _ in range(count)
        ],
    )
    _bulk(
        SurveyOption,
        [SurveyOption(survey=row, label=label) for row in rows for label in ("はい", "いいえ")],
    )
    return rows


@override_settings(VOTE_POW=False, COMMENT_POW=False, API_MAX_PAGE_SIZE=500)
class ApiTestCase(BaseTestCase):
    """Proof of work off except where a test turns it on (test_writes.py)."""

    def setUp(self) -> None:
        super().setUp()
        self.party = make_party(name="未来党", slug="mirai")
        self.politician = make_politician(party=self.party)
        self.election = make_election()

    def get_json(self, url: str, status: int = 200, client: Client | None = None) -> Any:
        response = (client or api_client()).get(url)
        self.assertEqual(response.status_code, status, response.content[:500])
        self.assertTrue(response["Content-Type"].startswith("application/json"))
        return response.json()
