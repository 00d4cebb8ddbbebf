"""POST endpoints: the same permissions, CSRF, proof of work and rate limits as the pages."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.test import Client, override_settings
from django.utils import timezone

from tsushinbo.api.tests import base
from tsushinbo.api.tests.base import ApiTestCase
from tsushinbo.comments.models import Comment
from tsushinbo.integrity.checks import HONEYPOT_MESSAGE
from tsushinbo.integrity.pow import solve_for_tests
from tsushinbo.moderation.models import ReviewStatus
from tsushinbo.pledges.models import Pledge
from tsushinbo.ratings.actions import void_votes
from tsushinbo.ratings.models import VoidReason, Vote
from tsushinbo.surveys.actions import CHOOSE_ONE, UNKNOWN_OPTION
from tsushinbo.surveys.models import SurveyAnswer
from tsushinbo.testing import make_pledge


def post(client: Client, url: str, data: dict[str, Any], **extra: Any) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json", **extra)


def browser(ip: str = "198.51.100.4") -> Client:
    return Client(
        REMOTE_ADDR=ip, HTTP_USER_AGENT="Mozilla/5.0 (X11) Firefox", enforce_csrf_checks=True
    )


def with_token(client: Client) -> dict[str, str]:
    """What a script does first: GET /api/v1/csrf, then send the token back as a header."""
    token = client.get("/api/v1/csrf").json()["csrf_token"]
    return {"HTTP_X_CSRFTOKEN": token}


class VoteTestCase(ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.pledge = make_pledge(politician=self.politician)
        self.url = f"/api/v1/pledges/{self.pledge.pk}/votes"

    def test_it_refuses_a_write_without_the_csrf_token(self) -> None:
        response = post(browser(), self.url, {"polarity": "good", "reason": "clarity"})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["error"]["code"], "csrf_failed")
        self.assertFalse(Vote.objects.exists())

    def test_it_counts_a_members_vote_as_registered(self) -> None:
        client = browser()
        client.force_login(self.alice)
        response = post(
            client, self.url, {"polarity": "good", "reason": "clarity"}, **with_token(client)
        )
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual(body["message"], "評価を受け付けました：支持（明確・的確）")
        self.assertEqual(body["pledge"]["votes"]["registered"], {"good": 1, "bad": 0})
        self.assertEqual(Vote.objects.get().user, self.alice)

    def test_it_changes_an_anonymous_vote_from_the_same_client(self) -> None:
        client = browser()
        headers = with_token(client)
        first = post(client, self.url, {"polarity": "good", "reason": "clarity"}, **headers)
        self.assertEqual(first.status_code, 200, first.content)
        self.assertIn("tsushinbo_voter", first.cookies)
        second = post(client, self.url, {"polarity": "bad", "reason": "other"}, **headers)
        self.assertEqual(second.json()["message"], "評価を変更しました：不支持（評価しない）")
        self.assertEqual(Vote.objects.count(), 1)
        self.assertEqual(second.json()["pledge"]["votes"]["anonymous"], {"good": 0, "bad": 1})

    def test_it_rejects_a_bad_reason_with_the_forms_message(self) -> None:
        client = browser()
        response = post(
            client, self.url, {"polarity": "good", "reason": "mood"}, **with_token(client)
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.json()["error"], {"code": "bad_request", "message": "理由を選んでください。"}
        )

    def test_it_answers_422_for_a_missing_field(self) -> None:
        client = browser()
        response = post(client, self.url, {"polarity": "good"}, **with_token(client))
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["error"]["code"], "invalid")

    @override_settings(VOTE_POW=True, POW_COST=1)
    def test_it_needs_a_solved_single_use_proof_from_anonymous_clients(self) -> None:
        client = browser()
        headers = with_token(client)
        missing = post(client, self.url, {"polarity": "good", "reason": "clarity"}, **headers)
        self.assertEqual(missing.status_code, 400)
        self.assertIn("計算による確認", missing.json()["error"]["message"])
        challenge = client.get("/integrity/challenge/").json()
        proof = solve_for_tests(challenge)
        data = {"polarity": "good", "reason": "clarity", "altcha": proof}
        self.assertEqual(post(client, self.url, data, **headers).status_code, 200)
        replayed = post(client, self.url, data | {"reason": "other"}, **headers)
        self.assertEqual(replayed.status_code, 400)
        self.assertIn("すでに使われています", replayed.json()["error"]["message"])

    @override_settings(VOTE_POW=True, POW_COST=1)
    def test_it_lets_members_vote_without_a_proof(self) -> None:
        client = browser()
        client.force_login(self.bob)
        response = post(
            client, self.url, {"polarity": "bad", "reason": "sincerity"}, **with_token(client)
        )
        self.assertEqual(response.status_code, 200)

    def test_it_refuses_the_honeypot(self) -> None:
        client = browser()
        data = {"polarity": "good", "reason": "clarity", "website": "http://spam.example"}
        response = post(client, self.url, data, **with_token(client))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error"]["message"], HONEYPOT_MESSAGE)
        self.assertFalse(Vote.objects.exists())

    @override_settings(VOTE_RATE_LIMIT="2/h", VOTE_PLEDGE_RATE_LIMIT="100/d")
    def test_it_rate_limits_anonymous_votes_per_network_with_retry_after(self) -> None:
        for n in range(2):
            client = browser()
            ok = post(
                client, self.url, {"polarity": "good", "reason": "clarity"}, **with_token(client)
            )
            self.assertEqual(ok.status_code, 200, n)
        client = browser()
        limited = post(
            client, self.url, {"polarity": "good", "reason": "clarity"}, **with_token(client)
        )
        self.assertEqual(limited.status_code, 429)
        self.assertEqual(limited.json()["error"]["code"], "rate_limited")
        self.assertGreater(int(limited["Retry-After"]), 0)

    def test_it_refuses_to_change_a_voided_vote(self) -> None:
        client = browser()
        client.force_login(self.alice)
        headers = with_token(client)
        post(client, self.url, {"polarity": "good", "reason": "clarity"}, **headers)
        void_votes(actor=self.erin, votes=Vote.objects.all(), reason=VoidReason.values[0])
        response = post(client, self.url, {"polarity": "bad", "reason": "clarity"}, **headers)
        self.assertEqual(response.status_code, 403)
        self.assertIn("無効化", response.json()["error"]["message"])

    def test_it_refuses_an_inactive_account(self) -> None:
        self.bob.is_active = False
        self.bob.save()
        client = browser()
        client.force_login(self.bob)
        client.cookies.clear()
        client.force_login(self.bob)
        response = post(
            client, self.url, {"polarity": "good", "reason": "clarity"}, **with_token(client)
        )
        # An inactive account cannot sign in: the request is an anonymous one and counts as such.
        self.assertIn(response.status_code, (200, 403))
        self.assertFalse(Vote.objects.filter(user=self.bob).exists())

    def test_it_does_not_vote_on_a_pending_pledge(self) -> None:
        Pledge.objects.filter(pk=self.pledge.pk).update(review_status="pending")
        client = browser()
        response = post(
            client, self.url, {"polarity": "good", "reason": "clarity"}, **with_token(client)
        )
        self.assertEqual(response.status_code, 404)


class CommentTestCase(ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.pledge = make_pledge(politician=self.politician)
        [self.report] = base.activities(1, self.politician)

    def test_it_holds_an_anonymous_comment_for_review(self) -> None:
        client = browser()
        data = {"body": "財源は？", "nickname": "有権者"}
        response = post(
            client, f"/api/v1/pledges/{self.pledge.pk}/comments", data, **with_token(client)
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["status"], "pending")
        self.assertIn("24時間以内", response.json()["message"])
        listed = client.get(f"/api/v1/pledges/{self.pledge.pk}/comments").json()
        self.assertEqual(listed["count"], 0)

    def test_it_needs_a_nickname_from_anonymous_clients(self) -> None:
        client = browser()
        url = f"/api/v1/activities/{self.report.pk}/comments"
        response = post(client, url, {"body": "よい活動"}, **with_token(client))
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["error"]["message"], "ニックネームを入力してください。")

    def test_it_publishes_a_trusted_members_comment(self) -> None:
        client = browser()
        client.force_login(self.dave)
        url = f"/api/v1/activities/{self.report.pk}/comments"
        response = post(client, url, {"body": "現地で見ました"}, **with_token(client))
        self.assertEqual(response.json()["status"], "approved")
        listed = client.get(url).json()["results"]
        self.assertEqual([row["author"] for row in listed], ["デイブ"])

    @override_settings(COMMENTS_REQUIRE_ACCOUNT=True)
    def test_it_answers_401_when_comments_need_an_account(self) -> None:
        client = browser()
        data = {"body": "財源は？", "nickname": "有権者"}
        response = post(
            client, f"/api/v1/pledges/{self.pledge.pk}/comments", data, **with_token(client)
        )
        self.assertEqual(response.status_code, 401)
        self.assertFalse(Comment.objects.exists())

    def test_it_does_not_reply_to_a_pending_comment(self) -> None:
        [pending] = base.comments(
            1, pledge=self.pledge, status=ReviewStatus.PENDING, published_at=None
        )
        client = browser()
        client.force_login(self.dave)
        data = {"body": "同感です", "parent": pending.pk}
        response = post(
            client, f"/api/v1/pledges/{self.pledge.pk}/comments", data, **with_token(client)
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["error"]["message"], "返信先のコメントが見つかりません。")
        self.assertEqual(Comment.objects.count(), 1)


class SurveyAnswerTestCase(ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        [self.survey] = base.surveys(1)
        self.options = list(self.survey.options.all())
        self.url = f"/api/v1/surveys/{self.survey.pk}/answers"

    def test_it_records_one_answer_per_voter(self) -> None:
        client = browser()
        headers = with_token(client)
        first = post(client, self.url, {"choice": [self.options[0].pk]}, **headers)
        self.assertEqual(first.status_code, 201, first.content)
        self.assertEqual(first.json()["survey"]["results"][0]["count"], 1)
        again = post(client, self.url, {"choice": [self.options[1].pk]}, **headers)
        self.assertEqual(again.status_code, 409)
        self.assertIn("すでに回答", again.json()["error"]["message"])
        self.assertEqual(SurveyAnswer.objects.count(), 1)

    def test_it_takes_one_option_for_a_single_choice_survey(self) -> None:
        client = browser()
        choice = [option.pk for option in self.options]
        response = post(client, self.url, {"choice": choice}, **with_token(client))
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["error"]["message"], CHOOSE_ONE)
        self.assertFalse(SurveyAnswer.objects.exists())

    def test_it_refuses_an_unknown_option(self) -> None:
        client = browser()
        response = post(client, self.url, {"choice": [999999]}, **with_token(client))
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["error"]["message"], UNKNOWN_OPTION)
        self.assertFalse(SurveyAnswer.objects.exists())

    def test_it_refuses_a_closed_survey(self) -> None:
        type(self.survey).objects.filter(pk=self.survey.pk).update(
            closes_at=timezone.now() - datetime.timedelta(minutes=1)
        )
        client = browser()
        response = post(client, self.url, {"choice": [self.options[0].pk]}, **with_token(client))
        self.assertEqual(response.status_code, 409)
        self.assertIn("締め切られました", response.json()["error"]["message"])
