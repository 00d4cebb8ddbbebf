from __future__ import annotations

from django.test import override_settings

from tsushinbo.pledges.models import Pledge, ProgressStatus, ReviewStatus
from tsushinbo.politicians.models import OfficeKind, Politician
from tsushinbo.rankings.models import RankingEntry
from tsushinbo.rankings.refresh import refresh_rankings
from tsushinbo.rankings.tests.base import RankingsTestCase, add_votes, settle
from tsushinbo.testing import make_party, make_pledge, make_politician

# Parties for the filter, COUNT for the paginator, the page of rows (joined), demo banner.
LIST_QUERIES = 4
# Three excerpts, demo banner.
OVERVIEW_QUERIES = 4


class RankingPagesTestCase(RankingsTestCase):
    def test_it_orders_by_the_wilson_lower_bound_not_the_raw_ratio(self) -> None:
        few = make_pledge(title="三票だけの公約")
        many = make_pledge(title="三百二十票の公約")
        add_votes(few, good=3)
        add_votes(many, good=300, bad=20)
        settle()
        r = self.client.get("/rankings/pledges/?by=overall&period=30d")
        content = r.content.decode()
        self.assertLess(content.index("三百二十票の公約"), content.index("三票だけの公約"))
        self.assertContains(r, "n=320")
        self.assertContains(r, "n=3<")
        self.assertContains(r, "94 / 100")  # 300/320 = 93.75 → 94
        self.assertContains(r, "100 / 100")

    def test_it_counts_only_votes_cast_in_the_period(self) -> None:
        recent = make_pledge(title="最近の公約")
        old = make_pledge(title="昔の公約")
        add_votes(recent, good=2, days_ago=3)
        add_votes(recent, bad=5, days_ago=20)
        add_votes(old, good=9, days_ago=100)
        settle()
        week = self.client.get("/rankings/pledges/?period=7d")
        self.assertContains(week, "最近の公約")
        self.assertContains(week, "n=2<")
        self.assertNotContains(week, "昔の公約")
        month = self.client.get("/rankings/pledges/?period=30d")
        self.assertContains(month, "n=7<")
        self.assertNotContains(month, "昔の公約")
        year = self.client.get("/rankings/pledges/?period=365d")
        self.assertContains(year, "昔の公約")
        self.assertContains(year, "n=9<")
        every = self.client.get("/rankings/pledges/?period=all")
        self.assertContains(every, "n=7<")
        self.assertContains(every, "n=9<")

    @override_settings(RANKING_MIN_VOTES=10)
    def test_it_ranks_only_rows_with_the_minimum_number_of_votes(self) -> None:
        make_pledge(title="九票")
        make_pledge(title="十票")
        add_votes(Pledge.objects.get(title="九票"), good=9)
        add_votes(Pledge.objects.get(title="十票"), good=10)
        settle()
        r = self.client.get("/rankings/pledges/")
        self.assertContains(r, "十票")
        self.assertNotContains(r, "九票")
        self.assertContains(r, "評価が10件以上あるものだけ")
        by_good = self.client.get("/rankings/pledges/?by=good")
        self.assertContains(by_good, "九票")

    def test_it_orders_by_good_points_progress_criteria_and_comments(self) -> None:
        a = make_pledge(title="支持の多い公約", progress_status=ProgressStatus.IN_PROGRESS)
        b = make_pledge(title="明確な公約", progress_status=ProgressStatus.DONE)
        Pledge.objects.filter(pk=a.pk).update(progress_percent=30)
        Pledge.objects.filter(pk=b.pk).update(progress_percent=100)
        add_votes(a, good=8, bad=1, reason="feasibility")
        add_votes(b, good=4, reason="clarity")
        settle()
        cases = {
            "good": ("支持の多い公約", "明確な公約"),
            "progress": ("明確な公約", "支持の多い公約"),
            "clarity": ("明確な公約", None),
            "feasibility": ("支持の多い公約", None),
        }
        for by, (first, absent_or_second) in cases.items():
            content = self.client.get(f"/rankings/pledges/?by={by}").content.decode()
            self.assertIn(first, content, by)
            if absent_or_second is None:
                self.assertNotIn(
                    "明確な公約" if first != "明確な公約" else "支持の多い公約", content, by
                )
            else:
                self.assertLess(content.index(first), content.index(absent_or_second), by)
        progress = self.client.get("/rankings/pledges/?by=progress")
        self.assertContains(progress, "100%")
        comments = self.client.get("/rankings/pledges/?by=comments")
        self.assertContains(comments, "条件に合う公約・政策はまだありません。")

    def test_it_filters_by_party_prefecture_and_office(self) -> None:
        party = make_party(name="みどり党", slug="midori")
        tokyo = make_politician(family_name="東京", party=party, prefecture=13)
        osaka = make_politician(family_name="大阪", prefecture=27, office=OfficeKind.GOVERNOR)
        add_votes(make_pledge(politician=tokyo, title="東京の公約"), good=3)
        add_votes(make_pledge(politician=osaka, title="大阪の公約"), good=3)
        add_votes(make_pledge(party=party, title="党の公約"), good=3)
        settle()
        by_party = self.client.get("/rankings/pledges/?party=midori")
        self.assertContains(by_party, "東京の公約")
        self.assertContains(by_party, "党の公約")
        self.assertNotContains(by_party, "大阪の公約")
        by_prefecture = self.client.get("/rankings/pledges/?prefecture=27")
        self.assertContains(by_prefecture, "大阪の公約")
        self.assertNotContains(by_prefecture, "東京の公約")
        by_office = self.client.get("/rankings/politicians/?office=governor")
        self.assertContains(by_office, "大阪太郎")
        self.assertNotContains(by_office, "東京太郎")

    def test_it_pools_a_politicians_and_a_partys_pledges(self) -> None:
        party = make_party(name="あおぞら党", slug="aozora")
        politician = make_politician(family_name="青木", party=party)
        add_votes(make_pledge(politician=politician), good=6, bad=2)
        add_votes(make_pledge(politician=politician), good=2)
        add_votes(make_pledge(party=party), bad=2)
        settle()
        people = self.client.get("/rankings/politicians/")
        self.assertContains(people, "青木太郎")
        self.assertContains(people, "n=10<")
        self.assertContains(people, "80 / 100")  # pooled: 8 / (8 + 2)
        parties = self.client.get("/rankings/parties/")
        self.assertContains(parties, "あおぞら党")
        self.assertContains(parties, "n=12<")
        self.assertContains(parties, "67 / 100")  # 8 / 12
        self.assertContains(parties, "合算（プール）")

    def test_it_never_shows_a_pledge_that_is_not_visible(self) -> None:
        hidden = make_pledge(title="確認待ちの公約")
        add_votes(hidden, good=5)
        settle()
        Pledge.objects.filter(pk=hidden.pk).update(review_status=ReviewStatus.PENDING)
        r = self.client.get("/rankings/pledges/")
        self.assertNotContains(r, "確認待ちの公約")
        refresh_rankings()
        self.assertFalse(RankingEntry.objects.filter(pledge=hidden).exists())

    def test_it_explains_bad_parameters_in_japanese(self) -> None:
        r = self.client.get("/rankings/pledges/?by=x&period=9y&party=nope&prefecture=99&office=z")
        self.assertEqual(r.status_code, 200)
        for message in [
            "並べ替えの指定が正しくありません",
            "期間の指定が正しくありません",
            "政党の指定が正しくありません",
            "都道府県の指定が正しくありません",
            "役職の指定が正しくありません",
        ]:
            self.assertContains(r, message)
        self.assertEqual(self.client.get("/rankings/senators/").status_code, 404)
        self.assertEqual(self.client.get("/rankings/pledges/?page=abc").status_code, 200)

    def test_it_shows_an_overview_with_the_three_kinds(self) -> None:
        party = make_party(name="そら党", slug="sora")
        politician = make_politician(family_name="空野", party=party)
        add_votes(make_pledge(politician=politician, title="空の公約"), good=4)
        settle()
        with self.assertNumQueries(OVERVIEW_QUERIES):
            r = self.client.get("/rankings/")
        self.assertContains(r, "空の公約")
        self.assertContains(r, "空野太郎")
        self.assertContains(r, "そら党")
        self.assertContains(r, 'href="/rankings/pledges/?period=30d"')

    def test_it_uses_the_same_number_of_queries_for_3_and_300_rows(self) -> None:
        kinds = ["pledges", "politicians", "parties"]
        self.add_rows(3)
        for kind in kinds:
            with self.assertNumQueries(LIST_QUERIES):
                self.client.get(f"/rankings/{kind}/?by=overall&period=30d")
        self.add_rows(300)
        for kind in kinds:
            with self.assertNumQueries(LIST_QUERIES):
                r = self.client.get(f"/rankings/{kind}/?by=overall&period=30d&party=p300")
            self.assertContains(r, "n=")
            with self.assertNumQueries(LIST_QUERIES):
                r = self.client.get(f"/rankings/{kind}/?by=sincerity&period=all&page=2")
            self.assertEqual(r.status_code, 200)
        r = self.client.get("/rankings/pledges/?by=sincerity&period=all&page=2")
        self.assertContains(r, '<ol class="card-list ranking-list" start="21">')

    def add_rows(self, n: int) -> None:
        party = make_party(slug=f"p{n}")
        politicians = Politician.objects.bulk_create(
            Politician(family_name=f"議員{n}-{i}", given_name="", office="mayor", party=party)
            for i in range(n)
        )
        pledges = Pledge.objects.bulk_create(
            Pledge(politician=politician, title=f"公約{n}", source_url="https://example.com/")
            for politician in politicians
        )
        for pledge in pledges:
            add_votes(pledge, good=2, bad=1, reason="sincerity")
        settle()
