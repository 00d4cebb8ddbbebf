from __future__ import annotations

import datetime
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from tsushinbo.accounts.actions import ban_user
from tsushinbo.accounts.models import DigestFrequency, Follow, User
from tsushinbo.accounts.tests.base import AccountsTestCase
from tsushinbo.testing import make_pledge, make_politician

YESTERDAY = datetime.timedelta(days=1)


def run(*args: str) -> str:
    out = StringIO()
    call_command("send_digests", *args, stdout=out)
    return out.getvalue()


@override_settings(SITE_URL="https://tsushinbo.example")
class DigestTestCase(AccountsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.quiet = make_politician(family_name="静香")
        make_pledge(
            politician=self.politician, title="古い公約", created_at=timezone.now() - 10 * YESTERDAY
        )
        self.fresh = make_pledge(
            politician=self.politician,
            title="駅前に図書館を",
            created_at=timezone.now() - YESTERDAY,
        )
        User.objects.filter(pk__in=[self.alice.pk, self.bob.pk, self.dave.pk]).update(
            digest_frequency=DigestFrequency.DAILY
        )
        Follow.objects.create(user=self.alice, politician=self.politician)
        Follow.objects.create(user=self.bob, politician=self.quiet)  # nothing new
        Follow.objects.create(user=self.erin, politician=self.politician)  # not opted in
        Follow.objects.create(user=self.dave, politician=self.politician)

    def test_it_mails_opted_in_followers_in_japanese(self) -> None:
        ban_user(actor=self.erin, user=self.dave, reason="スパム")
        output = run("--period", "daily")
        self.assertEqual([m.to for m in mail.outbox], [["alice@example.org"]])
        message = mail.outbox[0]
        self.assertIn("フォロー中の政治家の新着", message.subject)
        self.assertIn("アリス さん", message.body)
        self.assertIn("■ 本田一郎", message.body)
        self.assertIn("・新しい公約：駅前に図書館を", message.body)
        self.assertIn(f"https://tsushinbo.example/pledges/{self.fresh.pk}/", message.body)
        self.assertIn("https://tsushinbo.example/me/settings/", message.body)
        self.assertNotIn("古い公約", message.body)
        self.assertIn("sent 1, nothing new 1", output)

    def test_it_sends_once_per_period(self) -> None:
        run("--period", "daily")
        run("--period", "daily")
        self.assertEqual(len([m for m in mail.outbox if m.to == ["alice@example.org"]]), 1)

    def test_it_sends_nothing_on_a_dry_run(self) -> None:
        output = run("--period", "daily", "--dry-run")
        self.assertEqual(mail.outbox, [])
        self.assertIn("would send 2", output)

    def test_it_keeps_weekly_and_daily_apart(self) -> None:
        run("--period", "weekly")
        self.assertEqual(mail.outbox, [])
        User.objects.filter(pk=self.erin.pk).update(digest_frequency=DigestFrequency.WEEKLY)
        run("--period", "weekly")
        self.assertEqual([m.to for m in mail.outbox], [["erin@example.org"]])
