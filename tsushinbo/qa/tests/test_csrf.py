"""Every URL rejects a POST without a CSRF token (403) and changes nothing.

Rather than keep a hand-written list of state-changing endpoints that would
miss the next one, this walks the whole URL configuration: every pattern gets
a POST without a token, as an anonymous visitor and as a signed-in staff
moderator (whose session would make a forged request most harmful).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from tsushinbo.accounts.permissions import Role
from tsushinbo.activities.tests.base import make_report
from tsushinbo.surveys.tests.test_surveys import make_survey
from tsushinbo.testing import BaseTestCase, add_role, make_pledge

# "1" is a valid int, slug, str and path; the API's own converters take it too.
SAMPLE_VALUES = {"uuid": "0" * 32}


def _concrete(regex: str) -> str:
    """A path that a re_path() regex matches (allauth's are simple: named groups only)."""
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", regex)
    return path.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")


def _sample(pattern: URLPattern | URLResolver) -> str:
    route = str(pattern.pattern)
    if isinstance(pattern.pattern, RoutePattern):  # <int:pk>, <slug:slug>, <name>
        return re.sub(
            r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_VALUES.get(m.group(1) or "str", "1"), route
        )
    return _concrete(route)


def url_samples(
    patterns: list[URLPattern | URLResolver] | None = None, prefix: str = "/"
) -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        path = prefix + _sample(pattern)
        if isinstance(pattern, URLResolver):
            yield from url_samples(pattern.url_patterns, path)
        else:
            yield path, pattern


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


class CsrfTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.pledge = make_pledge()
        report = make_report(self.pledge.politician)
        survey = make_survey()
        self.option_id = survey.options.values_list("pk", flat=True)[0]
        self.ids = {"pledges": self.pledge.pk, "activities": report.pk, "surveys": survey.pk}
        add_role(self.charlie, Role.MODERATOR)

    def forged_post(self, client: Client, path: str) -> Any:
        if not path.startswith("/api/"):
            return client.post(path, {"title": "x", "body": "x", "polarity": "good"})
        # The API validates its JSON body first: send a valid one, for real objects.
        path = re.sub(
            r"/(pledges|activities|surveys)/1/",
            lambda m: f"/{m.group(1)}/{self.ids[m.group(1)]}/",
            path,
        )
        body: dict[str, Any] = {"polarity": "good", "reason": "clarity", "body": "x"}
        body |= {"nickname": "x", "choice": [self.option_id]}
        return client.post(path, body, content_type="application/json")

    def clients(self) -> dict[str, Client]:
        signed_in = Client(enforce_csrf_checks=True)
        signed_in.force_login(self.charlie)
        return {"anonymous": Client(enforce_csrf_checks=True), "staff": signed_in}

    def test_it_finds_the_state_changing_endpoints(self) -> None:
        paths = {path for path, _ in url_samples()}
        for expected in [
            "/pledges/1/vote/",
            "/pledges/1/comments/",
            "/comments/1/flag/",
            "/moderation/decide/",
            "/surveys/1/answer/",
            "/politicians/1/follow/",
            "/accounts/signup/",
            "/me/settings/",
            "/parties/1/",
        ]:
            self.assertIn(expected, paths)

    def test_it_rejects_a_post_without_a_token_everywhere(self) -> None:
        clients = self.clients()
        before = row_counts()
        checked = 0
        for who, client in clients.items():
            for path, pattern in url_samples():
                # The API's views are csrf_exempt for Django and check the token
                # themselves (tsushinbo/api/write.py): the same answer is expected.
                # A GET-only API path answers 405 to any POST, which changes nothing.
                exempt = getattr(pattern.callback, "csrf_exempt", False)
                allowed = {403, 405} if exempt else {403}
                with self.subTest(who=who, path=path):
                    response = self.forged_post(client, path)
                    self.assertIn(response.status_code, allowed, path)
                    checked += 1
        self.assertGreater(checked, 100)
        self.assertEqual(row_counts(), before)

    def test_it_accepts_the_same_post_with_a_token(self) -> None:
        # The control: the rejection above is CSRF, not a broken endpoint.
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        page = client.get(f"/pledges/{self.pledge.pk}/")
        token = page.cookies["csrftoken"].value
        response = client.post(
            f"/politicians/{self.pledge.politician_id}/follow/", {"csrfmiddlewaretoken": token}
        )
        self.assertIn(response.status_code, {200, 302})
        self.assertTrue(self.alice.follows.exists())
