from __future__ import annotations

import datetime
from decimal import Decimal

from django.test import override_settings

from tsushinbo.elections.models import Candidacy, ElectionKind, ElectionScope, japan_today
from tsushinbo.pledges.models import Pledge
from tsushinbo.politicians.models import Politician
from tsushinbo.testing import BaseTestCase, make_election, make_party, make_pledge, make_politician

# Election, demo banner, totals, district names, COUNT, one page of candidates
# (politician and party joined, pledge counts in a subquery), their pledges.
DETAIL_QUERIES = 7


class ElectionDetailTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.mirai = make_party(name="未来党", slug="mirai")
        self.election = make_election(
            name="2022年名護市長選挙",
            kind=ElectionKind.MAYOR,
            scope=ElectionScope.MUNICIPALITY,
            prefecture=47,
            municipality="名護市",
            vote_date=datetime.date(2022, 1, 23),
            notice_date=datetime.date(2022, 1, 16),
            seats=1,
            turnout=Decimal("68.32"),
        )
        self.url = f"/elections/{self.election.pk}/"
        self.winner = make_politician(
            family_name="渡具知", given_name="武豊", family_name_kana="とぐち",
            given_name_kana="たけとよ", prefecture=47,
        )  # fmt: skip
        self.runner_up = make_politician(
            family_name="岸本", given_name="洋平", family_name_kana="きしもと",
            given_name_kana="ようへい", prefecture=47,
        )  # fmt: skip
        Candidacy.objects.create(
            election=self.election, politician=self.winner, party=self.mirai, district="名護市",
            votes=19524, rank=1, elected=True,
        )  # fmt: skip
        Candidacy.objects.create(
            election=self.election, politician=self.runner_up, district="名護市",
            votes=14439, rank=2, elected=False,
        )  # fmt: skip

    def test_it_shows_the_election_facts(self) -> None:
        response = self.client.get(self.url)
        self.assertContains(response, "<h1>2022年名護市長選挙</h1>", html=True)
        self.assertContains(response, "市区町村長選")
        self.assertContains(response, "沖縄県 名護市")
        self.assertContains(response, "2022年1月23日（令和4年1月23日）")
        self.assertContains(response, "<dt>投票率</dt><dd>68.32%</dd>", html=True)
        self.assertContains(response, "<dt>候補者</dt><dd>2人</dd>", html=True)
        self.assertContains(response, "<dt>当選者</dt><dd>1人</dd>", html=True)

    def test_it_shows_candidates_with_party_votes_rank_and_winner(self) -> None:
        response = self.client.get(self.url)
        self.assertContains(response, "候補者と結果")
        self.assertContains(
            response, f'<a href="/politicians/{self.winner.pk}/">渡具知武豊</a>', html=True
        )
        self.assertContains(
            response, f'<a href="/politicians/{self.runner_up.pk}/">岸本洋平</a>', html=True
        )
        self.assertContains(response, '<span class="badge badge-elected">当選</span>', html=True)
        self.assertContains(response, "19,524票")
        self.assertContains(response, "・1位")
        self.assertContains(response, "未来党")
        self.assertContains(response, "無所属")
        self.assertContains(response, "落選")
        content = response.content.decode()
        self.assertLess(content.index("渡具知武豊"), content.index("岸本洋平"))

    def test_it_shows_the_pledges_each_candidate_made_for_this_election(self) -> None:
        other = make_election(name="別の選挙", vote_date=datetime.date(2018, 2, 4))
        make_pledge(politician=self.winner, title="名護市の給食費を無償化", election=self.election)
        make_pledge(politician=self.winner, title="別の選挙での公約", election=other)
        make_pledge(politician=self.winner, title="選挙と無関係の公約")
        response = self.client.get(self.url)
        self.assertContains(response, "この選挙での公約（1件）")
        self.assertContains(response, "名護市の給食費を無償化")
        self.assertNotContains(response, "別の選挙での公約")
        self.assertNotContains(response, "選挙と無関係の公約")

    def test_it_shows_three_pledges_and_counts_the_rest(self) -> None:
        for n in range(5):
            make_pledge(politician=self.winner, title=f"選挙公約{n}", election=self.election)
        response = self.client.get(self.url)
        self.assertContains(response, "この選挙での公約（5件）")
        self.assertContains(response, "ほか2件の公約")

    def test_it_says_when_an_upcoming_election_has_no_candidates_yet(self) -> None:
        upcoming = make_election(
            name="次の名護市長選挙", vote_date=japan_today() + datetime.timedelta(days=10)
        )
        response = self.client.get(f"/elections/{upcoming.pk}/")
        self.assertContains(response, "あと10日")
        self.assertContains(response, "候補者はまだ登録されていません。")
        self.assertNotContains(response, "投票率")

    def test_it_says_when_a_past_election_has_no_results(self) -> None:
        past = make_election(name="結果なしの選挙", vote_date=datetime.date(2020, 1, 1))
        Candidacy.objects.create(election=past, politician=self.winner)
        response = self.client.get(f"/elections/{past.pk}/")
        self.assertContains(response, "開票結果はまだ登録されていません。")

    def test_it_filters_by_district(self) -> None:
        election = make_election(districts=["東京都第1区", "東京都第2区"])
        for name, district in (("一区", "東京都第1区"), ("二区", "東京都第2区")):
            politician = make_politician(family_name=name)
            Candidacy.objects.create(election=election, politician=politician, district=district)
        response = self.client.get(f"/elections/{election.pk}/?district=東京都第2区")
        names = [c.politician.family_name for c in response.context["page_obj"]]
        self.assertEqual(names, ["二区"])
        self.assertContains(response, "選挙区（2）")
        self.assertContains(
            response, '<option value="東京都第2区" selected>東京都第2区</option>', html=True
        )

    def test_it_ignores_an_unknown_district_and_says_so(self) -> None:
        response = self.client.get(self.url + "?district=どこか")
        self.assertContains(response, "選挙区の指定が正しくありません。")
        self.assertContains(response, "渡具知武豊")

    def test_it_escapes_names(self) -> None:
        self.election.name = "<script>x</script>"
        self.election.save()
        response = self.client.get(self.url)
        self.assertNotContains(response, "<script>x</script>")
        self.assertContains(response, "&lt;script&gt;x&lt;/script&gt;")

    def test_it_is_404_for_an_unknown_election(self) -> None:
        self.assertEqual(self.client.get("/elections/999999/").status_code, 404)

    @override_settings(PAGE_SIZE=50)
    def test_it_runs_the_same_queries_for_3_and_300_candidates(self) -> None:
        def add(count: int) -> None:
            people = Politician.objects.bulk_create(
                Politician(family_name=f"候補{n}", office="former") for n in range(count)
            )
            Candidacy.objects.bulk_create(
                Candidacy(
                    election=self.election, politician=p, party=self.mirai, district=f"区{n % 7}"
                )
                for n, p in enumerate(people)
            )
            Pledge.objects.bulk_create(
                Pledge(
                    politician=p,
                    title="公約",
                    source_url="https://example.com/",
                    election=self.election,
                )
                for p in people
                for _ in range(2)
            )

        add(1)  # plus the two from setUp
        with self.assertNumQueries(DETAIL_QUERIES):
            self.client.get(self.url)
        add(297)
        for url in (self.url, self.url + "?district=区3&page=2"):
            with self.assertNumQueries(DETAIL_QUERIES):
                response = self.client.get(url)
        self.assertContains(response, "この選挙での公約（2件）")


class PoliticianElectionHistoryTestCase(BaseTestCase):
    def test_it_links_each_election_on_the_politician_page(self) -> None:
        politician = make_politician()
        election = make_election(
            name="第50回衆議院議員総選挙", vote_date=datetime.date(2024, 10, 27)
        )
        Candidacy.objects.create(election=election, politician=politician, elected=True)
        response = self.client.get(f"/politicians/{politician.pk}/")
        self.assertContains(response, "選挙歴")
        self.assertContains(
            response, f'<a href="/elections/{election.pk}/">第50回衆議院議員総選挙</a>', html=True
        )
