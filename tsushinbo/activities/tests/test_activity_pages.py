from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from tsushinbo.activities.models import ActivityReport
from tsushinbo.activities.tests.base import ActivityTestCase, make_report
from tsushinbo.comments.models import Comment
from tsushinbo.moderation.models import ReviewStatus
from tsushinbo.politicians.models import Politician
from tsushinbo.testing import make_pledge, make_politician

# Page COUNT, one page of reports (politician, party, poster, 「公約」 badge), demo banner.
LIST_QUERIES = 3
# The politician, then as the list.
POLITICIAN_LIST_QUERIES = 4
# Reports picked by a windowed comment count, demo banner.
POPULAR_QUERIES = 2
# Report with politician and poster, its visible pledges, its comments, demo banner.
DETAIL_QUERIES = 4


def bulk_reports(politician: Politician, n: int, **fields: Any) -> list[ActivityReport]:
    now = timezone.now()
    return ActivityReport.objects.bulk_create(
        ActivityReport(
            politician=politician,
            title=f"一括{i}",
            date=datetime.date(2026, 4, 1),
            body="本文",
            status=ReviewStatus.APPROVED,
            published_at=now - datetime.timedelta(minutes=i),
            **fields,
        )
        for i in range(n)
    )


class ActivityListTestCase(ActivityTestCase):
    def test_it_lists_public_reports_newest_first(self) -> None:
        now = timezone.now()
        make_report(
            self.politician, title="古い報告", published_at=now - datetime.timedelta(days=2)
        )
        make_report(self.politician, title="新しい報告", published_at=now)
        make_report(self.politician, title="確認待ちの報告", status=ReviewStatus.PENDING)
        make_report(self.politician, title="却下された報告", status=ReviewStatus.REJECTED)
        make_report(self.politician, title="非表示の報告", is_hidden=True)
        r = self.client.get("/activities/")
        content = r.content.decode()
        self.assertLess(content.index("新しい報告"), content.index("古い報告"))
        for hidden in ["確認待ちの報告", "却下された報告", "非表示の報告"]:
            self.assertNotContains(r, hidden)
        self.assertContains(r, 'href="/feeds/activities/"')

    def test_it_marks_reports_linked_to_a_pledge(self) -> None:
        pledge = make_pledge(politician=self.politician)
        make_report(self.politician, title="公約つき", pledges=[pledge])
        r = self.client.get("/activities/")
        self.assertContains(
            r,
            '<span class="badge badge-pledge" title="公約に関連する活動です">公約</span>',
            count=1,
            html=True,
        )

    def test_it_pages_the_list(self) -> None:
        bulk_reports(self.politician, 25)
        r = self.client.get("/activities/?page=2")
        self.assertContains(r, "2 / 2 ページ")
        self.assertContains(r, "一括24")
        self.assertNotContains(r, "一括0<")
        r = self.client.get("/activities/?page=99")
        self.assertContains(r, "指定されたページはありません。")

    def test_it_runs_the_same_queries_for_3_and_300_rows(self) -> None:
        pledge = make_pledge(politician=self.politician)
        for n in (3, 297):
            for report in bulk_reports(self.politician, n, posted_by=self.alice):
                report.pledges.add(pledge)
            with self.assertNumQueries(LIST_QUERIES):
                self.client.get("/activities/")
            with self.assertNumQueries(POLITICIAN_LIST_QUERIES):
                self.client.get(f"/politicians/{self.politician.pk}/activities/")
            with self.assertNumQueries(POPULAR_QUERIES):
                self.client.get("/activities/popular/")


class PoliticianActivitiesTestCase(ActivityTestCase):
    def test_it_lists_one_politicians_reports_with_pagination(self) -> None:
        bulk_reports(self.politician, 21)
        make_report(make_politician(family_name="他人"), title="他の政治家の報告")
        r = self.client.get(f"/politicians/{self.politician.pk}/activities/")
        self.assertContains(r, "山田太郎の活動報告")
        self.assertContains(r, "21件")
        self.assertNotContains(r, "他の政治家の報告")
        self.assertContains(r, 'rel="next" href="?page=2"')
        self.assertContains(
            self.client.get(f"/politicians/{self.politician.pk}/activities/?page=2"), "一括20"
        )
        self.assertEqual(self.client.get("/politicians/999999/activities/").status_code, 404)

    def test_the_profile_shows_recent_reports_and_links_to_all(self) -> None:
        bulk_reports(self.politician, 7)
        make_report(self.politician, title="確認待ち", status=ReviewStatus.PENDING)
        r = self.client.get(f"/politicians/{self.politician.pk}/")
        self.assertContains(r, "活動報告（7件）")
        self.assertContains(r, "一括0")
        self.assertContains(r, "一括4")
        self.assertNotContains(r, "一括5")
        self.assertNotContains(r, "確認待ち</a>")
        self.assertContains(r, f'href="/politicians/{self.politician.pk}/activities/"')


class ActivityDetailTestCase(ActivityTestCase):
    def test_it_shows_the_report_with_paragraphs_and_safe_links(self) -> None:
        report = make_report(
            self.politician,
            title="<i>委員会</i>で質問",
            body="一段落目。詳しくは https://example.com/a?b=1 を参照。\n\n二段落目<script>x</script>\n次の行 javascript:alert(1)",
            posted_by=self.frank,
        )
        r = self.client.get(f"/activities/{report.pk}/")
        self.assertContains(r, "&lt;i&gt;委員会&lt;/i&gt;で質問")
        self.assertContains(
            r,
            '<a href="https://example.com/a?b=1" rel="nofollow ugc noopener" target="_blank">https://example.com/a?b=1</a>',
            html=True,
        )
        self.assertContains(r, "<p>一段落目。")
        self.assertContains(
            r, "二段落目&lt;script&gt;x&lt;/script&gt;<br>次の行 javascript:alert(1)</p>"
        )
        self.assertNotContains(r, 'href="javascript:')
        self.assertContains(
            r,
            '<span class="badge badge-verified" title="本人確認済みのアカウントです">本人</span>',
            html=True,
        )
        self.assertContains(r, "2026年4月1日")

    def test_it_lists_linked_pledges_and_the_pledge_page_lists_the_report(self) -> None:
        pledge = make_pledge(politician=self.politician, title="待機児童ゼロ")
        report = make_report(self.politician, title="保育所の視察", pledges=[pledge])
        make_report(
            self.politician, title="確認待ちの視察", pledges=[pledge], status=ReviewStatus.PENDING
        )
        r = self.client.get(f"/activities/{report.pk}/")
        self.assertContains(r, "関連する公約")
        self.assertContains(r, f'<a href="/pledges/{pledge.pk}/">待機児童ゼロ</a>', html=True)
        page = self.client.get(f"/pledges/{pledge.pk}/")
        self.assertContains(page, "活動1件")
        self.assertContains(
            page, "山田太郎さんは「待機児童ゼロ」を実現するために以下の活動を行いました。"
        )
        self.assertContains(page, "保育所の視察")
        self.assertNotContains(page, "確認待ちの視察")

    def test_it_hides_unpublished_reports_from_everyone_but_their_poster_and_moderators(
        self,
    ) -> None:
        for status in (ReviewStatus.PENDING, ReviewStatus.REJECTED):
            with self.subTest(status=status):
                report = make_report(self.politician, status=status, posted_by=self.alice)
                url = f"/activities/{report.pk}/"
                self.client.logout()
                self.assertEqual(self.client.get(url).status_code, 404)
                self.client.force_login(self.bob)
                self.assertEqual(self.client.get(url).status_code, 404)
                self.client.force_login(self.alice)
                label = "確認待ち" if status == ReviewStatus.PENDING else "却下"
                self.assertContains(self.client.get(url), label)
                self.client.force_login(self.erin)
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_it_runs_the_same_queries_for_3_and_300_comments(self) -> None:
        report = make_report(self.politician, pledges=[make_pledge(politician=self.politician)])
        for n in (3, 297):
            Comment.objects.bulk_create(
                Comment(
                    report=report,
                    nickname="x",
                    body="b",
                    status="approved",
                    published_at=timezone.now(),
                )
                for _ in range(n)
            )
            with self.assertNumQueries(DETAIL_QUERIES):
                r = self.client.get(f"/activities/{report.pk}/")
            self.assertEqual(r.status_code, 200)
