"""GET endpoints: shapes, filters, pagination, and query counts that do not grow with rows."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tsushinbo.api.tests import base
from tsushinbo.api.tests.base import ApiTestCase, api_client
from tsushinbo.testing import make_party, make_pledge, make_politician


class ReadTestCase(ApiTestCase):
    def test_it_lists_politicians_with_the_directory_filters(self) -> None:
        other = make_party(name="別党", slug="betsu")
        make_politician(family_name="鈴木", family_name_kana="すずき", party=other, prefecture=1)
        body = self.get_json("/api/v1/politicians?party=mirai")
        self.assertEqual(body["count"], 1)
        self.assertEqual(body["results"][0]["name"], "山田太郎")
        self.assertEqual(
            body["results"][0]["party"], {"id": self.party.pk, "slug": "mirai", "name": "未来党"}
        )
        self.assertEqual(self.get_json("/api/v1/politicians?q=スズキ")["count"], 1)
        self.assertEqual(self.get_json("/api/v1/politicians?prefecture=1")["count"], 1)
        self.assertEqual(self.get_json("/api/v1/politicians?office=mayor")["count"], 0)
        self.get_json("/api/v1/politicians?prefecture=48", status=422)

    def test_it_paginates_with_absolute_next_and_previous(self) -> None:
        base.politicians(5, self.party)
        first = self.get_json("/api/v1/politicians?page_size=2&party=mirai")
        self.assertEqual(first["count"], 6)
        self.assertIsNone(first["previous"])
        self.assertEqual(
            first["next"], "http://testserver/api/v1/politicians?page_size=2&party=mirai&page=2"
        )
        last = self.get_json("/api/v1/politicians?page_size=2&party=mirai&page=3")
        self.assertIsNone(last["next"])
        self.assertEqual(
            last["previous"], "http://testserver/api/v1/politicians?page_size=2&party=mirai&page=2"
        )
        error = self.get_json("/api/v1/politicians?page=4&page_size=2", status=404)
        self.assertEqual(error["error"]["code"], "page_not_found")

    def test_it_caps_the_page_size(self) -> None:
        base.politicians(5, self.party)
        with self.settings(API_MAX_PAGE_SIZE=3):
            body = self.get_json("/api/v1/politicians?page_size=100")
        self.assertEqual(len(body["results"]), 3)

    def test_it_shows_a_politician_with_memberships(self) -> None:
        base.memberships(2, self.politician, self.party)
        body = self.get_json(f"/api/v1/politicians/{self.politician.pk}")
        self.assertEqual(body["role"], "衆議院議員")
        self.assertEqual(len(body["memberships"]), 2)
        self.assertEqual(body["memberships"][0]["party"]["slug"], "mirai")
        self.assertEqual(body["url"], f"http://testserver/politicians/{self.politician.pk}/")

    def test_it_lists_parties_and_memberships(self) -> None:
        make_pledge(party=self.party)
        body = self.get_json("/api/v1/parties/mirai")
        self.assertEqual((body["member_count"], body["pledge_count"]), (1, 1))
        base.memberships(1, self.politician, self.party)
        body = self.get_json(f"/api/v1/memberships?politician={self.politician.pk}")
        self.assertEqual(body["count"], 1)

    def test_it_filters_pledges_as_the_pages_do(self) -> None:
        own = make_pledge(politician=self.politician, election=self.election)
        party_pledge = make_pledge(party=self.party)
        make_pledge(progress_status="done")
        ids = lambda url: {row["id"] for row in self.get_json(url)["results"]}  # noqa: E731
        self.assertEqual(ids(f"/api/v1/pledges?politician={self.politician.pk}"), {own.pk})
        self.assertEqual(ids("/api/v1/pledges?party=mirai"), {own.pk, party_pledge.pk})
        self.assertEqual(ids(f"/api/v1/pledges?election={self.election.pk}"), {own.pk})
        self.assertEqual(len(ids("/api/v1/pledges?status=done")), 1)
        self.get_json("/api/v1/pledges?status=finished", status=422)

    def test_it_lists_progress_reports_with_evidence(self) -> None:
        pledge = make_pledge(politician=self.politician)
        base.progress_reports(2, pledge)
        body = self.get_json(f"/api/v1/pledges/{pledge.pk}/progress")
        self.assertEqual(body["count"], 2)
        self.assertEqual(
            body["results"][0]["evidence"], [{"url": "https://example.com/e", "date": "2026-04-01"}]
        )

    def test_it_lists_activities_with_visible_pledge_ids(self) -> None:
        pledge = make_pledge(politician=self.politician)
        [report] = base.activities(1, self.politician, pledge)
        body = self.get_json(f"/api/v1/activities?pledge={pledge.pk}")
        self.assertEqual(body["results"][0]["pledge_ids"], [pledge.pk])
        detail = self.get_json(f"/api/v1/activities/{report.pk}")
        self.assertEqual(detail["politician"], {"id": self.politician.pk, "name": "山田太郎"})

    def test_it_lists_comments_without_accounts(self) -> None:
        [report] = base.activities(1, self.politician)
        base.comments(1, report=report, user=self.alice, nickname="")
        body = self.get_json(f"/api/v1/activities/{report.pk}/comments")
        self.assertEqual(body["results"][0]["author"], "アリス")
        self.assertNotIn("user", body["results"][0])

    def test_it_lists_elections_and_candidacies(self) -> None:
        base.candidacies(2, self.election, self.party)
        body = self.get_json(f"/api/v1/elections/{self.election.pk}")
        self.assertEqual(body["candidate_count"], 2)
        body = self.get_json(f"/api/v1/candidacies?election={self.election.pk}")
        self.assertEqual(body["count"], 2)
        self.assertEqual(self.get_json("/api/v1/elections?upcoming=false&kind=mayor")["count"], 0)

    def test_it_shows_survey_results_unless_hidden(self) -> None:
        [survey] = base.surveys(1)
        body = self.get_json(f"/api/v1/surveys/{survey.pk}")
        self.assertEqual([row["label"] for row in body["results"]], ["はい", "いいえ"])
        Survey = type(survey)
        Survey.objects.filter(pk=survey.pk).update(
            hide_results_until_close=True, closes_at=survey.opens_at.replace(year=2099)
        )
        body = self.get_json(f"/api/v1/surveys/{survey.pk}")
        self.assertIsNone(body["results"])
        self.assertIsNone(body["respondent_count"])
        self.assertEqual(len(body["options"]), 2)

    def test_it_gives_site_statistics(self) -> None:
        body = self.get_json("/api/v1/stats")
        self.assertEqual(body["n_min"], 5)
        self.assertEqual(set(body["criteria"]), {"overall", "clarity", "feasibility", "sincerity"})
        self.assertEqual(body["criteria"]["overall"], {"mean": None, "sd": None, "pledges": 0})


class QueryCountTestCase(ApiTestCase):
    """Each list endpoint runs the same number of queries for 3 and for 300 rows."""

    def _queries(self, url: str, expected_rows: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = api_client().get(url)
        self.assertEqual(response.status_code, 200, response.content[:300])
        self.assertEqual(len(response.json()["results"]), expected_rows)
        return len(captured)

    def _check(self, url: str, build: Callable[[int], object], expected: int) -> None:
        build(3)
        few = self._queries(url, 3)
        build(297)
        many = self._queries(url, 300)
        self.assertEqual((few, many), (expected, expected), url)

    def test_it_keeps_politicians_constant(self) -> None:
        other = make_party(slug="other")
        self._check(
            "/api/v1/politicians?party=other&page_size=300",
            lambda n: base.politicians(n, other),
            2,
        )

    def test_it_keeps_parties_constant(self) -> None:
        self.party.delete()
        self._check("/api/v1/parties?page_size=300", base.parties, 2)

    def test_it_keeps_memberships_constant(self) -> None:
        url = f"/api/v1/memberships?politician={self.politician.pk}&page_size=300"
        self._check(url, lambda n: base.memberships(n, self.politician, self.party), 2)

    def test_it_keeps_pledges_constant(self) -> None:
        url = f"/api/v1/pledges?politician={self.politician.pk}&page_size=300"
        # count, statistics, rows, categories
        self._check(url, lambda n: base.pledges(n, self.politician), 4)

    def test_it_keeps_progress_reports_constant(self) -> None:
        pledge = make_pledge(politician=self.politician)
        url = f"/api/v1/pledges/{pledge.pk}/progress?page_size=300"
        self._check(url, lambda n: base.progress_reports(n, pledge), 4)

    def test_it_keeps_activities_constant(self) -> None:
        pledge = make_pledge(politician=self.politician)
        url = f"/api/v1/activities?politician={self.politician.pk}&page_size=300"
        self._check(url, lambda n: base.activities(n, self.politician, pledge), 3)

    def test_it_keeps_comments_constant(self) -> None:
        pledge = make_pledge(politician=self.politician)
        url = f"/api/v1/pledges/{pledge.pk}/comments?page_size=300"
        self._check(url, lambda n: base.comments(n, pledge=pledge), 3)

    def test_it_keeps_elections_constant(self) -> None:
        self.election.delete()
        self._check("/api/v1/elections?page_size=300", base.elections, 2)

    def test_it_keeps_candidacies_constant(self) -> None:
        url = f"/api/v1/candidacies?election={self.election.pk}&page_size=300"
        self._check(url, lambda n: base.candidacies(n, self.election, self.party), 2)

    def test_it_keeps_surveys_constant(self) -> None:
        self._check("/api/v1/surveys?page_size=300", base.surveys, 3)
