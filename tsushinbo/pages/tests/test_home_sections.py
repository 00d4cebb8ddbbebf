from __future__ import annotations

import datetime

from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tsushinbo.activities.tests.base import make_comment, make_report
from tsushinbo.integrity.voters import Voter
from tsushinbo.moderation.models import ReviewStatus
from tsushinbo.rankings.refresh import refresh_rankings
from tsushinbo.ratings.actions import cast_vote
from tsushinbo.surveys.tests.test_surveys import make_survey
from tsushinbo.testing import BaseTestCase, make_election, make_pledge, make_politician

CACHED_HOME_QUERIES = 0  # the whole page comes from the cache


def vote(pledge: object, n: int, polarity: str = "good") -> None:
    voter = Voter(user=None, key=f"home-{n}", network_key="net")
    cast_vote(pledge=pledge, voter=voter, polarity=polarity, reason="clarity")  # type: ignore[arg-type]


@override_settings(RANKING_MIN_VOTES=2, VOTE_POW=False)
class HomeSectionsTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.politician = make_politician(family_name="本田", given_name="一郎")
        self.pledge = make_pledge(politician=self.politician, title="図書館を24時間開館します")
        for n in range(3):
            vote(self.pledge, n)
        refresh_rankings()
        self.report = make_report(self.politician, title="議会で図書館について質問")
        make_comment(self.report)
        make_election(
            name="未来市長選挙", vote_date=timezone.localdate() + datetime.timedelta(days=9)
        )
        make_survey(question="図書館の開館時間を延ばすべきですか？")

    def test_it_shows_every_section_with_real_data(self) -> None:
        r = self.client.get("/")
        sections = {
            "search": '<form class="home-search" action="/search/"',
            "新着の活動報告": "議会で図書館について質問",
            "人気のある活動報告": 'id="popular-reports-heading"',
            "ranking excerpt": "図書館を24時間開館します",
            "politician ranking": "本田一郎",
            "今後の選挙": "未来市長選挙",
            "open survey": "図書館の開館時間を延ばすべきですか？",
            "random": 'href="/random/"',
        }
        for name, text in sections.items():
            self.assertContains(r, text, msg_prefix=name)
        content = r.content.decode()
        popular = content[content.index('id="popular-reports-heading"') :]
        self.assertIn("議会で図書館について質問", popular[: popular.index("</section>")])
        self.assertContains(r, "n=3")
        self.assertContains(r, "あと9日")

    def test_anonymous_visitors_get_a_cached_page_that_writes_make_fresh(self) -> None:
        writes = {
            "a vote": (lambda: vote(self.pledge, 99, "bad"), "支持 3P・不支持 1P"),
            "a new public report": (
                lambda: make_report(self.politician, title="新しい活動報告"),
                "新しい活動報告",
            ),
            "an approved comment": (lambda: make_comment(self.report), "（直近7日 2件）"),
            "a new election": (
                lambda: make_election(name="別の選挙", vote_date=timezone.localdate()),
                "別の選挙",
            ),
            "a new survey": (lambda: make_survey(question="別のアンケート"), "別のアンケート"),
            "a new pledge": (
                lambda: make_pledge(politician=self.politician, title="別の公約"),
                "別の公約",
            ),
        }
        for name, (write, shown) in writes.items():
            with self.subTest(write=name):
                self.client.get("/")
                with self.assertNumQueries(CACHED_HOME_QUERIES):
                    self.assertNotContains(self.client.get("/"), shown)
                with self.captureOnCommitCallbacks(execute=True):
                    write()
                with CaptureQueriesContext(connection) as queries:
                    r = self.client.get("/")
                self.assertGreater(len(queries.captured_queries), CACHED_HOME_QUERIES)
                self.assertContains(r, shown)

    def test_a_visitor_with_a_message_still_sees_it_on_the_cached_page(self) -> None:
        self.client.get("/")  # the whole page is cached now
        storage, carrier = CookieStorage(HttpRequest()), HttpResponse()
        storage.add(constants.SUCCESS, "評価を受け付けました。")
        storage.update(carrier)
        self.client.cookies["messages"] = carrier.cookies["messages"].value
        with self.assertNumQueries(1):  # only the demo-banner check: the body is cached
            r = self.client.get("/")
        self.assertContains(r, "評価を受け付けました。")
        self.assertContains(r, "新着の活動報告")

    def test_a_rejected_comment_or_a_pending_report_is_never_shown(self) -> None:
        make_report(self.politician, title="確認待ちの報告", status=ReviewStatus.PENDING)
        r = self.client.get("/")
        self.assertNotContains(r, "確認待ちの報告")

    def test_members_get_a_fresh_page(self) -> None:
        self.client.force_login(self.alice)
        self.client.get("/")
        make_pledge(politician=self.politician, title="会員に見える新しい公約")
        r = self.client.get("/")  # no on-commit callback ran: only a fresh render shows it
        self.assertContains(r, "会員に見える新しい公約")
        self.assertContains(r, "マイページ")
