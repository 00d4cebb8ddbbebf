"""Import elections and candidacies from a CSV file.

    manage.py import_elections elections.csv --dry-run     # check and count, write nothing
    manage.py import_elections elections.csv               # write
    manage.py import_elections elections.csv --create-politicians --encoding cp932

One row per candidacy (or per election, with the candidate columns empty);
columns are documented in docs/operations.md. Every row is checked before
anything is written: if any row is wrong, every problem is listed with its line
number and nothing is imported. Re-importing the same file changes nothing
(elections are found again by election_external_id, candidacies by election and
politician); blank cells never erase stored values.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tsushinbo.elections.actions import apply_election_import
from tsushinbo.elections.importing import add_csv_arguments, plan_import, run_csv_import

LABELS = {
    "elections": "選挙",
    "candidacies": "立候補",
}


class Command(BaseCommand):
    help = "選挙と立候補（候補者・得票数・当落）を CSV から取り込みます。"

    def add_arguments(self, parser: CommandParser) -> None:
        add_csv_arguments(parser)
        parser.add_argument(
            "--create-politicians",
            action="store_true",
            help="見つからない候補者を「元職・候補者」として新しく登録する",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        plan, counts = run_csv_import(
            path=path,
            encoding=options["encoding"],
            dry_run=options["dry_run"],
            make_plan=lambda stream: plan_import(
                stream, create_politicians=options["create_politicians"]
            ),
            apply=lambda plan: apply_election_import(plan=plan, source=path.name),
            stderr=self.stderr,
        )
        self.report(counts, plan.rows, dry_run=options["dry_run"])

    def report(self, counts: Counter[str], rows: int, *, dry_run: bool) -> None:
        prefix = "【ドライラン：書き込んでいません】" if dry_run else ""
        self.stdout.write(f"{prefix}{rows}行を読み込みました。")
        for key, label in LABELS.items():
            self.stdout.write(
                f"{label}: 新規 {counts[f'{key}_created']}件・更新 {counts[f'{key}_updated']}件"
                f"・変更なし {counts[f'{key}_unchanged']}件"
            )
        if counts["politicians_created"]:
            self.stdout.write(f"新しく登録した政治家: {counts['politicians_created']}人")
