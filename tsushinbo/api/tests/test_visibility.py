"""Nothing pending, rejected, hidden or private reaches any endpoint (SPEC §5)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tsushinbo.api.tests import base
from tsushinbo.api.tests.base import ApiTestCase, api_client
from tsushinbo.moderation.models import ReviewStatus
from tsushinbo.pledges.models import ReviewStatus as PledgeReview
from tsushinbo.ratings.models import Vote
from tsushinbo.ratings.tests.base import account_voter, anonymous_voter, cast
from tsushinbo.surveys.models import SurveyAnswer
from tsushinbo.testing import make_pledge

SECRET = "非公開マーカー"


class VisibilityTestCase(ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.pledge = make_pledge(politician=self.politician, title="公開の公約")
        self.hidden_pledges = [
            make_pledge(
                politician=self.politician,
                title=f"{SECRET}確認待ち",
                review_status=PledgeReview.PENDING,
            ),
            make_pledge(
                politician=self.politician,
                title=f"{SECRET}却下",
                review_status=PledgeReview.REJECTED,
            ),
        ]
        [self.report] = base.activities(1, self.politician, self.pledge)
        for pledge in self.hidden_pledges:  # linked from a public report: the ids must not leak
            self.report.pledges.add(pledge)
        self.hidden_reports = [
            *base.activities(
                1,
                self.politician,
                title=f"{SECRET}報告",
                status=ReviewStatus.PENDING,
                published_at=None,
            ),
            *base.activities(1, self.politician, status=ReviewStatus.REJECTED, body=SECRET),
            *base.activities(1, self.politician, is_hidden=True, body=SECRET),
        ]
        [visible] = base.comments(1, report=self.report)
        base.comments(
            1, report=self.report, status=ReviewStatus.PENDING, published_at=None, body=SECRET
        )
        base.comments(1, pledge=self.pledge, status=ReviewStatus.REJECTED, body=SECRET)
        [flagged] = base.comments(1, pledge=self.pledge, is_hidden=True, body=SECRET)
        base.comments(
            1, pledge=self.pledge, parent=flagged, body=SECRET
        )  # reply in a hidden thread
        base.comments(
            1, report=self.report, parent=visible, user=self.alice, nickname="", body="返信"
        )
        base.progress_reports(1, self.pledge, review_status=PledgeReview.PENDING, note=SECRET)
        base.progress_reports(1, self.pledge, review_status=PledgeReview.REJECTED, note=SECRET)
        base.memberships(1, self.politician, self.party)
        base.candidacies(1, self.election, self.party)
        [self.survey] = base.surveys(1)
        [self.future_survey] = base.surveys(
            1, question=f"{SECRET}未来", opens_at=timezone.now() + datetime.timedelta(days=3)
        )
        cast(self.pledge, "good", "clarity", account_voter(self.alice))
        cast(
            self.pledge,
            "bad",
            "other",
            anonymous_voter(network="net-secret-key", key="voter-secret-key"),
        )
        SurveyAnswer.objects.create(
            survey=self.survey, voter_key="answer-secret-key", network_key="answer-net-key"
        )

    def _urls(self) -> list[str]:
        pledge, report, politician = self.pledge.pk, self.report.pk, self.politician.pk
        return [
            "/api/v1/politicians?page_size=500",
            f"/api/v1/politicians/{politician}",
            "/api/v1/parties?page_size=500",
            "/api/v1/parties/mirai",
            "/api/v1/memberships?page_size=500",
            "/api/v1/pledges?page_size=500",
            f"/api/v1/pledges?politician={politician}&page_size=500",
            f"/api/v1/pledges/{pledge}",
            f"/api/v1/pledges/{pledge}/progress?page_size=500",
            f"/api/v1/pledges/{pledge}/comments?page_size=500",
            "/api/v1/activities?page_size=500",
            f"/api/v1/activities/{report}",
            f"/api/v1/activities/{report}/comments?page_size=500",
            "/api/v1/elections?page_size=500",
            f"/api/v1/elections/{self.election.pk}",
            "/api/v1/candidacies?page_size=500",
            "/api/v1/surveys?page_size=500",
            f"/api/v1/surveys/{self.survey.pk}",
            "/api/v1/stats",
        ]

    def test_it_shows_nothing_non_public_or_private_anywhere(self) -> None:
        private = [
            SECRET,
            "@example.org",
            "voter-secret-key",
            "net-secret-key",
            "answer-secret-key",
            "answer-net-key",
            *Vote.objects.values_list("network_key", flat=True),
            "alice",  # the username (アリス is her public display name)
        ]
        for url in self._urls():
            response = api_client().get(url)
            self.assertEqual(response.status_code, 200, url)
            text = response.content.decode()
            for value in private:
                self.assertNotIn(value, text, f"{value!r} in {url}")

    def test_it_never_names_the_account_behind_a_vote(self) -> None:
        text = api_client().get(f"/api/v1/pledges/{self.pledge.pk}").content.decode()
        self.assertNotIn(f'"user_id": {self.alice.pk}', text)
        self.assertNotIn("voter_key", text)
        self.assertNotIn("network_key", text)

    def test_it_does_not_link_hidden_pledges_from_a_report(self) -> None:
        body = self.get_json(f"/api/v1/activities/{self.report.pk}")
        self.assertEqual(body["pledge_ids"], [self.pledge.pk])

    def test_it_counts_only_the_public(self) -> None:
        self.assertEqual(self.get_json("/api/v1/pledges")["count"], 1)
        self.assertEqual(self.get_json("/api/v1/activities")["count"], 1)
        self.assertEqual(self.get_json(f"/api/v1/pledges/{self.pledge.pk}/comments")["count"], 0)
        self.assertEqual(self.get_json(f"/api/v1/activities/{self.report.pk}/comments")["count"], 2)
        self.assertEqual(self.get_json(f"/api/v1/pledges/{self.pledge.pk}/progress")["count"], 0)
        self.assertEqual(self.get_json("/api/v1/surveys")["count"], 1)
        self.assertEqual(self.get_json("/api/v1/parties/mirai")["pledge_count"], 0)

    def test_it_answers_404_for_non_public_objects(self) -> None:
        urls = [
            *(f"/api/v1/pledges/{pledge.pk}" for pledge in self.hidden_pledges),
            *(f"/api/v1/pledges/{pledge.pk}/comments" for pledge in self.hidden_pledges),
            *(f"/api/v1/pledges/{pledge.pk}/progress" for pledge in self.hidden_pledges),
            *(f"/api/v1/activities/{report.pk}" for report in self.hidden_reports),
            *(f"/api/v1/activities/{report.pk}/comments" for report in self.hidden_reports),
            f"/api/v1/surveys/{self.future_survey.pk}",
        ]
        for url in urls:
            body = self.get_json(url, status=404)
            self.assertEqual(body["error"]["code"], "not_found", url)

    def test_it_refuses_writes_to_non_public_objects(self) -> None:
        client = api_client()
        for url in (
            f"/api/v1/pledges/{self.hidden_pledges[0].pk}/votes",
            f"/api/v1/pledges/{self.hidden_pledges[1].pk}/comments",
            f"/api/v1/activities/{self.hidden_reports[0].pk}/comments",
            f"/api/v1/surveys/{self.future_survey.pk}/answers",
        ):
            response = client.post(
                url,
                '{"polarity": "good", "reason": "clarity", "body": "x", "nickname": "y", "choice": [1]}',
                content_type="application/json",
            )
            self.assertEqual(response.status_code, 404, url)
