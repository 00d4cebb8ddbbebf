"""Rebuild the ranking snapshot from the votes, comments and progress.

Votes are kept current at write time; this command moves votes that aged out
of the 7/30/365-day windows, comment counts and progress. Run it on a schedule
(docs/operations.md). `--period` limits the work; `--dry-run` counts rows only.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from tsushinbo.rankings.models import Period
from tsushinbo.rankings.refresh import build_rows, load_pledges, refresh_rankings


class Command(BaseCommand):
    help = "ランキングの集計表を評価・コメント・進捗から作り直します。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--period",
            action="append",
            choices=Period.values,
            help="この期間だけ作り直す（複数指定可。省略時はすべて）",
        )
        parser.add_argument("--dry-run", action="store_true", help="書き込まずに行数だけ数える")

    def handle(self, *args: Any, **options: Any) -> None:
        periods: list[str] = options["period"] or Period.values
        started = time.monotonic()
        if options["dry_run"]:
            pledges, now = load_pledges(), timezone.now()
            counts = {
                period: sum(1 for _ in build_rows(period, pledges, now)) for period in periods
            }
        else:
            counts = refresh_rankings(periods=periods)
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{period}: {count}" for period, count in counts.items())
        verb = "would write" if options["dry_run"] else "wrote"
        self.stdout.write(f"refresh_rankings {verb} rows ({summary}) in {elapsed:.1f}s")
