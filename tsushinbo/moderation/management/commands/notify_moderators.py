"""Write to the moderators when review items have waited MODERATION_ALERT_HOURS.

Schedule it every hour. Every queue of the desk is read; when an item has
waited at least MODERATION_ALERT_HOURS (default 20) and no earlier alert
covered it, one e-mail goes to every active moderator (a django-tasks task,
enqueued after the commit) and the alert is written to the audit log, so a
re-run sends nothing new until another item becomes due. --dry-run only says
what it would send.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tsushinbo.moderation.alerts import pending_alert, send_alert


class Command(BaseCommand):
    help = "Alert moderators when review items near the 24-hour promise."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only report; send nothing.")

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        alert = pending_alert()
        if alert is None:
            self.stdout.write("No new item has waited long enough; nothing sent.")
            return
        summary = (
            f"{len(alert.due)} item(s) waiting at least until {alert.cutoff:%Y-%m-%d %H:%M}, "
            f"{len(alert.new)} new since the last alert; oldest {alert.oldest_hours} h."
        )
        if dry_run:
            self.stdout.write(f"Would alert the moderators: {summary}")
            return
        send_alert(alert)
        self.stdout.write(f"Alerted the moderators: {summary}")
