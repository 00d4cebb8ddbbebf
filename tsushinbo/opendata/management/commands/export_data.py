"""Export all public data for download (SPEC §6).

    manage.py export_data --format csv --out var/dumps/csv
    manage.py export_data --format json --out var/dumps/json       # JSON Lines
    manage.py export_data --format popolo --out var/dumps/popolo   # popolo.json

Each run writes one file per table (or popolo.json) and manifest.json (files,
row counts, generated_at, licence) into a temporary directory next to --out
and then swaps it into place. Rows are streamed in chunks, so memory stays flat
however large the database. Only public rows are written: no pending, rejected
or hidden content, no voter keys, network keys or e-mail addresses. Files and
columns are described on /about/data/ and in docs/operations.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from tsushinbo.opendata.exporting import FORMATS, export


class Command(BaseCommand):
    help = "公開データを CSV・JSON Lines・Popolo JSON で書き出します。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=FORMATS, required=True, help="書き出す形式")
        parser.add_argument(
            "--out",
            type=Path,
            help="書き出し先のディレクトリ（既定: DUMP_DIR/<形式>）。中身は置き換えられます。",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out = options["out"] or Path(settings.DUMP_DIR) / options["format"]
        manifest = export(options["format"], out)
        for entry in manifest["files"]:
            self.stdout.write(f"{entry['name']}: {entry['rows']} ({entry['bytes']} bytes)")
        self.stdout.write(f"{out} に書き出しました（{manifest['generated_at']}）。")
