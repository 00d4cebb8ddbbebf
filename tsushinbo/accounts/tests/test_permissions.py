"""The permission matrix: every role × every action of SPEC §1 that exists so far."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory

from tsushinbo.accounts.actions import ban_user, delete_account, file_claim
from tsushinbo.accounts.models import PoliticianClaim, User
from tsushinbo.accounts.permissions import Action, Role, can
from tsushinbo.accounts.tests.base import AccountsTestCase
from tsushinbo.testing import make_pledge, make_politician, make_user

A = Action
ANONYMOUS = {A.VOTE, A.ANSWER_SURVEY, A.POST_COMMENT}
MEMBER = ANONYMOUS | {
    A.ADD_PLEDGE,
    A.ADD_BOOK,
    A.EDIT_PLEDGE,
    A.POST_REPORT,
    A.POST_PROGRESS,
    A.FLAG,
    A.FOLLOW,
    A.FILE_CLAIM,
}
MODERATOR = MEMBER | {
    A.SKIP_REVIEW,
    A.MODERATE,
    A.VERIFY_CLAIM,
    A.VOID_VOTES,
    A.REVERT_REVISION,
    A.BAN_USER,
    A.GRANT_TRUSTED,
}
EXPECTED: dict[str, set[Action]] = {
    "anonymous": ANONYMOUS,
    "member": MEMBER,
    "trusted": MEMBER | {A.SKIP_REVIEW},
    # Already verified, so no second claim; answers comments about themselves.
    "politician": (MEMBER - {A.FILE_CLAIM}) | {A.ANSWER_COMMENT},
    "moderator": MODERATOR,
    "staff": set(Action),
    "banned": set(),
    "deleted": set(),
}


class PermissionMatrixTestCase(AccountsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.banned = make_user("gina", "ジーナ", Role.MEMBER)
        ban_user(actor=self.erin, user=self.banned, reason="スパム")
        self.deleted = make_user("hank", "ハンク", Role.MEMBER)
        delete_account(user=self.deleted)
        self.report = make_pledge(politician=self.politician)  # stands in for an activity report
        self.claim = file_claim(
            user=self.bob,
            politician=make_politician(),
            contact="03-0000-0000",
            evidence_url="https://example.com/",
        )

    def personas(self) -> dict[str, Any]:
        fresh = {"alice": self.alice, "dave": self.dave, "erin": self.erin, "frank": self.frank}
        users = {name: User.objects.get(pk=user.pk) for name, user in fresh.items()}
        return {
            "anonymous": AnonymousUser(),
            "member": users["alice"],
            "trusted": users["dave"],
            "politician": users["frank"],
            "moderator": users["erin"],
            "staff": User.objects.get(pk=self.charlie.pk),
            "banned": User.objects.get(pk=self.banned.pk),
            "deleted": User.objects.get(pk=self.deleted.pk),
        }

    def target_for(self, action: Action) -> Any:
        targets: dict[Action, Any] = {
            A.EDIT_PLEDGE: self.report,
            A.FOLLOW: self.politician,
            A.FILE_CLAIM: self.politician,
            A.ANSWER_COMMENT: self.report,
            A.VERIFY_CLAIM: self.claim,
            A.BAN_USER: self.bob,
            A.GRANT_TRUSTED: self.bob,
        }
        return targets.get(action)

    def test_it_allows_exactly_what_spec_section_1_says(self) -> None:
        for persona, user in self.personas().items():
            for action in Action:
                with self.subTest(persona=persona, action=action.value):
                    allowed = can(user, action, self.target_for(action))
                    self.assertEqual(allowed, action in EXPECTED[persona])

    def test_it_answers_without_a_target_by_role(self) -> None:
        moderator = User.objects.get(pk=self.erin.pk)
        self.assertTrue(can(moderator, Action.BAN_USER))
        self.assertTrue(can(moderator, Action.VERIFY_CLAIM))
        self.assertFalse(can(AnonymousUser(), Action.FOLLOW))
        self.assertFalse(can(None, Action.FLAG))

    def test_it_lets_a_politician_answer_only_about_themselves(self) -> None:
        other_report = make_pledge(politician=make_politician())
        frank = User.objects.get(pk=self.frank.pk)
        self.assertTrue(can(frank, Action.ANSWER_COMMENT, self.report))
        self.assertFalse(can(frank, Action.ANSWER_COMMENT, other_report))

    def test_it_protects_moderators_staff_and_oneself(self) -> None:
        moderator = User.objects.get(pk=self.erin.pk)
        staff = User.objects.get(pk=self.charlie.pk)
        second_moderator = make_user("ivan", "イワン", Role.MEMBER, Role.MODERATOR)
        self.assertFalse(can(moderator, Action.BAN_USER, moderator))
        self.assertFalse(can(moderator, Action.BAN_USER, second_moderator))
        self.assertFalse(can(moderator, Action.BAN_USER, staff))
        self.assertTrue(can(staff, Action.BAN_USER, second_moderator))
        self.assertFalse(can(staff, Action.BAN_USER, staff))
        self.assertFalse(can(moderator, Action.GRANT_TRUSTED, moderator))

    def test_it_keeps_moderators_off_their_own_claims(self) -> None:
        moderator = User.objects.get(pk=self.erin.pk)
        own = PoliticianClaim.objects.create(
            user=moderator,
            politician=make_politician(),
            contact="03",
            evidence_url="https://example.com/",
        )
        self.assertFalse(can(moderator, Action.VERIFY_CLAIM, own))
        self.assertTrue(can(moderator, Action.VERIFY_CLAIM, self.claim))

    def test_it_exposes_the_answer_to_templates(self) -> None:
        template = Template(
            '{% load account_tags %}{% can "verify_claim" as ok %}{{ ok|yesno:"可,不可" }}'
        )
        request = RequestFactory().get("/")
        cases: list[tuple[User | AnonymousUser, str]] = [
            (self.erin, "可"),
            (self.alice, "不可"),
            (AnonymousUser(), "不可"),
        ]
        for user, expected in cases:
            request.user = user
            with self.subTest(user=str(user)):
                self.assertEqual(template.render(Context({"request": request})), expected)

    def test_it_asks_the_database_once_per_request_user(self) -> None:
        alice = User.objects.get(pk=self.alice.pk)
        with self.assertNumQueries(1):
            for action in Action:
                can(alice, action)
