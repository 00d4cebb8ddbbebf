from __future__ import annotations

from tsushinbo.accounts.models import ClaimStatus, PoliticianClaim, User
from tsushinbo.accounts.permissions import Action, Role, can
from tsushinbo.accounts.tests.base import AccountsTestCase
from tsushinbo.audit.models import AuditEntry
from tsushinbo.testing import PASSWORD, make_politician, make_user

CLAIM = {"contact": "03-0000-0000", "evidence_url": "https://example.com/"}


class BanTestCase(AccountsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.gina = make_user("gina", "ジーナ", Role.MEMBER)

    def ban_gina(self) -> None:
        self.client.force_login(self.erin)
        response = self.client.post(f"/users/{self.gina.pk}/ban/", {"reason": "荒らし行為"})
        self.assertRedirects(response, f"/users/{self.gina.pk}/")

    def test_it_bans_with_a_reason_and_logs_it(self) -> None:
        self.client.force_login(self.erin)
        page = self.client.get(f"/users/{self.gina.pk}/")
        self.assertContains(page, "利用停止にする")
        self.client.post(f"/users/{self.gina.pk}/ban/", {"reason": ""})
        self.assertTrue(User.objects.get(pk=self.gina.pk).is_active)

        self.ban_gina()
        gina = User.objects.get(pk=self.gina.pk)
        self.assertFalse(gina.is_active)
        self.assertTrue(gina.is_banned)
        entry = AuditEntry.objects.get(action="user.ban")
        self.assertEqual((entry.actor, entry.reason), (self.erin, "荒らし行為"))
        self.assertContains(self.client.get(f"/users/{gina.pk}/"), "利用停止中")

    def test_it_rejects_their_pending_claims(self) -> None:
        pending = PoliticianClaim.objects.create(
            user=self.gina, politician=make_politician(), **CLAIM
        )
        self.ban_gina()
        pending.refresh_from_db()
        self.assertEqual(pending.status, ClaimStatus.REJECTED)
        self.client.force_login(self.erin)
        queue = self.client.get("/moderation/claims/")
        self.assertNotContains(queue, f'id="claim-{pending.pk}"')

    def test_it_stops_banned_users_logging_in(self) -> None:
        self.ban_gina()
        self.client.logout()
        response = self.client.post(
            "/accounts/login/", {"login": "gina@example.org", "password": PASSWORD}, follow=True
        )
        self.assertContains(response, "このアカウントは利用できません")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_ends_an_open_session_and_stops_posting(self) -> None:
        gina_client = self.client_class()
        gina_client.force_login(self.gina)
        self.ban_gina()
        self.assertEqual(gina_client.get("/me/").status_code, 302)
        response = gina_client.post(f"/politicians/{self.politician.pk}/follow/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])
        response = gina_client.post(f"/politicians/{self.politician.pk}/claim/", CLAIM)
        self.assertFalse(PoliticianClaim.objects.filter(user=self.gina).exists())
        self.assertFalse(can(User.objects.get(pk=self.gina.pk), Action.POST_COMMENT))

    def test_it_unbans(self) -> None:
        self.ban_gina()
        self.client.post(f"/users/{self.gina.pk}/unban/", {"reason": "誤りでした"})
        self.assertTrue(User.objects.get(pk=self.gina.pk).is_active)
        self.assertTrue(AuditEntry.objects.filter(action="user.unban").exists())

    def test_it_refuses_members(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.post(f"/users/{self.gina.pk}/ban/", {"reason": "嫌い"})
        self.assertContains(response, "権限がありません", status_code=403)
        self.assertTrue(User.objects.get(pk=self.gina.pk).is_active)
        self.assertNotContains(self.client.get(f"/users/{self.gina.pk}/"), "利用停止にする")

    def test_it_grants_and_revokes_trusted_membership(self) -> None:
        self.client.force_login(self.erin)
        self.client.post(f"/users/{self.gina.pk}/trust/", {"reason": ""})
        self.assertTrue(can(User.objects.get(pk=self.gina.pk), Action.SKIP_REVIEW))
        self.assertContains(self.client.get(f"/users/{self.gina.pk}/"), "信頼済み会員を解除する")
        self.client.post(f"/users/{self.gina.pk}/untrust/", {"reason": ""})
        self.assertFalse(can(User.objects.get(pk=self.gina.pk), Action.SKIP_REVIEW))
        actions = AuditEntry.objects.values_list("action", flat=True)
        self.assertIn("user.grant_trusted", actions)
        self.assertIn("user.revoke_trusted", actions)

    def test_it_returns_404_for_unknown_users(self) -> None:
        self.client.force_login(self.erin)
        self.assertEqual(self.client.post("/users/999999/ban/", {"reason": "x"}).status_code, 404)
        self.assertEqual(self.client.get("/users/999999/ban/").status_code, 405)
