"""GET /api/v1/pledges/<id>: the shape of issue 9 item 2, agreeing with the pledge page."""

from __future__ import annotations

from tsushinbo.api.tests import base
from tsushinbo.api.tests.base import ApiTestCase, api_client
from tsushinbo.moderation.models import ReviewStatus
from tsushinbo.pledges.models import Pledge
from tsushinbo.ratings.tests.base import account_voter, cast, cast_many
from tsushinbo.ratings.tests.test_pledge_evaluation import table_cells
from tsushinbo.testing import make_pledge

SCORE_KEYS = {"score", "n", "deviation", "mean", "sd", "wilson"}
LABELS = {"overall": "総合", "clarity": "明確さ", "feasibility": "現実性", "sincerity": "誠実さ"}


def _shown(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


class PledgeShapeTestCase(ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.pledge = make_pledge(politician=self.politician, election=self.election)
        self.url = f"/api/v1/pledges/{self.pledge.pk}"

    def test_it_has_the_shape_of_item_2(self) -> None:
        body = self.get_json(self.url)
        for key in (
            "id",
            "title",
            "body",
            "owner",
            "source_url",
            "election_id",
            "deadline",
            "progress",
            "votes",
            "scores",
            "counts",
        ):
            self.assertIn(key, body)
        self.assertEqual(
            body["owner"], {"type": "politician", "id": self.politician.pk, "name": "山田太郎"}
        )
        self.assertEqual(body["election_id"], self.election.pk)
        self.assertEqual(body["progress"]["status"], "not_rated")
        self.assertEqual(body["progress"]["percent"], 0)
        votes = body["votes"]
        self.assertEqual(
            set(votes), {"good", "bad", "voided", "by_reason", "registered", "anonymous"}
        )
        self.assertEqual(set(votes["by_reason"]), {"clarity", "feasibility", "sincerity", "other"})
        self.assertEqual(votes["by_reason"]["other"], {"good": 0, "bad": 0})
        self.assertEqual(set(body["scores"]), set(LABELS))
        for score in body["scores"].values():
            self.assertEqual(set(score), SCORE_KEYS)
            self.assertIsNone(score["score"])  # no votes: nothing shown (SPEC §3)
            self.assertIsNone(score["deviation"])
        self.assertEqual(body["counts"], {"activities": 0, "progress_reports": 0, "comments": 0})

    def test_it_names_a_party_owner(self) -> None:
        pledge = make_pledge(party=self.party)
        body = self.get_json(f"/api/v1/pledges/{pledge.pk}")
        self.assertEqual(body["owner"], {"type": "party", "id": self.party.pk, "name": "未来党"})

    def test_it_holds_the_worked_example(self) -> None:
        cast_many(self.pledge, "good", "other", 56)
        cast_many(self.pledge, "bad", "other", 7)
        overall = self.get_json(self.url)["scores"]["overall"]
        self.assertEqual((overall["score"], overall["n"]), (89, 63))
        low, high = overall["wilson"]
        self.assertTrue(78 < low < 89 < high < 95, overall["wilson"])

    def test_it_splits_registered_and_anonymous_votes(self) -> None:
        cast(self.pledge, "good", "clarity", account_voter(self.alice))
        cast(self.pledge, "bad", "sincerity")
        cast(self.pledge, "good", "feasibility")
        votes = self.get_json(self.url)["votes"]
        self.assertEqual((votes["good"], votes["bad"]), (2, 1))
        self.assertEqual(votes["registered"], {"good": 1, "bad": 0})
        self.assertEqual(votes["anonymous"], {"good": 1, "bad": 1})
        self.assertEqual(votes["by_reason"]["sincerity"], {"good": 0, "bad": 1})

    def test_it_counts_only_public_activities_and_comments(self) -> None:
        base.activities(2, self.politician, self.pledge)
        base.activities(
            1, self.politician, self.pledge, status=ReviewStatus.PENDING, published_at=None
        )
        base.comments(1, pledge=self.pledge)
        base.comments(1, pledge=self.pledge, status=ReviewStatus.PENDING, published_at=None)
        base.progress_reports(1, self.pledge)
        Pledge.objects.filter(pk=self.pledge.pk).update(progress_count=1)
        counts = self.get_json(self.url)["counts"]
        self.assertEqual(counts, {"activities": 2, "progress_reports": 1, "comments": 1})
        page = api_client().get(f"/pledges/{self.pledge.pk}/")
        self.assertContains(page, "進捗1件")

    def test_it_runs_three_queries(self) -> None:
        client = api_client()
        with self.assertNumQueries(3):  # pledge with counts, categories, statistics
            client.get(self.url)


class PledgeAgreesWithPageTestCase(ApiTestCase):
    """Every figure of the page's 評価 table is the API's, for a pledge among others."""

    def test_it_agrees_with_the_evaluation_table(self) -> None:
        pledges = [make_pledge(politician=self.politician) for _ in range(4)]
        for index, pledge in enumerate(pledges):
            for reason in ("clarity", "feasibility", "sincerity"):
                cast_many(pledge, "good", reason, 5 + index * 3)
                cast_many(pledge, "bad", reason, 2 + index)
        subject = pledges[1]
        cast_many(subject, "good", "other", 2)
        page = api_client().get(f"/pledges/{subject.pk}/")
        cells = table_cells(page.content.decode())
        scores = self.get_json(f"/api/v1/pledges/{subject.pk}")["scores"]
        for key, label in LABELS.items():
            score = scores[key]
            shown_score = "—" if score["score"] is None else f"{score['score']} / 100"
            deviation = "評価数不足" if score["deviation"] is None else f"{score['deviation']:.1f}"
            self.assertEqual(
                cells[label],
                [
                    shown_score,
                    deviation,
                    _shown(score["mean"]),
                    _shown(score["sd"]),
                    f"n={score['n']}",
                ],
                key,
            )
        self.assertIsNotNone(scores["clarity"]["deviation"])
        stats = self.get_json("/api/v1/stats")["criteria"]
        self.assertEqual(stats["clarity"]["mean"], scores["clarity"]["mean"])
        self.assertEqual(stats["clarity"]["pledges"], 4)


class PledgeEtagTestCase(ApiTestCase):
    def test_it_answers_304_until_the_pledge_changes(self) -> None:
        pledge = make_pledge(politician=self.politician)
        url = f"/api/v1/pledges/{pledge.pk}"
        client = api_client()
        etag = client.get(url)["ETag"]
        self.assertTrue(etag)
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        self.assertEqual(again.status_code, 304)
        self.assertEqual(again["Access-Control-Allow-Origin"], "*")
        cast(pledge, "good", "clarity")
        changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
        self.assertEqual(changed.status_code, 200)
        self.assertNotEqual(changed["ETag"], etag)
