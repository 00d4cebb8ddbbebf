from __future__ import annotations

import datetime

from django.utils import timezone

from tsushinbo.elections.models import Election, ElectionKind, ElectionScope
from tsushinbo.pages.caching import invalidate_home_page
from tsushinbo.pledges.models import Pledge
from tsushinbo.politicians.models import Party
from tsushinbo.testing import (
    BaseTestCase,
    make_election,
    make_party,
    make_pledge,
    make_politician,
)

# Newest pledges, their categories, parties, upcoming elections, demo-banner check,
# (issue 8) the open survey, (issue 6) the newest and the popular activity reports,
# (issue 7) the pledge and politician ranking excerpts.
HOME_QUERIES = 10
# A cached body for anonymous visitors: only the demo-banner check is left.
CACHED_HOME_QUERIES = 0


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


class HomeTestCase(BaseTestCase):
    def test_it_renders_an_empty_database_with_friendly_messages(self) -> None:
        r = self.client.get("/")
        self.assertContains(r, "新着の公約", status_code=200)
        self.assertContains(r, "まだ公約・政策は登録されていません。")
        self.assertContains(r, "予定されている選挙はまだ登録されていません。")
        self.assertContains(r, "まだ政党は登録されていません。")

    def test_it_has_a_search_box(self) -> None:
        r = self.client.get("/")
        self.assertContains(r, '<form class="home-search" action="/search/" method="get"')
        self.assertContains(r, 'id="home-q" type="search" name="q"')
        self.assertContains(r, '<label for="home-q">')

    def test_it_shows_the_ten_newest_pledges_with_their_owners(self) -> None:
        politician = make_politician(family_name="佐藤", given_name="花子")
        now = timezone.now()
        for day in range(12):
            make_pledge(
                politician=politician,
                title=f"公約{day}日前",
                created_at=now - datetime.timedelta(days=day),
            )
        r = self.client.get("/")
        self.assertContains(r, "公約0日前")
        self.assertContains(r, "公約9日前")
        self.assertNotContains(r, "公約10日前")
        self.assertNotContains(r, "公約11日前")
        self.assertContains(r, "佐藤花子")
        newest = Pledge.objects.get(title="公約0日前")
        self.assertContains(r, f'href="/pledges/{newest.pk}/"')

    def test_it_escapes_pledge_titles(self) -> None:
        make_pledge(title="<script>alert(1)</script>")
        r = self.client.get("/")
        self.assertNotContains(r, "<script>alert(1)</script>")
        self.assertContains(r, "&lt;script&gt;")

    def test_it_lists_parties_with_their_colours(self) -> None:
        make_party(name="みらい党", slug="mirai", colour="#123abc")
        r = self.client.get("/")
        self.assertContains(r, "みらい党")
        self.assertContains(r, 'href="/parties/mirai/"')
        self.assertContains(r, "#123abc")

    def test_it_links_all_47_prefectures(self) -> None:
        r = self.client.get("/")
        self.assertContains(r, "都道府県から探す")
        self.assertContains(r, 'href="/politicians/?prefecture=', count=47)
        self.assertContains(r, '<a href="/politicians/?prefecture=1">北海道</a>', html=True)
        self.assertContains(r, '<a href="/politicians/?prefecture=47">沖縄県</a>', html=True)
        self.assertContains(r, "九州・沖縄")

    def test_it_shows_upcoming_but_not_past_elections(self) -> None:
        make_election(name="未来市長選挙", vote_date=datetime.date(2099, 4, 26))
        make_election(name="過去の知事選挙", vote_date=days_from_today(-1))
        r = self.client.get("/")
        self.assertContains(r, "今後の選挙")
        self.assertContains(r, "未来市長選挙")
        self.assertContains(r, "2099年4月26日")
        self.assertContains(r, "令和81年4月26日")
        self.assertNotContains(r, "過去の知事選挙")

    def test_it_counts_down_to_the_vote(self) -> None:
        make_election(name="本日の選挙", vote_date=days_from_today(0))
        make_election(name="来週の選挙", vote_date=days_from_today(7))
        r = self.client.get("/")
        self.assertContains(r, "本日投票")
        self.assertContains(r, "あと7日")

    def test_it_shows_at_most_five_upcoming_elections_soonest_first(self) -> None:
        for n in range(1, 7):
            make_election(name=f"選挙{n}番", vote_date=days_from_today(n))
        r = self.client.get("/")
        self.assertContains(r, "選挙5番")
        self.assertNotContains(r, "選挙6番")
        content = r.content.decode()
        self.assertLess(content.index("選挙1番"), content.index("選挙5番"))

    def test_it_links_the_rankings_and_the_random_evaluation(self) -> None:
        r = self.client.get("/")
        self.assertContains(r, '<a href="/rankings/">ランキング</a>', html=True)
        self.assertContains(r, '<a href="/random/">ランダム評価</a>', html=True)
        self.assertContains(
            r, '<a class="button" href="/random/">ランダム評価を始める</a>', html=True
        )

    def test_it_uses_the_same_number_of_queries_for_3_and_300_rows(self) -> None:
        self.add_rows(3)
        invalidate_home_page()  # bulk inserts send no signals
        with self.assertNumQueries(HOME_QUERIES):
            self.client.get("/")
        with self.assertNumQueries(CACHED_HOME_QUERIES):
            self.client.get("/")
        self.add_rows(300)
        invalidate_home_page()
        with self.assertNumQueries(HOME_QUERIES):
            r = self.client.get("/")
        self.assertContains(r, "新着の公約")

    def add_rows(self, n: int) -> None:
        parties = Party.objects.bulk_create(
            Party(name=f"政党{n}-{i}", slug=f"p{n}-{i}") for i in range(n)
        )
        politician = make_politician(party=parties[0])
        Pledge.objects.bulk_create(
            Pledge(politician=politician, title=f"公約{n}-{i}", source_url="https://example.com/")
            for i in range(n)
        )
        Election.objects.bulk_create(
            Election(
                name=f"選挙{n}-{i}",
                kind=ElectionKind.MAYOR,
                scope=ElectionScope.MUNICIPALITY,
                vote_date=days_from_today(i + 1),
            )
            for i in range(n)
        )
