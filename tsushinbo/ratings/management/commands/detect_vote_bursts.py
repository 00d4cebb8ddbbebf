"""Flag suspicious waves of votes for moderators (/moderation/votes/).

Looks at votes created in the last --hours (default 24) in clock-hour
windows: a pledge's hour with at least --min-votes new votes and --factor
times its average hour over the previous --baseline-days, or an hour in which
one network key cast at least --concentration-min votes making up at least
--concentration-share of the pledge's votes. Already-flagged waves are
skipped, so running it every 10 minutes is safe. Nothing is voided here.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from tsushinbo.ratings.actions import flag_bursts
from tsushinbo.ratings.bursts import Thresholds, find_bursts


class Command(BaseCommand):
    help = "Flag waves of votes far above a pledge's baseline or concentrated in one network."

    def add_arguments(self, parser: CommandParser) -> None:
        defaults = Thresholds()
        parser.add_argument("--hours", type=int, default=24)
        parser.add_argument("--min-votes", type=int, default=defaults.min_votes)
        parser.add_argument("--factor", type=float, default=defaults.factor)
        parser.add_argument("--baseline-days", type=int, default=defaults.baseline_days)
        parser.add_argument("--concentration-min", type=int, default=defaults.concentration_min)
        parser.add_argument(
            "--concentration-share", type=float, default=defaults.concentration_share
        )
        parser.add_argument("--dry-run", action="store_true", help="List, do not flag.")

    def handle(self, *args: Any, **options: Any) -> None:
        thresholds = Thresholds(
            min_votes=options["min_votes"],
            factor=options["factor"],
            baseline_days=options["baseline_days"],
            concentration_min=options["concentration_min"],
            concentration_share=options["concentration_share"],
        )
        until = timezone.now()
        since = until - datetime.timedelta(hours=options["hours"])
        candidates = find_bursts(since=since, until=until, thresholds=thresholds)
        for candidate in candidates:
            self.stdout.write(
                f"pledge {candidate.pledge_id}: {candidate.kind} {candidate.starts_at:%Y-%m-%d %H:%M} "
                f"votes={candidate.vote_count} baseline={candidate.baseline:.2f}/h "
                f"share={candidate.share:.0%}"
            )
        if options["dry_run"]:
            self.stdout.write(f"{len(candidates)} waves found (dry run: nothing flagged).")
            return
        flagged = flag_bursts(candidates)
        self.stdout.write(f"{len(candidates)} waves found, {len(flagged)} newly flagged.")
