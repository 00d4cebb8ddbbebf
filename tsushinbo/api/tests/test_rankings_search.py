"""GET /api/v1/rankings/<kind> and /api/v1/search: the pages' functions, as JSON."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tsushinbo.api.tests.base import ApiTestCase, api_client
from tsushinbo.pledges.models import ReviewStatus
from tsushinbo.rankings.queries import RankingQuery, ranking
from tsushinbo.rankings.refresh import refresh_rankings
from tsushinbo.ratings.tests.base import cast_many
from tsushinbo.search.indexing import index_pledge, index_politician
from tsushinbo.testing import make_pledge


class RankingTestCase(ApiTestCase):
    def test_it_lists_pledges_in_the_pages_order(self) -> None:
        low = make_pledge(politician=self.politician, title="三票の公約")
        high = make_pledge(politician=self.politician, title="多数の公約")
        hidden = make_pledge(politician=self.politician, title="確認待ちの公約")
        cast_many(low, "good", "clarity", 3)
        cast_many(high, "good", "clarity", 12)
        cast_many(high, "bad", "clarity", 1)
        cast_many(hidden, "good", "clarity", 20)
        type(hidden).objects.filter(pk=hidden.pk).update(review_status=ReviewStatus.PENDING)
        refresh_rankings()
        body = self.get_json("/api/v1/rankings/pledge?by=good&period=all")
        ids = [row["subject"]["id"] for row in body["results"]]
        self.assertEqual(ids, [high.pk, low.pk])
        expected = list(ranking(RankingQuery(kind="pledge", by="good", period="all")))
        self.assertEqual(ids, [row.subject_id for row in expected])
        first = body["results"][0]
        self.assertEqual(first["rank"], 1)
        self.assertEqual((first["good"], first["bad"], first["score"]), (12, 1, 92))
        self.assertEqual(first["subject"]["name"], "多数の公約")
        self.assertEqual(self.get_json("/api/v1/rankings/pledge?period=all")["count"], 1)

    def test_it_numbers_ranks_across_pages(self) -> None:
        for count in (5, 4, 3):
            cast_many(make_pledge(politician=self.politician), "good", "other", count)
        refresh_rankings()
        body = self.get_json("/api/v1/rankings/pledge?by=good&period=all&page=2&page_size=2")
        self.assertEqual([row["rank"] for row in body["results"]], [3])

    def test_it_refuses_an_unknown_party_or_ordering(self) -> None:
        self.get_json("/api/v1/rankings/politician?party=no-such", status=422)
        self.get_json("/api/v1/rankings/pledge?by=loudest", status=422)
        self.get_json("/api/v1/rankings/people", status=422)

    def test_it_keeps_its_query_count_constant(self) -> None:
        counts: list[int] = []
        for size in (3, 30):
            for _ in range(size - len(counts) * 3):
                cast_many(make_pledge(politician=self.politician), "good", "other", 1)
            refresh_rankings()
            with CaptureQueriesContext(connection) as captured:
                response = api_client().get(
                    "/api/v1/rankings/pledge?by=good&period=all&page_size=300"
                )
            self.assertEqual(response.json()["count"], size)
            counts.append(len(captured))
        self.assertEqual(counts[0], counts[1])


class SearchTestCase(ApiTestCase):
    def test_it_finds_public_pledges_and_politicians(self) -> None:
        pledge = make_pledge(politician=self.politician, title="防衛費の増額に反対します")
        hidden = make_pledge(
            politician=self.politician, title="防衛の見直し", review_status=ReviewStatus.PENDING
        )
        index_pledge(pledge)
        index_pledge(hidden)
        index_politician(self.politician)
        body = self.get_json("/api/v1/search?q=防衛")
        self.assertEqual(body["count"], 1)
        self.assertEqual(body["counts"]["pledge"], 1)
        hit = body["results"][0]
        self.assertEqual((hit["kind"], hit["id"]), ("pledge", pledge.pk))
        self.assertEqual(hit["title"], "防衛費の増額に反対します")
        self.assertEqual(hit["url"], f"http://testserver/pledges/{pledge.pk}/")
        people = self.get_json("/api/v1/search?q=やまだ&kind=politician")
        self.assertEqual([row["id"] for row in people["results"]], [self.politician.pk])

    def test_it_answers_an_empty_query_with_no_results(self) -> None:
        body = self.get_json("/api/v1/search?q=")
        self.assertEqual((body["count"], body["results"]), (0, []))

    def test_it_runs_a_constant_number_of_queries(self) -> None:
        counts: list[int] = []
        for size in (3, 60):
            for _ in range(size - (3 if counts else 0)):
                index_pledge(make_pledge(politician=self.politician, title="年金の改革"))
            with CaptureQueriesContext(connection) as captured:
                response = api_client().get("/api/v1/search?q=年金")
            self.assertEqual(response.json()["count"], size)
            counts.append(len(captured))
        self.assertEqual(counts[0], counts[1])

    def test_it_links_the_next_and_previous_pages(self) -> None:
        for _ in range(3):
            index_pledge(make_pledge(politician=self.politician, title="年金の改革"))
        with self.settings(PAGE_SIZE=2):
            first = self.get_json("/api/v1/search?q=年金&kind=pledge")
            last = self.get_json("/api/v1/search?q=年金&kind=pledge&page=2")
            error = self.get_json("/api/v1/search?q=年金&page=3", status=404)
        self.assertEqual((first["count"], len(first["results"])), (3, 2))
        self.assertIsNone(first["previous"])
        page_2 = "http://testserver/api/v1/search?q=%E5%B9%B4%E9%87%91&kind=pledge&page=2"
        self.assertEqual(first["next"], page_2)
        self.assertEqual(len(last["results"]), 1)
        self.assertIsNone(last["next"])
        self.assertEqual(last["previous"], page_2.replace("page=2", "page=1"))
        self.assertEqual(error["error"]["code"], "page_not_found")
