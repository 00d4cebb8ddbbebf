"""Import politicians, parties and memberships from a Popolo JSON file.

    manage.py import_popolo ep-popolo-v1.0.json --dry-run   # check and count, write nothing
    manage.py import_popolo ep-popolo-v1.0.json
    manage.py import_popolo dump/popolo.json --id-scheme tsushinbo-example

Reads EveryPolitician's files and our own export_data --format popolo. The file
runs in one transaction with a savepoint per record: a record with a problem is
skipped and listed (section, index, id and reason) and the others are imported.
Re-importing the same file changes nothing (records are found by identifiers).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tsushinbo.opendata.popolo_import import RecordError, import_popolo

LABELS = {
    "politicians": "政治家",
    "parties": "政党",
    "memberships": "政党所属歴",
    "elections": "選挙",
}


class Command(BaseCommand):
    help = "Popolo JSON（EveryPolitician など）から政治家・政党・所属を取り込みます。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Popolo JSON ファイル")
        parser.add_argument(
            "--dry-run", action="store_true", help="検査と件数の表示だけを行い、書き込まない"
        )
        parser.add_argument(
            "--id-scheme",
            help="ファイル内の id を保存する外部IDの種類（既定: meta.id_scheme、"
            "EveryPolitician なら everypolitician、それ以外は popolo）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except FileNotFoundError as error:
            raise CommandError(f"ファイルが見つかりません: {path}") from error
        except (UnicodeDecodeError, ValueError) as error:
            raise CommandError(f"JSON として読めません: {error}") from error
        try:
            report = import_popolo(
                data, scheme=options["id_scheme"], dry_run=options["dry_run"], source=path.name
            )
        except RecordError as error:
            raise CommandError(str(error)) from error
        for message in report.errors:
            self.stderr.write(message)
        self.write_counts(report.counts, dry_run=options["dry_run"])
        if report.errors:
            self.stderr.write(f"{len(report.errors)}件の記録は問題があるため取り込みませんでした。")

    def write_counts(self, counts: Counter[str], *, dry_run: bool) -> None:
        if dry_run:
            self.stdout.write("【ドライラン：書き込んでいません】")
        for key, label in LABELS.items():
            self.stdout.write(
                f"{label}: 新規 {counts[f'{key}_created']}件・更新 {counts[f'{key}_updated']}件"
                f"・変更なし {counts[f'{key}_unchanged']}件"
            )
        skipped = counts["events_skipped"] + counts["events_skipped_no_date"]
        if skipped:
            self.stdout.write(
                f"取り込まなかったイベント: {skipped}件"
                f"（うち投票日が年だけのもの {counts['events_skipped_no_date']}件）"
            )
