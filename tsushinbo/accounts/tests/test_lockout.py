from __future__ import annotations

from django.test import Client

from tsushinbo.accounts.tests.base import AccountsTestCase
from tsushinbo.testing import PASSWORD

LOGIN = "/accounts/login/"


class LockoutTestCase(AccountsTestCase):
    def fail_logins(self, client: Client, times: int, login: str = "alice@example.org") -> None:
        for _ in range(times):
            client.post(LOGIN, {"login": login, "password": "wrong"}, REMOTE_ADDR="192.0.2.10")

    def test_it_locks_a_login_after_five_failures(self) -> None:
        self.fail_logins(self.client, 4)
        response = self.client.post(
            LOGIN, {"login": "alice@example.org", "password": "wrong"}, REMOTE_ADDR="192.0.2.10"
        )
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "ログインを一時的に停止しています", status_code=429)
        self.assertEqual(response["Retry-After"], "3600")

        # Now even the right password is refused from that network.
        response = self.client.post(
            LOGIN, {"login": "ALICE@example.org", "password": PASSWORD}, REMOTE_ADDR="192.0.2.10"
        )
        self.assertEqual(response.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_does_not_lock_other_networks_or_logins(self) -> None:
        self.fail_logins(self.client, 5)
        response = Client().post(
            LOGIN, {"login": "alice@example.org", "password": PASSWORD}, REMOTE_ADDR="192.0.2.99"
        )
        self.assertRedirects(response, "/me/", fetch_redirect_response=False)
        response = Client().post(
            LOGIN, {"login": "bob@example.org", "password": PASSWORD}, REMOTE_ADDR="192.0.2.10"
        )
        self.assertRedirects(response, "/me/", fetch_redirect_response=False)

    def test_it_forgets_failures_after_a_success(self) -> None:
        self.fail_logins(self.client, 4)
        self.client.post(
            LOGIN, {"login": "alice@example.org", "password": PASSWORD}, REMOTE_ADDR="192.0.2.10"
        )
        self.client.logout()
        self.fail_logins(self.client, 4)
        response = self.client.post(
            LOGIN, {"login": "alice@example.org", "password": PASSWORD}, REMOTE_ADDR="192.0.2.10"
        )
        self.assertRedirects(response, "/me/", fetch_redirect_response=False)

    def test_it_shows_wrong_passwords_in_japanese(self) -> None:
        response = self.client.post(LOGIN, {"login": "alice@example.org", "password": "wrong"})
        self.assertContains(response, "メールアドレスもしくはパスワードが正しくありません")
