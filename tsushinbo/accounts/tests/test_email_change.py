from __future__ import annotations

from allauth.account.models import EmailAddress
from django.core import mail

from tsushinbo.accounts.tests.base import AccountsTestCase, link_in
from tsushinbo.testing import PASSWORD


class EmailChangeTestCase(AccountsTestCase):
    def test_it_changes_the_address_after_confirmation(self) -> None:
        self.client.force_login(self.alice)
        page = self.client.get("/accounts/email/")
        self.assertContains(page, "メールアドレス")

        response = self.client.post(
            "/accounts/email/", {"action_add": "", "email": "alice.new@example.org"}
        )
        self.assertEqual(response.status_code, 302)
        self.alice.refresh_from_db()
        self.assertEqual(self.alice.email, "alice@example.org")  # not before confirmation

        confirmation = mail.outbox[-1]
        self.assertEqual(confirmation.to, ["alice.new@example.org"])
        self.assertIn("メールアドレスの確認", confirmation.subject)
        self.client.post(link_in(confirmation))

        self.alice.refresh_from_db()
        self.assertEqual(self.alice.email, "alice.new@example.org")
        self.assertEqual(
            list(EmailAddress.objects.filter(user=self.alice).values_list("email", flat=True)),
            ["alice.new@example.org"],
        )
        notice = [m for m in mail.outbox if m.to == ["alice@example.org"]]
        self.assertTrue(any("メールアドレスが変更されました" in m.subject for m in notice))

    def test_it_changes_the_password(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.post(
            "/accounts/password/change/",
            {
                "oldpassword": PASSWORD,
                "password1": "another fine passphrase 9",
                "password2": "another fine passphrase 9",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.alice.refresh_from_db()
        self.assertTrue(self.alice.check_password("another fine passphrase 9"))
        self.assertIn("パスワードが変更されました", mail.outbox[-1].subject)
