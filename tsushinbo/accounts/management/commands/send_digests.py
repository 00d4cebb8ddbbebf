"""E-mail opted-in followers what changed for the politicians they follow.

A period is a whole span of local (TIME_ZONE) days ending at today's midnight:
`--period daily` covers yesterday, `--period weekly` the seven days before
today. Users whose User.digest_frequency matches get one Japanese e-mail, and
nobody is e-mailed when nothing changed. Each user's digest_sent_until records
the period sent, so running the command twice for a day sends nothing new.

Schedule it once a day and once a week, e.g. with cron on the server:

    30 6 * * *  cd /srv/tsushinbo && .venv/bin/python manage.py send_digests --period daily
    45 6 * * 1  cd /srv/tsushinbo && .venv/bin/python manage.py send_digests --period weekly

Links in the e-mail need SITE_URL.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from tsushinbo.accounts.models import DigestFrequency, Follow, User
from tsushinbo.accounts.queries import DigestItem, digest_for

logger = logging.getLogger(__name__)

PERIOD_DAYS: dict[str, int] = {DigestFrequency.DAILY: 1, DigestFrequency.WEEKLY: 7}
PERIOD_LABELS: dict[str, str] = {
    DigestFrequency.DAILY: "毎日のお知らせ",
    DigestFrequency.WEEKLY: "毎週のお知らせ",
}


def period_bounds(
    period: str, now: datetime.datetime
) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end) of the whole local days before `now`'s date."""
    local_midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return local_midnight - datetime.timedelta(days=PERIOD_DAYS[period]), local_midnight


def recipients(period: str, until: datetime.datetime) -> QuerySet[User]:
    follows = Follow.objects.filter(user=OuterRef("pk"))
    return (
        User.objects.filter(is_active=True, digest_frequency=period)
        .exclude(email="")
        .filter(Q(digest_sent_until__isnull=True) | Q(digest_sent_until__lt=until))
        .filter(Exists(follows))
        .order_by("pk")
    )


class Command(BaseCommand):
    help = "E-mail opted-in followers what changed for the politicians they follow."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--period", required=True, choices=[DigestFrequency.DAILY, DigestFrequency.WEEKLY]
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be sent; send nothing."
        )

    def handle(self, *args: Any, period: str, dry_run: bool, **options: Any) -> None:
        since, until = period_bounds(period, timezone.now())
        sent = skipped = failed = 0
        for user in recipients(period, until).iterator():
            items = digest_for(user, since, until)
            if not items:
                skipped += 1
                continue
            if dry_run:
                sent += 1
                self.stdout.write(f"would send to user {user.pk}: {len(items)} politician(s)")
                continue
            if send_digest(user, items, period=period, since=since, until=until):
                sent += 1
            else:
                failed += 1
        verb = "would send" if dry_run else "sent"
        self.stdout.write(
            f"{period} digest {since:%Y-%m-%d}..{until:%Y-%m-%d}: "
            f"{verb} {sent}, nothing new {skipped}, failed {failed}"
        )


def send_digest(
    user: User,
    items: list[DigestItem],
    *,
    period: str,
    since: datetime.datetime,
    until: datetime.datetime,
) -> bool:
    context = {
        "user": user,
        "items": items,
        "since": since,
        "last_day": until - datetime.timedelta(days=1),
        "period_label": PERIOD_LABELS[period],
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
    }
    subject = " ".join(render_to_string("accounts/email/digest_subject.txt", context).split())
    body = render_to_string("accounts/email/digest_message.txt", context)
    message = EmailMessage(f"[{settings.SITE_NAME}] {subject}", body, to=[user.email])
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        logger.exception("Digest e-mail to user %s failed", user.pk)
        return False
    User.objects.filter(pk=user.pk).update(digest_sent_until=until)
    return True
