"""Rebuild every pledge's vote counters from the votes and report any drift.

Counters are kept in the vote's transaction, so drift means a bug or a
hand-edited database. With --dry-run nothing is written; otherwise drifted
counters are fixed and the site statistics recomputed. Exits 1 with
--fail-on-drift when drift was found (for monitoring).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tsushinbo.ratings.actions import recount_votes


class Command(BaseCommand):
    help = "Rebuild vote counters from the votes and report drift."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Report drift; change nothing.")
        parser.add_argument("--fail-on-drift", action="store_true", help="Exit 1 if any drift.")

    def handle(self, *args: Any, **options: Any) -> None:
        drifts = recount_votes(dry_run=options["dry_run"])
        for drift in drifts:
            self.stdout.write(drift.describe())
        verb = "would be fixed" if options["dry_run"] else "fixed"
        self.stdout.write(f"{len(drifts)} pledges drifted" + (f" ({verb})." if drifts else "."))
        if drifts and options["fail_on_drift"]:
            raise CommandError("vote counters drifted")
