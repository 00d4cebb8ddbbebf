"""SPEC §1 role × action, through the URLs (accounts/tests checks can() itself).

Each cell is ALLOW or DENY. ALLOW: the page answers 200, or the POST
redirects (302) and does what it says. DENY: a signed-in user gets 403 (the
admin sends everyone who is not staff to its own login page); a visitor
without a usable session (anonymous, or banned after signing in) is sent to
the login page or gets 403; either way nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client

from tsushinbo.accounts.models import User
from tsushinbo.accounts.permissions import Role
from tsushinbo.activities.tests.base import ActivityTestCase, make_comment, make_report
from tsushinbo.comments.models import Comment
from tsushinbo.moderation.models import RejectReason
from tsushinbo.testing import make_pledge, make_user

ALLOW, DENY = "ALLOW", "DENY"
ROLES = ["anonymous", "member", "trusted", "politician", "moderator", "staff", "banned"]


def no_effect() -> bool | None:
    """A page view: nothing to change."""
    return None


def only(*roles: str) -> dict[str, str]:
    return {role: ALLOW if role in roles else DENY for role in ROLES}


MEMBERS = ("member", "trusted", "politician", "moderator", "staff")
MODERATORS = ("moderator", "staff")

# action → who may (SPEC §1; staff may do everything; a banned account nothing).
MATRIX: dict[str, dict[str, str]] = {
    "moderation desk": only(*MODERATORS),
    "approve comment": only(*MODERATORS),
    "reject comment": only(*MODERATORS),
    "ban user": only(*MODERATORS),
    "add pledge": only(*MEMBERS),
    "edit pledge": only(*MEMBERS),
    "post progress report": only(*MEMBERS),
    "post activity report": only(*MEMBERS),
    "follow politician": only(*MEMBERS),
    "django admin": only("staff"),
}


class AuthorizationMatrixTests(ActivityTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.pledge = make_pledge(politician=self.politician)
        self.report = make_report(self.politician)
        self.target = make_user("grace", "グレース", Role.MEMBER)
        self.banned = make_user("mallory", "マロリー", Role.MEMBER)

    def client_for(self, role: str) -> Client:
        client = Client()
        user: User | None = {
            "member": self.alice,
            "trusted": self.dave,
            "politician": self.frank,
            "moderator": self.erin,
            "staff": self.charlie,
            "banned": self.banned,
        }.get(role)
        if user is not None:
            client.force_login(user)
        if role == "banned":
            # Banned while signed in: the old session must not keep any right.
            User.objects.filter(pk=self.banned.pk).update(is_active=False)
        return client

    def pending_comment(self) -> Comment:
        return make_comment(self.report, status="pending")

    def perform(self, action: str, client: Client) -> tuple[Any, Callable[[], bool | None]]:
        """Do the action; returns the response and a check that it took effect."""
        if action == "moderation desk":
            return client.get("/moderation/"), no_effect
        if action in {"approve comment", "reject comment"}:
            comment = self.pending_comment()
            key = f"comment:{comment.pk}"
            verb = "approve" if action == "approve comment" else "reject"
            data = {"one": f"{verb}:{key}", f"reason-{key}": RejectReason.SPAM}
            response = client.post("/moderation/decide/", data)
            return response, lambda: not Comment.objects.get(pk=comment.pk).is_pending
        if action == "ban user":
            response = client.post(f"/users/{self.target.pk}/ban/", {"reason": "荒らし"})
            return response, lambda: not User.objects.get(pk=self.target.pk).is_active
        if action == "add pledge":
            return client.get(f"/pledges/new/?politician={self.politician.pk}"), no_effect
        if action == "edit pledge":
            return client.get(f"/pledges/{self.pledge.pk}/edit/"), no_effect
        if action == "post progress report":
            return client.get(f"/pledges/{self.pledge.pk}/progress/new/"), no_effect
        if action == "post activity report":
            return client.get(f"/politicians/{self.politician.pk}/activities/new/"), no_effect
        if action == "follow politician":
            response = client.post(f"/politicians/{self.politician.pk}/follow/")
            return response, lambda: self.politician.follows.exists()
        if action == "django admin":
            return client.get("/admin/"), no_effect
        raise AssertionError(action)

    def outcome(self, role: str, response: Any, took_effect: bool | None) -> str:
        location = response.headers.get("Location", "")
        if response.status_code == 200 and took_effect is None:
            return ALLOW
        if response.status_code == 302 and "login" not in location and took_effect:
            return ALLOW
        signed_out = role in {"anonymous", "banned"}
        if response.status_code == 403 or (
            response.status_code == 302
            and "login" in location
            and (signed_out or "admin" in location)
        ):
            return "DENIED-BUT-CHANGED" if took_effect else DENY
        return f"UNEXPECTED {response.status_code} {location}"

    def test_it_enforces_every_cell_over_http(self) -> None:
        actual: dict[str, dict[str, str]] = {}
        for action, expected in MATRIX.items():
            actual[action] = {}
            for role in ROLES:
                with self.subTest(action=action, role=role):
                    self.politician.follows.all().delete()
                    User.objects.filter(pk=self.target.pk).update(is_active=True)
                    User.objects.filter(pk=self.banned.pk).update(is_active=True)
                    response, effect = self.perform(action, self.client_for(role))
                    actual[action][role] = self.outcome(role, response, effect())
                    self.assertEqual(actual[action][role], expected[role])
        self.assertEqual(actual, MATRIX)
