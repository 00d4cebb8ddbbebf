"""Who may do what (SPEC §1), answered in one place.

Views, templates (through the {% can %} tag) and later the API ask
`can(user, Action.X, target)`; nothing else looks at groups or flags.

Roles build on each other: a trusted member, a politician account and a
moderator are members too; staff may do everything. An inactive account
(banned or deleted) may do nothing, not even what an anonymous visitor may.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AnonymousUser

from tsushinbo.accounts.models import PoliticianClaim, User


class Role(StrEnum):
    ANONYMOUS = "anonymous"
    MEMBER = "member"
    TRUSTED = "trusted"
    POLITICIAN = "politician"
    MODERATOR = "moderator"
    STAFF = "staff"


# Group names as people see them in the admin. Migration 0003 creates them.
GROUP_NAMES: dict[Role, str] = {
    Role.MEMBER: "会員",
    Role.TRUSTED: "信頼済み会員",
    Role.MODERATOR: "モデレーター",
}


class Action(StrEnum):
    VOTE = "vote"
    ANSWER_SURVEY = "answer_survey"
    POST_COMMENT = "post_comment"
    ADD_PLEDGE = "add_pledge"
    ADD_BOOK = "add_book"
    EDIT_PLEDGE = "edit_pledge"
    POST_REPORT = "post_report"
    POST_PROGRESS = "post_progress"
    FLAG = "flag"
    FOLLOW = "follow"
    FILE_CLAIM = "file_claim"
    SKIP_REVIEW = "skip_review"
    ANSWER_COMMENT = "answer_comment"
    MODERATE = "moderate"
    VERIFY_CLAIM = "verify_claim"
    VOID_VOTES = "void_votes"
    REVERT_REVISION = "revert_revision"
    BAN_USER = "ban_user"
    GRANT_TRUSTED = "grant_trusted"
    USE_ADMIN = "use_admin"


_ANONYMOUS = frozenset({Action.VOTE, Action.ANSWER_SURVEY, Action.POST_COMMENT})
_MEMBER = _ANONYMOUS | {
    Action.ADD_PLEDGE,
    Action.ADD_BOOK,
    Action.EDIT_PLEDGE,
    Action.POST_REPORT,
    Action.POST_PROGRESS,
    Action.FLAG,
    Action.FOLLOW,
    Action.FILE_CLAIM,
}
ALLOWED: dict[Role, frozenset[Action]] = {
    Role.ANONYMOUS: _ANONYMOUS,
    Role.MEMBER: _MEMBER,
    Role.TRUSTED: _MEMBER | {Action.SKIP_REVIEW},
    Role.POLITICIAN: _MEMBER | {Action.ANSWER_COMMENT},
    Role.MODERATOR: _MEMBER
    | {
        Action.SKIP_REVIEW,
        Action.MODERATE,
        Action.VERIFY_CLAIM,
        Action.VOID_VOTES,
        Action.REVERT_REVISION,
        Action.BAN_USER,
        Action.GRANT_TRUSTED,
    },
    Role.STAFF: frozenset(Action),
}

_ROLES_ATTRIBUTE = "_tsushinbo_roles"


def roles_of(user: User | AnonymousUser | None) -> frozenset[Role]:
    """The user's roles; one query for the groups, remembered on the user object."""
    if user is None or not user.is_authenticated:
        return frozenset({Role.ANONYMOUS})
    cached: frozenset[Role] | None = getattr(user, _ROLES_ATTRIBUTE, None)
    if cached is not None:
        return cached
    group_names = set(user.groups.values_list("name", flat=True))
    roles = {role for role, name in GROUP_NAMES.items() if name in group_names}
    if roles & {Role.TRUSTED, Role.MODERATOR}:
        roles.add(Role.MEMBER)
    if user.politician_id is not None:
        roles.add(Role.POLITICIAN)
    if user.is_staff or user.is_superuser:
        roles.add(Role.STAFF)
    if not roles:
        # Signed in but not (yet) a member, e.g. an account made by a command.
        roles.add(Role.ANONYMOUS)
    result = frozenset(roles)
    setattr(user, _ROLES_ATTRIBUTE, result)
    return result


def forget_roles(user: User) -> None:
    """Drop the remembered roles after groups or flags change."""
    if hasattr(user, _ROLES_ATTRIBUTE):
        delattr(user, _ROLES_ATTRIBUTE)


def can(user: User | AnonymousUser | None, action: Action | str, target: Any = None) -> bool:
    """May this user do `action` (to `target`)?"""
    action = Action(action)
    if user is not None and user.is_authenticated and not user.is_active:
        return False
    roles = roles_of(user)
    if not any(action in ALLOWED[role] for role in roles):
        return False
    rule = _TARGET_RULES.get(action)
    if rule is None:
        return True
    return isinstance(user, User) and rule(user, target, roles)


def _may_act_on_user(actor: User, target: Any, roles: frozenset[Role]) -> bool:
    if target is None:
        return True
    if not isinstance(target, User) or target.pk == actor.pk:
        return False
    target_roles = roles_of(target)
    if Role.STAFF in target_roles:
        return False  # staff are managed in the Django admin only
    return Role.MODERATOR not in target_roles or Role.STAFF in roles


def _may_answer(actor: User, target: Any, roles: frozenset[Role]) -> bool:
    if Role.STAFF in roles or target is None:
        return True
    politician_id = getattr(target, "politician_id", None)
    return politician_id is not None and politician_id == actor.politician_id


def _may_file_claim(actor: User, target: Any, roles: frozenset[Role]) -> bool:
    return actor.politician_id is None


def _may_verify_claim(actor: User, target: Any, roles: frozenset[Role]) -> bool:
    if isinstance(target, PoliticianClaim):
        return target.user_id != actor.pk
    return target is None


_TARGET_RULES = {
    Action.BAN_USER: _may_act_on_user,
    Action.GRANT_TRUSTED: _may_act_on_user,
    Action.ANSWER_COMMENT: _may_answer,
    Action.FILE_CLAIM: _may_file_claim,
    Action.VERIFY_CLAIM: _may_verify_claim,
}
