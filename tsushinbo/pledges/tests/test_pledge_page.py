from __future__ import annotations

import datetime

from django.utils import timezone

from tsushinbo.accounts.permissions import Role
from tsushinbo.pledges.models import Category, Pledge, ProgressStatus, ReviewStatus
from tsushinbo.politicians.models import OfficeKind
from tsushinbo.testing import (
    BaseTestCase,
    make_election,
    make_party,
    make_pledge,
    make_politician,
    make_user,
)

# Pledge with owner, election and creator; categories; demo-banner check.
# (+1: the site statistics behind the 評価 section, tsushinbo/ratings/tests.)
# (+2, issue 6: the linked activity reports and the approved comments.)
# A pledge with approved progress reports adds two (test_progress.py); without
# them the progress_count counter saves those queries.
DETAIL_QUERIES = 6


class PledgePageTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.party = make_party(name="みらい党", short_name="みらい", slug="mirai")
        self.politician = make_politician(
            family_name="渡具知",
            given_name="武豊",
            family_name_kana="とぐち",
            given_name_kana="たけとよ",
            office=OfficeKind.MAYOR,
            prefecture=47,
            municipality="名護市",
            party=self.party,
        )
        self.election = make_election(name="名護市長選挙", vote_date=datetime.date(2022, 9, 11))
        self.pledge = make_pledge(
            politician=self.politician,
            title="学校給食費を無償化します",
            body="小中学校の給食費を無償にします。\n\n財源はふるさと納税を充てます。",
            source_url="https://example.com/koyaku",
            election=self.election,
            deadline=datetime.date(2030, 3, 31),
            progress_status=ProgressStatus.IN_PROGRESS,
            progress_percent=40,
            created_by=self.alice,
        )
        self.pledge.categories.add(Category.objects.create(name="子育て", slug="kosodate"))

    def url(self, pledge: Pledge | None = None) -> str:
        return f"/pledges/{(pledge or self.pledge).pk}/"

    def test_it_shows_the_pledge(self) -> None:
        r = self.client.get(self.url())
        self.assertContains(r, "<h1", status_code=200)
        self.assertContains(r, "学校給食費を無償化します")
        self.assertContains(r, "<p>小中学校の給食費を無償にします。</p>", html=True)
        self.assertContains(r, "<p>財源はふるさと納税を充てます。</p>", html=True)
        self.assertContains(r, "子育て")
        self.assertContains(r, "進行中")
        self.assertContains(r, "現在の進捗度・達成度:40%")
        self.assertContains(r, 'value="40"')

    def test_it_shows_the_politician_owner_with_role_and_party(self) -> None:
        r = self.client.get(self.url())
        self.assertContains(r, "名護市 市長")
        self.assertContains(r, f'href="/politicians/{self.politician.pk}/"')
        self.assertContains(r, "渡具知武豊")
        self.assertContains(r, 'href="/parties/mirai/"')

    def test_it_shows_a_party_owner(self) -> None:
        pledge = make_pledge(party=self.party, title="消費税を5%に戻します")
        r = self.client.get(self.url(pledge))
        self.assertContains(r, "消費税を5%に戻します")
        self.assertContains(r, 'href="/parties/mirai/"')
        self.assertContains(r, "みらい党")

    def test_it_links_the_source_as_untrusted(self) -> None:
        r = self.client.get(self.url())
        self.assertContains(
            r,
            '<a href="https://example.com/koyaku" rel="nofollow ugc noopener" target="_blank">'
            "https://example.com/koyaku</a>",
            html=True,
        )

    def test_it_never_links_a_non_web_source(self) -> None:
        # Bulk imports skip URLField validation.
        Pledge.objects.filter(pk=self.pledge.pk).update(source_url="javascript:alert(1)")
        r = self.client.get(self.url())
        self.assertNotContains(r, "javascript:")
        self.assertContains(r, "出典が登録されていません")

    def test_it_shows_the_election_and_deadline_in_both_calendars(self) -> None:
        r = self.client.get(self.url())
        self.assertContains(r, "名護市長選挙")
        self.assertContains(r, "2022年9月11日")
        self.assertContains(r, "令和4年9月11日")
        self.assertContains(r, "2030年3月31日")
        self.assertContains(r, "令和12年3月31日")

    def test_it_shows_the_overdue_badge(self) -> None:
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        Pledge.objects.filter(pk=self.pledge.pk).update(deadline=yesterday)
        r = self.client.get(self.url())
        self.assertContains(r, "期限超過")

    def test_it_shows_no_overdue_badge_before_the_deadline(self) -> None:
        r = self.client.get(self.url())
        self.assertNotContains(r, "期限超過")

    def test_it_shows_no_overdue_badge_once_done(self) -> None:
        Pledge.objects.filter(pk=self.pledge.pk).update(
            deadline=datetime.date(2020, 1, 1), progress_status=ProgressStatus.DONE
        )
        r = self.client.get(self.url())
        self.assertContains(r, "実現")
        self.assertNotContains(r, "期限超過")

    def test_it_shows_who_registered_it(self) -> None:
        r = self.client.get(self.url())
        self.assertContains(r, "登録者")
        self.assertContains(r, "アリス")

    def test_it_marks_a_pledge_posted_by_the_politicians_own_account(self) -> None:
        office = make_user("office", "事務所", Role.MEMBER, politician=self.politician)
        pledge = make_pledge(politician=self.politician, created_by=office)
        r = self.client.get(self.url(pledge))
        self.assertContains(r, f'<a class="author" href="/users/{office.pk}/">事務所</a>')
        self.assertContains(r, ">本人</span>")
        self.assertNotContains(self.client.get(self.url()), ">本人</span>")

    def test_it_omits_the_registrant_when_unknown(self) -> None:
        pledge = make_pledge(politician=self.politician)
        r = self.client.get(self.url(pledge))
        self.assertNotContains(r, "登録者")

    def test_it_escapes_user_text(self) -> None:
        pledge = make_pledge(
            politician=self.politician,
            title="<script>alert('title')</script>",
            body="<script>alert('body')</script>\n<b>太字</b>",
        )
        r = self.client.get(self.url(pledge))
        self.assertNotContains(r, "<script>")
        self.assertNotContains(r, "<b>太字</b>")
        self.assertContains(r, "&lt;script&gt;")

    def test_it_fills_the_share_and_card_meta(self) -> None:
        r = self.client.get(self.url())
        self.assertContains(r, "<title>学校給食費を無償化します（渡具知武豊）")
        self.assertContains(r, 'property="og:type" content="article"')
        self.assertContains(
            r, 'property="og:title" content="学校給食費を無償化します（渡具知武豊）"'
        )
        self.assertContains(r, "https://x.com/intent/post?")
        self.assertContains(r, "Xでシェア")

    def test_its_only_forms_are_the_vote_and_comment_forms(self) -> None:
        # Editing and progress reports have their own pages; the comment form is issue 6's.
        r = self.client.get(self.url())
        self.assertContains(r, 'method="post"', count=2)
        self.assertContains(r, f'method="post" action="/pledges/{self.pledge.pk}/vote/"')
        self.assertContains(r, f'method="post" action="/pledges/{self.pledge.pk}/comments/"')

    def test_it_links_to_editing_history_and_progress(self) -> None:
        r = self.client.get(self.url())
        self.assertContains(r, f'href="/pledges/{self.pledge.pk}/edit/"')
        self.assertContains(r, f'href="/pledges/{self.pledge.pk}/history/"')
        self.assertContains(r, f'href="/pledges/{self.pledge.pk}/progress/new/"')
        self.assertContains(r, "進捗0件")
        self.assertContains(r, "確認済みの進捗報告はまだありません。")

    def test_it_returns_404_for_pending_and_rejected_pledges(self) -> None:
        for status in (ReviewStatus.PENDING, ReviewStatus.REJECTED):
            with self.subTest(status=status):
                pledge = make_pledge(politician=self.politician, review_status=status)
                self.client.force_login(pledge.created_by or self.alice)
                self.assertEqual(self.client.get(self.url(pledge)).status_code, 404)

    def test_it_returns_the_japanese_404_page_for_an_unknown_pledge(self) -> None:
        r = self.client.get("/pledges/999999/")
        self.assertContains(r, "ページが見つかりません", status_code=404)

    def test_it_uses_the_same_number_of_queries_for_3_and_300_rows(self) -> None:
        self.assert_constant_queries(3)
        self.assert_constant_queries(300)

    def assert_constant_queries(self, n: int) -> None:
        categories = Category.objects.bulk_create(
            Category(name=f"分野{n}-{i}", slug=f"c{n}-{i}") for i in range(n)
        )
        pledge = make_pledge(
            politician=self.politician, election=self.election, created_by=self.bob
        )
        pledge.categories.add(*categories)
        Pledge.objects.bulk_create(
            Pledge(politician=self.politician, title=f"公約{i}", source_url="https://example.com/")
            for i in range(n)
        )
        with self.assertNumQueries(DETAIL_QUERIES):
            r = self.client.get(self.url(pledge))
        self.assertContains(r, f"分野{n}-{n - 1}")
