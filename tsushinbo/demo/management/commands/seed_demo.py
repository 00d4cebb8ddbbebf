"""Load (or clear) the fictional demo data set.

    manage.py seed_demo --scale small --seed 1            # ~200 politicians, 20,000 votes, seconds
    manage.py seed_demo --scale nation --seed 1           # 35,000 politicians, 10 million votes
    manage.py seed_demo --scale small --seed 1 --if-empty # only into an empty database (make run)
    manage.py seed_demo --clear                           # remove every demo row

The same scale, seed and --today always produce the same content. Re-running
with the loaded scale and seed does nothing; another scale or seed replaces the
demo rows. Real (non-demo) rows are never touched. Besides parties,
politicians, elections and pledges the set holds demo member accounts, votes
(counters and statistics exact), progress and activity reports, comments
(some still pending review), surveys with answers, books and announcements.
Afterwards refresh_rankings and rebuild_search_index run when installed.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tsushinbo.demo.actions import (
    clear_demo_data,
    find_loaded_dataset,
    load_demo_data,
    refresh_derived_data,
)
from tsushinbo.demo.generate import PUBLIC_SCALES, SCALES
from tsushinbo.politicians.models import Politician


def parse_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--today は YYYY-MM-DD 形式で指定してください: {value}") from error


class Command(BaseCommand):
    help = (
        "架空のデモデータ（政党・政治家・選挙・公約・評価・活動報告・コメントなど）を読み込みます。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=list(SCALES),
            default="small",
            metavar="{" + ",".join(PUBLIC_SCALES) + "}",
            help="規模（既定: small）",
        )
        parser.add_argument("--seed", type=int, default=1, help="乱数のシード（既定: 1）")
        parser.add_argument(
            "--today",
            help="日付の基準日 YYYY-MM-DD（既定: 今日）。選挙の日程はこの日を基準に並びます。",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="政治家が1人もいないときだけ読み込む"
        )
        parser.add_argument("--clear", action="store_true", help="デモデータをすべて削除する")
        parser.add_argument(
            "--no-refresh",
            action="store_true",
            help="読み込み後に refresh_rankings と rebuild_search_index を実行しない",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["clear"]:
            counts = clear_demo_data(log=self.say)
            if not any(counts.values()):
                self.say("削除するデモデータはありません。")
            else:
                refresh_derived_data(log=self.say)
            return
        scale, seed = options["scale"], options["seed"]
        today = parse_date(options["today"]) if options["today"] else None
        if options["if_empty"] and Politician.objects.exists():
            self.say("政治家のデータがすでにあるため、デモデータは読み込みません。")
            return
        if find_loaded_dataset(scale=scale, seed=seed, today=today):
            self.say(f"デモデータ（{scale}, seed={seed}）は読み込み済みです。何もしません。")
            return
        self.say(f"デモデータ（{scale}, seed={seed}）を読み込みます…")
        load_demo_data(
            scale=scale,
            seed=seed,
            today=today or timezone.localdate(),
            refresh=not options["no_refresh"],
            log=self.say,
        )

    def say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()
