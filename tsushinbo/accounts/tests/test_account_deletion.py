from __future__ import annotations

from allauth.account.models import EmailAddress
from django.template.loader import render_to_string

from tsushinbo.accounts.actions import file_claim, follow_politician
from tsushinbo.accounts.models import ClaimStatus, User
from tsushinbo.accounts.permissions import Role
from tsushinbo.accounts.tests.base import AccountsTestCase
from tsushinbo.audit.models import AuditEntry
from tsushinbo.testing import PASSWORD, make_pledge, make_user


class AccountDeletionTestCase(AccountsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.sakura = make_user("sakura", "さくら", Role.MEMBER)
        self.pledge = make_pledge(politician=self.politician, created_by=self.sakura)

    def test_it_asks_for_the_password(self) -> None:
        self.client.force_login(self.sakura)
        page = self.client.get("/accounts/delete/")
        self.assertContains(page, "退会済みユーザー")
        response = self.client.post("/accounts/delete/", {"password": "wrong", "confirm": "on"})
        self.assertContains(response, "パスワードが正しくありません。")
        self.assertTrue(User.objects.get(pk=self.sakura.pk).is_active)

    def test_it_requires_login(self) -> None:
        response = self.client.get("/accounts/delete/")
        self.assertRedirects(response, "/accounts/login/?next=/accounts/delete/")

    def test_it_anonymises_and_keeps_contributions(self) -> None:
        follow_politician(user=self.sakura, politician=self.politician)
        file_claim(
            user=self.sakura,
            politician=self.politician,
            contact="03-0000-0000",
            evidence_url="https://example.com/",
        )
        self.client.force_login(self.sakura)
        response = self.client.post("/accounts/delete/", {"password": PASSWORD, "confirm": "on"})
        self.assertRedirects(response, "/")
        self.assertNotIn("_auth_user_id", self.client.session)

        user = User.objects.get(pk=self.sakura.pk)
        self.assertFalse(user.is_active)
        self.assertEqual((user.email, user.display_name), ("", ""))
        self.assertNotIn("sakura", user.username)
        self.assertFalse(user.has_usable_password())
        self.assertEqual(user.public_name, "退会済みユーザー")
        self.assertFalse(EmailAddress.objects.filter(user=user).exists())
        self.assertFalse(user.follows.exists())
        claim = user.politician_claims.get()
        self.assertEqual((claim.status, claim.contact), (ClaimStatus.REJECTED, ""))
        self.assertTrue(
            AuditEntry.objects.filter(action="account.delete", target_id=user.pk).exists()
        )

        # The pledge stays, credited to 「退会済みユーザー」 without a profile link.
        self.pledge.refresh_from_db()
        self.assertEqual(self.pledge.created_by_id, user.pk)
        byline = render_to_string(
            "accounts/_author.html", {"user": self.pledge.created_by, "politician": self.politician}
        )
        self.assertIn("退会済みユーザー", byline)
        self.assertNotIn("/users/", byline)
        profile = self.client.get(f"/users/{user.pk}/")
        self.assertContains(profile, "退会済みユーザー")
        self.assertNotContains(profile, self.pledge.title)

    def test_it_cannot_log_in_afterwards(self) -> None:
        self.client.force_login(self.sakura)
        self.client.post("/accounts/delete/", {"password": PASSWORD, "confirm": "on"})
        response = self.client.post(
            "/accounts/login/", {"login": "sakura@example.org", "password": PASSWORD}
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("_auth_user_id", self.client.session)
