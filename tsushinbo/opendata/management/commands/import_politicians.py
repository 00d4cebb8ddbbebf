"""Import or update politicians from a CSV file.

    manage.py import_politicians politicians.csv --dry-run   # check and count, write nothing
    manage.py import_politicians politicians.csv
    manage.py import_politicians politicians.csv --encoding cp932

Columns are documented in docs/operations.md (「政治家データの取り込み」). Every
row is checked before anything is written: if any row is wrong, every problem
is listed with its line number and nothing is imported (one transaction for the
file). A row finds its politician by external_id, then wikidata_id, then name,
reading and prefecture; otherwise it creates one. Blank cells never erase
stored values; re-importing the same file changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tsushinbo.elections.importing import add_csv_arguments, run_csv_import
from tsushinbo.opendata.csv_import import apply_politician_import, plan_politician_import


class Command(BaseCommand):
    help = "政治家を CSV から取り込み、または更新します。"

    def add_arguments(self, parser: CommandParser) -> None:
        add_csv_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        plan, counts = run_csv_import(
            path=path,
            encoding=options["encoding"],
            dry_run=options["dry_run"],
            make_plan=plan_politician_import,
            apply=lambda plan: apply_politician_import(plan=plan, source=path.name),
            stderr=self.stderr,
        )
        prefix = "【ドライラン：書き込んでいません】" if options["dry_run"] else ""
        self.stdout.write(
            f"{prefix}{plan.rows}行を読み込みました。政治家: 新規 {counts['politicians_created']}件"
            f"・更新 {counts['politicians_updated']}件・変更なし {counts['politicians_unchanged']}件"
        )
