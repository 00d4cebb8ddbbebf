"""Delete records of used proof-of-work challenges that have expired.

An expired challenge is refused whatever this table says, so its row only
takes space. Run it daily (docs/operations.md, "Scheduled jobs").
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tsushinbo.integrity.models import SpentProof


class Command(BaseCommand):
    help = "Delete expired single-use proof-of-work records."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count, delete nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        expired = SpentProof.objects.expired()
        if options["dry_run"]:
            self.stdout.write(f"{expired.count()} expired records would be deleted.")
            return
        deleted, _ = expired.delete()
        self.stdout.write(f"{deleted} expired records deleted.")
