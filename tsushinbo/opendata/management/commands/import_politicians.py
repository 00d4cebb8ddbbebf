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

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, transaction

from tsushinbo.elections.importing import RowError
from tsushinbo.opendata.csv_import import apply_politician_import, plan_politician_import


class Command(BaseCommand):
    help = "政治家を CSV から取り込み、または更新します。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV ファイル（1行目は列名）")
        parser.add_argument(
            "--dry-run", action="store_true", help="検査と件数の表示だけを行い、書き込まない"
        )
        parser.add_argument(
            "--encoding",
            default="utf-8-sig",
            help="文字コード（既定: utf-8-sig。Excel なら cp932）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            with path.open(encoding=options["encoding"], newline="") as stream:
                plan = plan_politician_import(stream)
        except FileNotFoundError as error:
            raise CommandError(f"ファイルが見つかりません: {path}") from error
        except (UnicodeDecodeError, LookupError) as error:
            raise CommandError(
                f"文字コード {options['encoding']} として読めません。--encoding を確かめてください"
                f"（{error}）。"
            ) from error
        if plan.errors:
            for message in plan.errors:
                self.stderr.write(message)
            raise CommandError(
                f"{len(plan.errors)}件の問題があるため、何も取り込みませんでした（{plan.count}行）。"
            )
        try:
            with transaction.atomic():
                counts = apply_politician_import(plan=plan, source=path.name)
                if options["dry_run"]:
                    transaction.set_rollback(True)
        except (RowError, DatabaseError, ValidationError) as error:
            raise CommandError(
                f"書き込みに失敗したため、何も取り込みませんでした: {error}"
            ) from error
        prefix = "【ドライラン：書き込んでいません】" if options["dry_run"] else ""
        self.stdout.write(
            f"{prefix}{plan.count}行を読み込みました。政治家: 新規 {counts['politicians_created']}件"
            f"・更新 {counts['politicians_updated']}件・変更なし {counts['politicians_unchanged']}件"
        )
