"""Recompute the site statistics (μ, σ, histograms per criterion) from the pledges' counters.

Votes keep the statistics current on their own; run this nightly to clear
floating-point drift, and after changing N_MIN. --dry-run prints the figures
the table would get without writing them.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from tsushinbo.lib.scoring import distribution_from_sums
from tsushinbo.ratings.statistics import recompute_statistics


class Command(BaseCommand):
    help = "Recompute μ and σ per criterion from the pledges' vote counters."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Print, do not save.")

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            rows = recompute_statistics()
            for row in rows:
                dist = distribution_from_sums(
                    row.pledge_count, row.score_sum, row.score_sum_of_squares
                )
                self.stdout.write(
                    f"{row.criterion:12} n={dist.count:<8} mean={dist.mean:6.2f} sd={dist.sd:6.2f}"
                    f" bins={row.bins}"
                )
            if options["dry_run"]:
                transaction.set_rollback(True)
                self.stdout.write("Dry run: nothing saved.")
