from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError

from tsushinbo.accounts.permissions import Role
from tsushinbo.audit.models import AuditEntry
from tsushinbo.pledges import actions
from tsushinbo.pledges.models import (
    Pledge,
    ProgressEvidence,
    ProgressReport,
    ProgressStatus,
    ReviewStatus,
)
from tsushinbo.pledges.tests.helpers import days_ago, progress_data, report
from tsushinbo.pledges.tests.test_pledge_page import DETAIL_QUERIES
from tsushinbo.testing import BaseTestCase, make_pledge, make_politician, make_user

# The pledge page with approved reports: what it needs without them
# (test_pledge_page.py), plus the newest reports (author joined) and their evidence.
DETAIL_WITH_REPORTS_QUERIES = DETAIL_QUERIES + 2
# Pledge with owner, COUNT, one page of reports (author joined), evidence, demo banner.
LIST_QUERIES = 5


class ProgressTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.politician = make_politician(family_name="渡具知", given_name="武豊")
        self.pledge = make_pledge(politician=self.politician, title="学校給食費を無償化します")
        self.url = f"/pledges/{self.pledge.pk}/progress/new/"

    def page(self) -> str:
        return self.client.get(f"/pledges/{self.pledge.pk}/").content.decode()

    def test_it_shows_the_form(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "進捗の報告")
        self.assertContains(r, 'name="evidence_url_1"')
        self.assertContains(r, 'type="date" name="evidence_date_1"')
        self.assertContains(r, "モデレーターが根拠を確認してから公開")
        self.assertNotContains(r, '<option value="not_rated"')

    def test_it_sends_visitors_to_login(self) -> None:
        r = self.client.get(self.url)
        self.assertRedirects(r, f"/accounts/login/?next={self.url}", fetch_redirect_response=False)

    def test_it_explains_bad_input_in_japanese(self) -> None:
        self.client.force_login(self.alice)
        tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
        cases = [
            ({"percent": "101"}, "進捗率は0から100までの整数で入力してください。"),
            ({"percent": "-1"}, "進捗率は0から100までの整数で入力してください。"),
            ({"percent": "半分"}, "進捗率は0から100までの整数で入力してください。"),
            ({"status": ""}, "進捗状況を選んでください。"),
            ({"status": "not_rated"}, "進捗状況の指定が正しくありません。"),
            (
                {"evidence_url_1": "javascript:alert(1)"},
                "http:// または https:// で始まるURLを入力してください。",
            ),
            (
                {"evidence_url_1": "ftp://example.com/a"},
                "http:// または https:// で始まるURLを入力してください。",
            ),
            (
                {"evidence_url_1": "", "evidence_date_1": ""},
                "根拠のURLと日付を1件以上入力してください。",
            ),
            ({"evidence_date_1": ""}, "この根拠の日付（いつの情報か）を入力してください。"),
            ({"evidence_url_1": ""}, "この日付の根拠となるURLを入力してください。"),
            (
                {"evidence_date_1": "2025/3/1"},
                "日付は 2026-03-31 のように「年-月-日」の形で入力してください。",
            ),
            ({"evidence_date_1": tomorrow}, "根拠の日付に未来の日付は指定できません。"),
        ]
        for fields, message in cases:
            with self.subTest(fields=fields):
                r = self.client.post(self.url, progress_data(**fields))
                self.assertContains(r, message, status_code=200)
        self.assertFalse(ProgressReport.objects.exists())

    def test_the_action_refuses_bad_reports_too(self) -> None:
        for kwargs in (
            {"percent": 120},
            {"status": "not_rated"},
            {"url": "javascript:alert(1)"},
        ):
            with self.subTest(kwargs=kwargs), self.assertRaises(ValidationError):
                report(self.dave, self.pledge, **kwargs)  # type: ignore[arg-type]

    def test_a_members_report_waits_and_moves_nothing(self) -> None:
        self.client.force_login(self.alice)
        r = self.client.post(self.url, progress_data())
        self.assertRedirects(
            r, f"/pledges/{self.pledge.pk}/#progress-heading", fetch_redirect_response=False
        )
        saved = ProgressReport.objects.get()
        self.assertEqual(saved.review_status, ReviewStatus.PENDING)
        self.assertEqual(saved.evidence_date, datetime.date(2025, 3, 1))
        page = self.page()
        self.assertIn("進捗の報告を受け付けました。モデレーターの確認後に公開されます。", page)
        self.assertIn("現在の進捗度・達成度:0%", page)
        self.assertIn("進捗0件", page)
        self.assertNotIn("yosan-2025", page)
        self.assertNotIn("2025年度予算", page)
        self.assertNotIn(
            "yosan-2025", self.client.get(f"/pledges/{self.pledge.pk}/progress/").content.decode()
        )

    def test_trusted_members_and_the_politician_publish_directly(self) -> None:
        office = make_user("office", "事務所", Role.MEMBER, politician=self.politician)
        for author in (self.dave, office):
            with self.subTest(author=author.username):
                self.client.force_login(author)
                self.client.post(self.url, progress_data())
        self.assertEqual(ProgressReport.objects.approved().count(), 2)
        self.pledge.refresh_from_db()
        self.assertEqual(self.pledge.progress_count, 2)
        self.assertIn(">本人</span>", self.page())

    def test_members_past_their_first_contributions_still_wait(self) -> None:
        with self.settings(NEW_MEMBER_REVIEW_EDITS=0):
            self.assertEqual(report(self.alice, self.pledge).review_status, ReviewStatus.PENDING)

    def test_approval_moves_the_pledge_and_shows_the_timeline(self) -> None:
        self.client.force_login(self.alice)
        self.client.post(
            self.url,
            progress_data(
                evidence_url_2="http://example.com/gikai",
                evidence_date_2="2025-02-10",
            ),
        )
        actions.approve_progress_report(moderator=self.erin, item=ProgressReport.objects.get())
        Pledge.objects.filter(pk=self.pledge.pk).update(votes_good=56, votes_bad=7)
        self.assertTrue(AuditEntry.objects.filter(action="progress_report.approve").exists())
        self.client.logout()
        page = self.page()
        self.assertIn("現在の進捗度・達成度:40%", page)
        self.assertIn('<span class="badge">進行中</span>', page)
        self.assertIn("2025年3月1日</time>時点の根拠による", page)
        self.assertIn("進捗1件", page)
        self.assertIn('href="https://example.com/yosan-2025" rel="nofollow ugc noopener"', page)
        self.assertIn('href="http://example.com/gikai" rel="nofollow ugc noopener"', page)
        self.assertIn("2025年2月10日", page)
        self.assertIn("この公約・政策は56人が良いと考えていますが、40%の進捗率です。", page)
        pledge = Pledge.objects.get(pk=self.pledge.pk)
        self.assertEqual(pledge.progress_date, datetime.date(2025, 3, 1))

    def test_the_newest_evidence_sets_the_status(self) -> None:
        newer = report(
            self.dave, self.pledge, status="partly_done", percent=60, evidence_date=days_ago(5)
        )
        older = report(
            self.alice, self.pledge, status="stalled", percent=10, evidence_date=days_ago(50)
        )
        actions.approve_progress_report(moderator=self.erin, item=older)
        self.pledge.refresh_from_db()
        self.assertEqual(self.pledge.progress_status, ProgressStatus.PARTLY_DONE)
        self.assertEqual(self.pledge.progress_percent, 60)
        self.assertEqual(self.pledge.progress_count, 2)
        page = self.page()
        self.assertLess(
            page.index(f'id="progress-{newer.pk}"'), page.index(f'id="progress-{older.pk}"')
        )

    def test_done_clears_the_overdue_mark(self) -> None:
        Pledge.objects.filter(pk=self.pledge.pk).update(deadline=days_ago(30))
        self.assertIn("期限超過", self.page())
        report(self.dave, self.pledge, status="done", percent=100)
        self.assertNotIn("期限超過", self.page())

    def test_rejected_reports_stay_hidden(self) -> None:
        pending = report(self.alice, self.pledge, url="https://example.com/wrong")
        actions.reject_progress_report(
            moderator=self.erin, item=pending, reason="根拠が確認できない"
        )
        self.assertNotIn("example.com/wrong", self.page())
        self.pledge.refresh_from_db()
        self.assertEqual(self.pledge.progress_count, 0)

    def test_it_never_links_non_web_evidence_from_bulk_inserts(self) -> None:
        saved = report(self.dave, self.pledge)
        ProgressEvidence.objects.filter(report=saved).update(url="javascript:alert(1)")
        page = self.page()
        self.assertNotIn('href="javascript:', page)

    def test_it_escapes_the_note(self) -> None:
        self.client.force_login(self.dave)
        self.client.post(self.url, progress_data(note="<script>alert(1)</script>"))
        page = self.page()
        self.assertNotIn("<script>alert(1)", page)
        self.assertIn("&lt;script&gt;", page)

    def test_pending_pledges_take_no_reports(self) -> None:
        pending = make_pledge(politician=self.politician, review_status=ReviewStatus.PENDING)
        self.client.force_login(self.dave)
        self.assertEqual(self.client.get(f"/pledges/{pending.pk}/progress/new/").status_code, 404)
        with self.assertRaises(ValidationError):
            report(self.dave, pending)

    def test_the_pledge_page_links_to_all_reports_when_there_are_many(self) -> None:
        for day in range(12):
            report(self.dave, self.pledge, evidence_date=days_ago(day + 1))
        page = self.page()
        self.assertIn("進捗12件", page)
        self.assertIn(f'href="/pledges/{self.pledge.pk}/progress/"', page)
        listing = self.client.get(f"/pledges/{self.pledge.pk}/progress/")
        self.assertContains(listing, "進捗12件")
        self.assertContains(listing, 'class="progress-entry"', count=12)

    def test_pages_use_the_same_number_of_queries_for_3_and_300_reports(self) -> None:
        for n in (3, 300):
            with self.subTest(n=n):
                pledge = make_pledge(politician=self.politician, title=f"公約{n}")
                reports = ProgressReport.objects.bulk_create(
                    ProgressReport(
                        pledge=pledge,
                        author=self.dave,
                        status="in_progress",
                        percent=i % 101,
                        evidence_date=days_ago(i + 1),
                        review_status=ReviewStatus.APPROVED,
                    )
                    for i in range(n)
                )
                ProgressEvidence.objects.bulk_create(
                    ProgressEvidence(
                        report=r, url=f"https://example.com/{r.pk}", date=r.evidence_date
                    )
                    for r in reports
                )
                Pledge.objects.filter(pk=pledge.pk).update(progress_count=n)
                with self.assertNumQueries(DETAIL_WITH_REPORTS_QUERIES):
                    r = self.client.get(f"/pledges/{pledge.pk}/")
                self.assertContains(r, f"https://example.com/{reports[0].pk}")
                with self.assertNumQueries(LIST_QUERIES):
                    r = self.client.get(f"/pledges/{pledge.pk}/progress/")
                self.assertContains(r, f"進捗{n}件")
