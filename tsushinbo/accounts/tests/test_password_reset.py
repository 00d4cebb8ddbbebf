from __future__ import annotations

from django.core import mail

from tsushinbo.accounts.tests.base import AccountsTestCase, link_in

NEW_PASSWORD = "a brand new passphrase 7"


class PasswordResetTestCase(AccountsTestCase):
    def test_it_resets_the_password_through_the_mailed_link(self) -> None:
        response = self.client.post("/accounts/password/reset/", {"email": "alice@example.org"})
        self.assertRedirects(response, "/accounts/password/reset/done/")
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertIn("パスワードの再設定", message.subject)
        self.assertIn("新しいパスワードを設定してください", message.body)
        self.assertNotIn("alice", message.body.split("http")[0])  # no username reminder

        # allauth moves the key out of the URL before showing the form.
        form_page = self.client.get(link_in(message), follow=True)
        self.assertContains(form_page, "パスワード")
        form_url = form_page.redirect_chain[-1][0]
        response = self.client.post(
            form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        )
        self.assertRedirects(response, "/accounts/password/reset/key/done/")

        self.alice.refresh_from_db()
        self.assertTrue(self.alice.check_password(NEW_PASSWORD))
        login = self.client.post(
            "/accounts/login/", {"login": "alice@example.org", "password": NEW_PASSWORD}
        )
        self.assertRedirects(login, "/me/")

    def test_it_does_not_reveal_unknown_addresses(self) -> None:
        response = self.client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
        self.assertRedirects(response, "/accounts/password/reset/done/")
        self.assertIn("登録されたアカウントはありません", mail.outbox[0].body)
