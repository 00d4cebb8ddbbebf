from __future__ import annotations

import datetime

from django.template.loader import render_to_string
from django.utils import timezone

from tsushinbo.accounts.models import ClaimStatus, PoliticianClaim, User
from tsushinbo.accounts.tests.base import AccountsTestCase
from tsushinbo.audit.models import AuditEntry
from tsushinbo.politicians.models import Politician
from tsushinbo.testing import make_pledge, make_politician

CLAIM = {
    "contact": "03-1234-5678（事務所）",
    "evidence_url": "https://example.com/official",
    "note": "秘書の鈴木です。",
}


def byline(user: User | None, politician: Politician | None) -> str:
    return render_to_string("accounts/_author.html", {"user": user, "politician": politician})


class ClaimsTestCase(AccountsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.mayor = make_politician(family_name="山本", given_name="花子")

    def file_as_alice(self) -> PoliticianClaim:
        self.client.force_login(self.alice)
        response = self.client.post(f"/politicians/{self.mayor.pk}/claim/", CLAIM)
        self.assertRedirects(response, "/me/")
        return PoliticianClaim.objects.get(user=self.alice)

    def test_it_files_a_claim(self) -> None:
        self.client.force_login(self.alice)
        page = self.client.get(f"/politicians/{self.mayor.pk}/claim/")
        self.assertContains(page, "本人確認の申請")
        self.assertContains(page, "事務所の連絡先")
        claim = self.file_as_alice()
        self.assertEqual(claim.status, ClaimStatus.PENDING)
        me = self.client.get("/me/")
        self.assertContains(me, "山本花子")
        self.assertContains(me, "審査待ち")

    def test_it_rejects_non_web_evidence(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.post(
            f"/politicians/{self.mayor.pk}/claim/", CLAIM | {"evidence_url": "javascript:alert(1)"}
        )
        self.assertContains(response, "URLを正しく入力してください。")
        response = self.client.post(
            f"/politicians/{self.mayor.pk}/claim/", CLAIM | {"evidence_url": "ftp://example.com/"}
        )
        self.assertContains(response, "URLを正しく入力してください。")
        self.assertFalse(PoliticianClaim.objects.exists())

    def test_it_refuses_a_second_pending_claim(self) -> None:
        self.file_as_alice()
        response = self.client.post(f"/politicians/{self.mayor.pk}/claim/", CLAIM)
        self.assertContains(response, "すでに審査待ちです")
        self.assertEqual(PoliticianClaim.objects.count(), 1)

    def test_it_needs_a_verified_member(self) -> None:
        self.assertEqual(self.client.get(f"/politicians/{self.mayor.pk}/claim/").status_code, 302)
        self.client.force_login(self.frank)  # already verified as another politician
        response = self.client.get(f"/politicians/{self.mayor.pk}/claim/")
        self.assertContains(response, "まだ本人確認を受けていない会員", status_code=403)
        self.assertEqual(self.client.get("/politicians/999999/claim/").status_code, 404)

    def test_it_shows_moderators_the_oldest_pending_first_with_its_age(self) -> None:
        newer = self.file_as_alice()
        older = PoliticianClaim.objects.create(user=self.bob, politician=make_politician(), **CLAIM)
        PoliticianClaim.objects.filter(pk=older.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=3)
        )
        self.client.force_login(self.erin)
        page = self.client.get("/moderation/claims/")
        html = page.content.decode()
        self.assertLess(html.index(f'id="claim-{older.pk}"'), html.index(f'id="claim-{newer.pk}"'))
        self.assertContains(page, "3日前")
        self.assertContains(page, "審査待ち 2件")
        self.assertContains(page, 'rel="nofollow ugc noopener"')
        self.assertContains(page, "秘書の鈴木です。")

    def test_it_keeps_the_queue_from_members(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.get("/moderation/claims/")
        self.assertContains(response, "モデレーターのみ", status_code=403)
        self.client.logout()
        self.assertRedirects(
            self.client.get("/moderation/claims/"), "/accounts/login/?next=/moderation/claims/"
        )

    def test_it_explains_an_unknown_status_filter(self) -> None:
        self.client.force_login(self.erin)
        response = self.client.get("/moderation/claims/?status=bogus")
        self.assertContains(response, "指定された状態は存在しない")

    def test_it_approves_and_the_badge_appears(self) -> None:
        claim = self.file_as_alice()
        pledge = make_pledge(politician=self.mayor, created_by=self.alice)
        self.assertNotIn("本人", byline(self.alice, self.mayor))

        self.client.force_login(self.erin)
        response = self.client.post(f"/moderation/claims/{claim.pk}/approve/", {"reason": ""})
        self.assertRedirects(response, "/moderation/claims/")
        claim.refresh_from_db()
        self.assertEqual((claim.status, claim.decided_by), (ClaimStatus.APPROVED, self.erin))
        alice = User.objects.get(pk=self.alice.pk)
        self.assertEqual(alice.politician, self.mayor)
        self.assertTrue(AuditEntry.objects.filter(action="claim.approve", actor=self.erin).exists())

        pledge.refresh_from_db()
        self.assertIn(">本人</span>", byline(pledge.created_by, pledge.politician))
        self.assertNotIn("本人", byline(pledge.created_by, make_politician()))
        self.assertContains(self.client.get(f"/users/{alice.pk}/"), "本人確認済みアカウント")

    def test_it_revokes_and_the_badge_goes(self) -> None:
        claim = self.file_as_alice()
        self.client.force_login(self.erin)
        self.client.post(f"/moderation/claims/{claim.pk}/approve/")
        response = self.client.post(f"/moderation/claims/{claim.pk}/revoke/", {"reason": ""})
        self.assertEqual(User.objects.get(pk=self.alice.pk).politician, self.mayor)  # reason needed
        self.assertRedirects(response, "/moderation/claims/")

        self.client.post(f"/moderation/claims/{claim.pk}/revoke/", {"reason": "事務所から否認"})
        alice = User.objects.get(pk=self.alice.pk)
        self.assertIsNone(alice.politician)
        self.assertNotIn("本人", byline(alice, self.mayor))
        claim.refresh_from_db()
        self.assertEqual((claim.status, claim.reason), (ClaimStatus.REVOKED, "事務所から否認"))
        self.assertTrue(
            AuditEntry.objects.filter(action="claim.revoke", reason="事務所から否認").exists()
        )

    def test_it_rejects_with_a_reason(self) -> None:
        claim = self.file_as_alice()
        self.client.force_login(self.erin)
        self.client.post(f"/moderation/claims/{claim.pk}/reject/", {"reason": ""})
        claim.refresh_from_db()
        self.assertEqual(claim.status, ClaimStatus.PENDING)
        self.client.post(
            f"/moderation/claims/{claim.pk}/reject/", {"reason": "公式ページで確認できない"}
        )
        claim.refresh_from_db()
        self.assertEqual(claim.status, ClaimStatus.REJECTED)
        self.client.force_login(self.alice)
        self.assertContains(self.client.get("/me/"), "公式ページで確認できない")

    def test_it_keeps_one_verified_account_per_politician(self) -> None:
        first = self.file_as_alice()
        second = PoliticianClaim.objects.create(user=self.bob, politician=self.mayor, **CLAIM)
        self.client.force_login(self.erin)
        self.client.post(f"/moderation/claims/{first.pk}/approve/")
        response = self.client.post(f"/moderation/claims/{second.pk}/approve/", follow=True)
        self.assertContains(response, "すでに本人確認済みのアカウントがあります")
        self.assertIsNone(User.objects.get(pk=self.bob.pk).politician)

    def test_it_stops_moderators_deciding_their_own_claim(self) -> None:
        own = PoliticianClaim.objects.create(user=self.erin, politician=self.mayor, **CLAIM)
        self.client.force_login(self.erin)
        response = self.client.post(f"/moderation/claims/{own.pk}/approve/")
        self.assertEqual(response.status_code, 403)
        own.refresh_from_db()
        self.assertEqual(own.status, ClaimStatus.PENDING)

    def test_it_ignores_unsafe_return_addresses(self) -> None:
        claim = self.file_as_alice()
        self.client.force_login(self.erin)
        response = self.client.post(
            f"/moderation/claims/{claim.pk}/reject/",
            {"reason": "確認できない", "next": "https://evil.example/"},
        )
        self.assertRedirects(response, "/moderation/claims/")

    def test_it_lists_the_queue_in_constant_queries(self) -> None:
        self.client.force_login(self.erin)

        def fill(n: int) -> None:
            politicians = [make_politician() for _ in range(n)]
            users = User.objects.bulk_create(
                User(username=f"claimant{p.pk}", display_name="申請者") for p in politicians
            )
            PoliticianClaim.objects.bulk_create(
                PoliticianClaim(user=u, politician=p, **CLAIM)
                for u, p in zip(users, politicians, strict=True)
            )

        fill(3)
        with self.assertNumQueries(7):
            self.assertEqual(self.client.get("/moderation/claims/").status_code, 200)
        fill(27)
        with self.assertNumQueries(7):
            self.client.get("/moderation/claims/")
