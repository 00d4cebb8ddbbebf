from __future__ import annotations

import datetime

from django.core.cache import cache
from django.utils import timezone

from tsushinbo.activities import actions
from tsushinbo.activities.tests.base import ActivityTestCase, make_comment, make_report
from tsushinbo.moderation.models import RejectReason, ReviewStatus
from tsushinbo.news.queries import news_box_entries


class HomeTestCase(ActivityTestCase):
    def test_it_shows_new_and_popular_reports(self) -> None:
        now = timezone.now()
        quiet = make_report(self.politician, title="最新の報告", published_at=now)
        busy = make_report(
            self.politician, title="話題の報告", published_at=now - datetime.timedelta(days=3)
        )
        make_report(self.politician, title="確認待ちの報告", status=ReviewStatus.PENDING)
        make_comment(busy)
        make_comment(busy)
        make_comment(quiet, status=ReviewStatus.PENDING)
        r = self.client.get("/")
        self.assertContains(r, "新着の活動報告")
        self.assertContains(r, "人気のある活動報告")
        self.assertContains(r, "最新の報告")
        self.assertContains(r, "（直近7日 2件）")
        self.assertNotContains(r, "確認待ちの報告")
        self.assertContains(r, 'href="/activities/popular/"')
        self.assertContains(r, '<a href="/activities/">活動報告</a>', html=True)


class NewsBoxTestCase(ActivityTestCase):
    def test_the_box_shows_public_reports_and_follows_decisions_at_once(self) -> None:
        report = make_report(self.politician, title="審査中の報告", status=ReviewStatus.PENDING)
        cache.clear()
        self.assertEqual(news_box_entries(), [])
        with self.captureOnCommitCallbacks(execute=True):
            actions.approve_report(actor=self.erin, report=report)
        entries = news_box_entries()
        self.assertEqual(
            [(e.kind, e.title, e.url) for e in entries],
            [("活動報告", "山田太郎：審査中の報告", f"/activities/{report.pk}/")],
        )
        r = self.client.get("/politicians/")
        self.assertContains(r, '<span class="badge">活動報告</span>', html=True)
        with self.captureOnCommitCallbacks(execute=True):
            actions.reject_report(actor=self.erin, report=report, reason=RejectReason.OTHER)
        self.assertEqual(news_box_entries(), [])
