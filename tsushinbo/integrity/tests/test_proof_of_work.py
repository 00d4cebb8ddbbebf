"""ALTCHA proof of work on anonymous votes: self-hosted, verified, single use."""

from __future__ import annotations

import base64
import datetime
import json
from io import StringIO

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from tsushinbo.integrity.models import SpentProof
from tsushinbo.integrity.pow import new_challenge, solve_for_tests
from tsushinbo.integrity.tests.base import browser, solved_payload
from tsushinbo.pledges.models import Pledge
from tsushinbo.ratings.models import Vote
from tsushinbo.testing import BaseTestCase, make_pledge

VOTE = {"polarity": "good", "reason": "clarity"}


@override_settings(VOTE_POW=True, POW_COST=1)
class ProofOfWorkTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.pledge = make_pledge()
        self.url = f"/pledges/{self.pledge.pk}/vote/"

    def votes(self) -> int:
        return Pledge.objects.get(pk=self.pledge.pk).votes_good

    def test_it_serves_fresh_challenges_that_are_never_cached(self) -> None:
        r = browser().get("/integrity/challenge/")
        self.assertEqual(r.status_code, 200)
        self.assertIn("no-store", r["Cache-Control"])
        body = r.json()
        self.assertEqual(body["parameters"]["algorithm"], "PBKDF2/SHA-256")
        self.assertGreater(body["parameters"]["expiresAt"], timezone.now().timestamp())
        self.assertNotEqual(
            body["signature"], browser().get("/integrity/challenge/").json()["signature"]
        )
        self.assertEqual(browser().post("/integrity/challenge/").status_code, 405)

    def test_it_accepts_a_solved_challenge(self) -> None:
        r = browser().post(self.url, VOTE | {"altcha": solved_payload()})
        self.assertEqual(r.status_code, 302)
        self.assertEqual(self.votes(), 1)

    def test_it_refuses_an_anonymous_vote_without_a_proof(self) -> None:
        r = browser().post(self.url, VOTE)
        self.assertContains(r, "計算による確認が済んでいません", status_code=400)
        self.assertContains(r, "JavaScript を無効にしている場合は", status_code=400)
        self.assertEqual(self.votes(), 0)

    def test_it_refuses_a_replayed_solution(self) -> None:
        payload = solved_payload()
        self.assertEqual(browser().post(self.url, VOTE | {"altcha": payload}).status_code, 302)
        r = browser("198.51.100.1").post(self.url, VOTE | {"altcha": payload})
        self.assertContains(r, "この確認はすでに使われています", status_code=400)
        self.assertEqual(self.votes(), 1)
        self.assertEqual(SpentProof.objects.count(), 1)

    def test_it_refuses_tampered_expired_and_fake_payloads(self) -> None:
        challenge = new_challenge()
        tampered = dict(challenge, parameters=dict(challenge["parameters"], keyPrefix=""))
        with override_settings(POW_EXPIRES_MINUTES=-1):
            expired = solve_for_tests(new_challenge())
        test_mode = base64.b64encode(
            json.dumps({"challenge": None, "solution": None, "test": True}).encode()
        ).decode()
        cases = {
            "tampered": (solve_for_tests(tampered), "検証できませんでした"),
            "expired": (expired, "有効期限が切れました"),
            "widget test mode": (test_mode, "検証できませんでした"),
            "garbage": ("not base64 !!", "検証できませんでした"),
            "huge": ("A" * 10000, "検証できませんでした"),
        }
        for name, (payload, message) in cases.items():
            with self.subTest(name):
                r = browser().post(self.url, VOTE | {"altcha": payload})
                self.assertContains(r, message, status_code=400)
        self.assertEqual(self.votes(), 0)

    def test_it_does_not_ask_members_for_a_proof(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.client.post(self.url, VOTE).status_code, 302)

    def test_it_purges_expired_records(self) -> None:
        browser().post(self.url, VOTE | {"altcha": solved_payload()})
        SpentProof.objects.create(
            signature="old", expires_at=timezone.now() - datetime.timedelta(hours=1)
        )
        out = StringIO()
        call_command("purge_spent_proofs", "--dry-run", stdout=out)
        self.assertIn("1 expired records would be deleted", out.getvalue())
        call_command("purge_spent_proofs", stdout=StringIO())
        self.assertEqual(
            list(SpentProof.objects.values_list("signature", flat=True)).count("old"), 0
        )
        self.assertEqual(SpentProof.objects.count(), 1)
        self.assertFalse(Vote.objects.filter(voter_key="").exists())
