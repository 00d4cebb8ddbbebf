from __future__ import annotations

import itertools

from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from tsushinbo.accounts.models import Follow, User
from tsushinbo.accounts.tests.base import AccountsTestCase
from tsushinbo.pledges.models import Pledge
from tsushinbo.politicians.models import OfficeKind, Politician
from tsushinbo.testing import make_pledge

_serial = itertools.count()

# /me/ signed in; (issue 6) two of them read my activity reports and my comments.
ME_QUERIES = 12


def bulk_follow(user: User, n: int) -> None:
    politicians = Politician.objects.bulk_create(
        Politician(
            family_name="佐藤",
            given_name=f"次郎{next(_serial)}",
            family_name_kana="さとう",
            given_name_kana="じろう",
            office=OfficeKind.MAYOR,
            municipality="名護市",
            prefecture=47,
        )
        for _ in range(n)
    )
    Pledge.objects.bulk_create(
        Pledge(politician=p, title=f"{p.given_name}の公約", source_url="https://example.com/")
        for p in politicians
    )
    Follow.objects.bulk_create(Follow(user=user, politician=p) for p in politicians)


class FollowTestCase(AccountsTestCase):
    def test_it_follows_and_unfollows(self) -> None:
        self.client.force_login(self.alice)
        url = f"/politicians/{self.politician.pk}/"
        response = self.client.post(f"{url}follow/", {"next": url})
        self.assertRedirects(response, url, fetch_redirect_response=False)
        self.assertTrue(Follow.objects.filter(user=self.alice, politician=self.politician).exists())
        self.client.post(f"{url}follow/")  # twice is still one follow
        self.assertEqual(Follow.objects.count(), 1)

        me = self.client.get("/me/")
        self.assertContains(me, "本田一郎")
        self.assertContains(me, "フォロー中の政治家（1人）")

        response = self.client.post(f"{url}unfollow/", follow=True)
        self.assertContains(response, "本田一郎さんのフォローを解除しました。")
        self.assertFalse(Follow.objects.exists())

    def test_it_answers_json(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.post(
            f"/politicians/{self.politician.pk}/follow/", HTTP_ACCEPT="application/json"
        )
        self.assertEqual(response.json()["following"], True)
        anonymous = Client().post(
            f"/politicians/{self.politician.pk}/follow/", HTTP_ACCEPT="application/json"
        )
        self.assertEqual(anonymous.status_code, 401)
        self.assertEqual(anonymous.json()["error"], "ログインが必要です。")

    def test_it_sends_visitors_to_login(self) -> None:
        response = self.client.post(f"/politicians/{self.politician.pk}/follow/")
        self.assertRedirects(
            response,
            f"/accounts/login/?next=/politicians/{self.politician.pk}/",
            fetch_redirect_response=False,
        )
        self.assertFalse(Follow.objects.exists())

    def test_it_needs_post_and_csrf(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(
            self.client.get(f"/politicians/{self.politician.pk}/follow/").status_code, 405
        )
        strict = Client(enforce_csrf_checks=True)
        strict.force_login(self.alice)
        self.assertEqual(strict.post(f"/politicians/{self.politician.pk}/follow/").status_code, 403)
        self.assertEqual(self.client.post("/politicians/999999/follow/").status_code, 404)

    def test_it_ignores_a_next_on_another_site(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.post(
            f"/politicians/{self.politician.pk}/follow/", {"next": "https://evil.example/"}
        )
        self.assertEqual(response["Location"], f"/politicians/{self.politician.pk}/")

    def test_it_renders_the_button(self) -> None:
        request = RequestFactory().get(f"/politicians/{self.politician.pk}/")
        request.user = User.objects.get(pk=self.alice.pk)
        html = render_to_string(
            "accounts/_follow_button.html",
            {"politician": self.politician, "is_following": False},
            request=request,
        )
        self.assertIn(f'action="/politicians/{self.politician.pk}/follow/"', html)
        self.assertIn("csrfmiddlewaretoken", html)
        html = render_to_string(
            "accounts/_follow_button.html",
            {"politician": self.politician, "is_following": True},
            request=request,
        )
        self.assertIn("/unfollow/", html)

        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
        html = render_to_string(
            "accounts/_follow_button.html", {"politician": self.politician}, request=request
        )
        self.assertIn("ログインしてフォロー", html)

    def test_it_shows_the_latest_pledge_on_my_page(self) -> None:
        make_pledge(politician=self.politician, title="古い公約")
        latest = make_pledge(politician=self.politician, title="新しい公約")
        Follow.objects.create(user=self.alice, politician=self.politician)
        self.client.force_login(self.alice)
        page = self.client.get("/me/")
        self.assertContains(page, "新しい公約")
        self.assertContains(page, latest.get_absolute_url())
        self.assertNotContains(page, "古い公約")

    def test_it_lists_my_follows_in_constant_queries(self) -> None:
        self.client.force_login(self.alice)
        bulk_follow(self.alice, 3)
        with self.assertNumQueries(ME_QUERIES):
            first = self.client.get("/me/")
        self.assertEqual(first.content.decode().count("の公約</a>"), 3)
        bulk_follow(self.alice, 27)
        with self.assertNumQueries(ME_QUERIES):
            second = self.client.get("/me/")
        self.assertEqual(second.content.decode().count("の公約</a>"), 30)

    def test_it_pages_through_all_follows(self) -> None:
        self.client.force_login(self.alice)
        bulk_follow(self.alice, 3)
        with self.assertNumQueries(7):
            self.assertContains(self.client.get("/me/following/"), "フォロー中の政治家")
        bulk_follow(self.alice, 60)
        with self.assertNumQueries(7):
            page = self.client.get("/me/following/?page=2")
        self.assertContains(page, "2 / ")
        self.assertEqual(self.client.get("/me/following/?page=abc").status_code, 200)
