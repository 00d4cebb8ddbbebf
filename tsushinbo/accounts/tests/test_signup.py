from __future__ import annotations

from django.core import mail

from tsushinbo.accounts.models import User
from tsushinbo.accounts.permissions import Action, can
from tsushinbo.accounts.tests.base import AccountsTestCase, link_in
from tsushinbo.testing import PASSWORD


def signup_data(**overrides: str) -> dict[str, str]:
    data = {
        "display_name": "さくら",
        "email": "sakura@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "website": "",
    }
    return data | overrides


class SignupTestCase(AccountsTestCase):
    def test_it_shows_the_form_in_japanese(self) -> None:
        response = self.client.get("/accounts/signup/")
        self.assertContains(response, "新規登録")
        self.assertContains(response, "表示名")
        self.assertContains(response, "メールアドレス")
        self.assertContains(response, 'class="site-header"')  # our layout

    def test_it_signs_up_verifies_and_logs_in(self) -> None:
        response = self.client.post("/accounts/signup/", signup_data())
        self.assertRedirects(response, "/accounts/confirm-email/")
        user = User.objects.get(email="sakura@example.org")
        self.assertEqual(user.display_name, "さくら")
        self.assertNotIn("sakura", user.username)  # the address stays private
        self.assertFalse(can(user, Action.FOLLOW))

        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["sakura@example.org"])
        self.assertIn("会員登録の確認", message.subject)
        self.assertIn("メールアドレスを確認してください", message.body)

        # A new browser opens the link: confirm, then log in.
        self.client.logout()
        confirm_url = link_in(message)
        self.assertContains(self.client.get(confirm_url), "メールアドレスの確認")
        self.client.post(confirm_url)
        self.assertTrue(can(User.objects.get(pk=user.pk), Action.FOLLOW))

        response = self.client.post(
            "/accounts/login/", {"login": "sakura@example.org", "password": PASSWORD}
        )
        self.assertRedirects(response, "/me/")
        self.assertContains(self.client.get("/me/"), "さくら さん")

    def test_it_does_not_log_in_before_verification(self) -> None:
        self.client.post("/accounts/signup/", signup_data())
        self.client.logout()
        response = self.client.post(
            "/accounts/login/", {"login": "sakura@example.org", "password": PASSWORD}
        )
        self.assertRedirects(response, "/accounts/confirm-email/")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_requires_a_display_name(self) -> None:
        response = self.client.post("/accounts/signup/", signup_data(display_name="  "))
        self.assertContains(response, "このフィールドは必須です。")
        self.assertFalse(User.objects.filter(email="sakura@example.org").exists())

    def test_it_rejects_the_honeypot(self) -> None:
        response = self.client.post("/accounts/signup/", signup_data(website="http://spam.example"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "登録できませんでした。")
        self.assertFalse(User.objects.filter(email="sakura@example.org").exists())
        self.assertEqual(mail.outbox, [])

    def test_it_hides_the_honeypot_from_people(self) -> None:
        response = self.client.get("/accounts/signup/")
        self.assertContains(response, '<div class="hp-field" hidden aria-hidden="true">')

    def test_it_limits_signups_per_network(self) -> None:
        for n in range(5):
            self.client.post(
                "/accounts/signup/",
                signup_data(email=f"user{n}@example.org"),
                REMOTE_ADDR="198.51.100.20",
            )
        response = self.client.post(
            "/accounts/signup/", signup_data(email="late@example.org"), REMOTE_ADDR="198.51.100.20"
        )
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "登録が多すぎます", status_code=429)
        self.assertGreater(int(response["Retry-After"]), 0)
        self.assertFalse(User.objects.filter(email="late@example.org").exists())

        other = self.client.post(
            "/accounts/signup/", signup_data(email="other@example.org"), REMOTE_ADDR="198.51.100.21"
        )
        self.assertEqual(other.status_code, 302)

    def test_it_logs_out_by_post_only(self) -> None:
        self.client.force_login(self.alice)
        page = self.client.get("/")
        self.assertContains(page, 'action="/accounts/logout/" method="post"')
        self.assertContains(page, "マイページ")
        self.client.post("/accounts/logout/")
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertContains(self.client.get("/"), "新規登録")

    def test_it_shows_login_and_signup_links_to_visitors(self) -> None:
        page = self.client.get("/")
        self.assertContains(page, 'href="/accounts/login/"')
        self.assertContains(page, 'href="/accounts/signup/"')
