"""Helpers for the accounts tests; the personas live in tsushinbo.testing."""

from __future__ import annotations

import re

from django.core import mail

from tsushinbo.accounts.models import User
from tsushinbo.accounts.permissions import Role
from tsushinbo.politicians.models import Politician
from tsushinbo.testing import BaseTestCase, make_politician, make_user


def link_in(message: mail.EmailMessage) -> str:
    """The first http(s) link in an e-mail body, as a path for the test client."""
    match = re.search(r"https?://testserver(/\S+)", str(message.body))
    assert match, message.body
    return match.group(1)


class AccountsTestCase(BaseTestCase):
    """The shared cast plus frank, the verified account of the politician 本田一郎."""

    frank: User
    politician: Politician

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.politician = make_politician(
            family_name="本田",
            given_name="一郎",
            family_name_kana="ほんだ",
            given_name_kana="いちろう",
        )
        cls.frank = make_user("frank", "本田事務所", Role.MEMBER, politician=cls.politician)
