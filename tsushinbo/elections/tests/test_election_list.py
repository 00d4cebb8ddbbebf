from __future__ import annotations

import datetime
from unittest import mock

from django.test import override_settings

from tsushinbo.elections.models import Election, ElectionKind, ElectionScope, japan_today
from tsushinbo.testing import BaseTestCase, make_election

# Demo banner, COUNT, one page of elections (candidate counts in a subquery).
LIST_QUERIES = 3
UTC = datetime.UTC


def at_utc(year: int, month: int, day: int, hour: int, minute: int) -> mock._patch:
    """Freeze django.utils.timezone.now() at the given UTC time."""
    moment = datetime.datetime(year, month, day, hour, minute, tzinfo=UTC)
    return mock.patch("django.utils.timezone.now", return_value=moment)


def days_from_today(days: int) -> datetime.date:
    return japan_today() + datetime.timedelta(days=days)


class ElectionListTestCase(BaseTestCase):
    def names(self, url: str) -> list[str]:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return [election.name for election in response.context["page_obj"]]

    def test_it_lists_upcoming_elections_soonest_first_by_default(self) -> None:
        make_election(name="来月の選挙", vote_date=days_from_today(30))
        make_election(name="来週の選挙", vote_date=days_from_today(7))
        make_election(name="昨日の選挙", vote_date=days_from_today(-1))
        response = self.client.get("/elections/")
        self.assertContains(response, "<h1>選挙情報</h1>", html=True)
        self.assertContains(response, "今後の選挙：<strong>2件</strong>")
        self.assertEqual(self.names("/elections/"), ["来週の選挙", "来月の選挙"])
        self.assertContains(response, "あと7日")

    def test_it_lists_past_elections_newest_first(self) -> None:
        make_election(name="昨年の選挙", vote_date=days_from_today(-365))
        make_election(name="昨日の選挙", vote_date=days_from_today(-1))
        make_election(name="明日の選挙", vote_date=days_from_today(1))
        self.assertEqual(self.names("/elections/?when=past"), ["昨日の選挙", "昨年の選挙"])

    def test_it_splits_upcoming_and_past_at_midnight_in_japan(self) -> None:
        make_election(name="4月25日の選挙", vote_date=datetime.date(2026, 4, 25))
        make_election(name="4月26日の選挙", vote_date=datetime.date(2026, 4, 26))
        with at_utc(2026, 4, 25, 14, 59):  # 23:59 on 25 April in Japan
            self.assertEqual(self.names("/elections/"), ["4月25日の選挙", "4月26日の選挙"])
            self.assertContains(self.client.get("/elections/"), "本日投票")
        with at_utc(2026, 4, 25, 15, 0):  # 00:00 on 26 April in Japan
            self.assertEqual(self.names("/elections/"), ["4月26日の選挙"])
            self.assertEqual(self.names("/elections/?when=past"), ["4月25日の選挙"])

    @override_settings(TIME_ZONE="UTC")
    def test_it_uses_the_date_in_japan_whatever_the_site_time_zone(self) -> None:
        make_election(name="4月25日の選挙", vote_date=datetime.date(2026, 4, 25))
        with at_utc(2026, 4, 25, 16, 0):  # still 25 April in UTC, 26 April in Japan
            self.assertEqual(self.names("/elections/"), [])
            self.assertEqual(self.names("/elections/?when=past"), ["4月25日の選挙"])

    def test_it_filters_by_kind(self) -> None:
        make_election(name="市長選", kind=ElectionKind.MAYOR, vote_date=days_from_today(3))
        make_election(name="衆院選", vote_date=days_from_today(4))
        self.assertEqual(self.names("/elections/?kind=mayor"), ["市長選"])

    def test_it_filters_by_prefecture_and_keeps_national_elections(self) -> None:
        make_election(
            name="東京都知事選挙",
            kind=ElectionKind.GOVERNOR,
            scope=ElectionScope.PREFECTURE,
            prefecture=13,
            vote_date=days_from_today(3),
        )
        make_election(
            name="大阪府知事選挙",
            kind=ElectionKind.GOVERNOR,
            scope=ElectionScope.PREFECTURE,
            prefecture=27,
            vote_date=days_from_today(4),
        )
        make_election(name="衆議院議員総選挙", vote_date=days_from_today(5))
        self.assertEqual(
            self.names("/elections/?prefecture=13"), ["東京都知事選挙", "衆議院議員総選挙"]
        )
        self.assertEqual(self.names("/elections/?prefecture=13&kind=governor"), ["東京都知事選挙"])

    def test_it_links_each_election_to_its_page(self) -> None:
        election = make_election(name="名護市長選挙", vote_date=days_from_today(3))
        self.assertContains(
            self.client.get("/elections/"),
            f'<a href="/elections/{election.pk}/">名護市長選挙</a>',
            html=True,
        )

    def test_it_ignores_bad_filters_and_says_so(self) -> None:
        make_election(name="衆院選", vote_date=days_from_today(4))
        response = self.client.get("/elections/?kind=bogus&prefecture=99&when=later&page=abc")
        self.assertContains(response, "選挙の種類の指定が正しくありません。")
        self.assertContains(response, "都道府県の指定が正しくありません。")
        self.assertContains(response, "時期の指定が正しくありません。")
        self.assertContains(response, "ページの指定が正しくありません。")
        self.assertContains(response, "衆院選")

    def test_it_says_when_nothing_is_upcoming(self) -> None:
        self.assertContains(
            self.client.get("/elections/"), "条件に合う今後の選挙は登録されていません。"
        )

    @override_settings(PAGE_SIZE=5)
    def test_it_paginates(self) -> None:
        for n in range(12):
            make_election(name=f"選挙{n:02d}", vote_date=days_from_today(n + 1))
        response = self.client.get("/elections/?page=3&kind=representatives")
        self.assertContains(response, "3 / 3 ページ")
        self.assertEqual(self.names("/elections/?page=3"), ["選挙10", "選挙11"])

    def test_it_runs_the_same_queries_for_3_and_300_elections(self) -> None:
        def add(count: int) -> None:
            Election.objects.bulk_create(
                Election(
                    name=f"選挙{n}",
                    kind=ElectionKind.MAYOR,
                    scope=ElectionScope.MUNICIPALITY,
                    prefecture=13,
                    vote_date=days_from_today(n if n % 2 else -n - 1),
                )
                for n in range(count)
            )

        add(3)
        with self.assertNumQueries(LIST_QUERIES):
            self.client.get("/elections/")
        add(297)
        for url in ("/elections/", "/elections/?when=past&prefecture=13&kind=mayor&page=2"):
            with self.assertNumQueries(LIST_QUERIES):
                self.client.get(url)
