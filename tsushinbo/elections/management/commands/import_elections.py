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

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, transaction

from tsushinbo.elections.actions import apply_election_import
from tsushinbo.elections.importing import plan_import

LABELS = {
    "elections": "選挙",
    "candidacies": "立候補",
}


class Command(BaseCommand):
    help = "選挙と立候補（候補者・得票数・当落）を CSV から取り込みます。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV ファイル（1行目は列名）")
        parser.add_argument(
            "--dry-run", action="store_true", help="検査と件数の表示だけを行い、書き込まない"
        )
        parser.add_argument(
            "--create-politicians",
            action="store_true",
            help="見つからない候補者を「元職・候補者」として新しく登録する",
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
                plan = plan_import(stream, create_politicians=options["create_politicians"])
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
                f"{len(plan.errors)}件の問題があるため、何も取り込みませんでした（{plan.rows}行）。"
            )
        try:
            with transaction.atomic():
                counts = apply_election_import(plan=plan, source=path.name)
                if options["dry_run"]:
                    transaction.set_rollback(True)
        except (DatabaseError, ValidationError) as error:
            raise CommandError(
                f"書き込みに失敗したため、何も取り込みませんでした: {error}"
            ) from error
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
