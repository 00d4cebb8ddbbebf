"""Test personas and small builders shared by every app's tests."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.test import TestCase

from tsushinbo.accounts.models import User
from tsushinbo.elections.models import Election, ElectionKind, ElectionScope
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


class BaseTestCase(TestCase):
    """alice and bob are members, charlie is staff; nothing else exists."""

    alice: User
    bob: User
    charlie: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.alice = User.objects.create_user(
            "alice", "alice@example.org", "password", display_name="アリス"
        )
        cls.bob = User.objects.create_user(
            "bob", "bob@example.org", "password", display_name="ボブ"
        )
        cls.charlie = User.objects.create_user(
            "charlie", "charlie@example.org", "password", display_name="チャーリー", is_staff=True
        )
