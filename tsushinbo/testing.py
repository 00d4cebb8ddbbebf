"""Test personas and small builders shared by every app's tests."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection, models
from django.test import TestCase, override_settings

from tsushinbo.accounts.models import User
from tsushinbo.accounts.permissions import GROUP_NAMES, Role
from tsushinbo.elections.models import Election, ElectionKind, ElectionScope
from tsushinbo.news.queries import news_box_entries
from tsushinbo.pledges.models import Pledge
from tsushinbo.politicians.models import OfficeKind, Party, Politician

_sequence = itertools.count(1)


def make_party(**fields: Any) -> Party:
    n = next(_sequence)
    defaults: dict[str, Any] = {"name": f"テスト党{n}", "short_name": f"テ{n}", "slug": f"test-{n}"}
    return Party.objects.create(**(defaults | fields))


def make_politician(**fields: Any) -> Politician:
    defaults: dict[str, Any] = {
        "family_name": "山田",
        "given_name": "太郎",
        "family_name_kana": "やまだ",
        "given_name_kana": "たろう",
        "office": OfficeKind.REPRESENTATIVE,
        "prefecture": 13,
    }
    return Politician.objects.create(**(defaults | fields))


def make_pledge(**fields: Any) -> Pledge:
    n = next(_sequence)
    defaults: dict[str, Any] = {
        "title": f"公約その{n}",
        "body": "子育て世帯への支援を拡充します。",
        "source_url": f"https://example.com/pledges/{n}",
    }
    if "politician" not in fields and "party" not in fields:
        defaults["politician"] = make_politician()
    return Pledge.objects.create(**(defaults | fields))


def make_election(**fields: Any) -> Election:
    defaults: dict[str, Any] = {
        "name": "第51回衆議院議員総選挙",
        "kind": ElectionKind.REPRESENTATIVES,
        "scope": ElectionScope.NATIONAL,
        "vote_date": datetime.date(2026, 10, 27),
    }
    return Election.objects.create(**(defaults | fields))


PASSWORD = "correct horse battery staple 42"


def add_role(user: User, role: Role) -> None:
    user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))


def make_user(username: str, display_name: str, *roles: Role, **fields: Any) -> User:
    """A user with a verified e-mail address and the given roles."""
    user = User.objects.create_user(
        username, f"{username}@example.org", PASSWORD, display_name=display_name, **fields
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    for role in roles:
        add_role(user, role)
    return user


# Argon2 is deliberately slow; tests create many users. The production hasher
# is checked in accounts/tests/test_password_hashing.py.
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class BaseTestCase(TestCase):
    """The cast of SPEC §1.

    alice and bob are members; charlie is staff; dave is a trusted member; erin
    a moderator. (The accounts tests add frank, a politician's verified account.)
    """

    alice: User
    bob: User
    charlie: User
    dave: User
    erin: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.alice = make_user("alice", "アリス", Role.MEMBER)
        cls.bob = make_user("bob", "ボブ", Role.MEMBER)
        cls.charlie = make_user("charlie", "チャーリー", Role.MEMBER, is_staff=True)
        cls.dave = make_user("dave", "デイブ", Role.MEMBER, Role.TRUSTED)
        cls.erin = make_user("erin", "エリン", Role.MEMBER, Role.MODERATOR)

    def setUp(self) -> None:
        # Rate-limit and lockout counters live in the cache, which outlives a test.
        cache.clear()
        # The 新着記事 box on every page is cached (tsushinbo/news/queries.py): warm
        # it so page query counts measure the page; tsushinbo/news/tests measure the box.
        news_box_entries()


TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.GenericIPAddressField)


def stored_text_values() -> list[str]:
    """Every text value in every table (for tests that nothing private is stored)."""
    values: list[str] = []
    for model in apps.get_models(include_auto_created=True):
        columns = [f.column for f in model._meta.local_fields if isinstance(f, TEXT_FIELDS)]
        if not columns:
            continue
        table = connection.ops.quote_name(model._meta.db_table)
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {quoted} FROM {table}")
            values += [str(v) for row in cursor.fetchall() for v in row if v is not None]
    return values
