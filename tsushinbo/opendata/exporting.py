"""Write the bulk export: CSV or JSON Lines per table, or one Popolo JSON file.

Rows are streamed from the database in chunks and written one at a time, so
memory does not grow with the number of rows. The output is first written to a
temporary sibling directory and then moved into place, so a scheduled run never
leaves a half-written dump where the web server serves it.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import json
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils import timezone

from tsushinbo.opendata.popolo_export import write_popolo
from tsushinbo.opendata.tables import TABLES, Table

FORMATS = ("csv", "json", "popolo")
MANIFEST = "manifest.json"


def export_value(value: Any) -> Any:
    """A JSON-safe scalar: dates as ISO 8601, decimals as numbers."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return export_value(value)


def dumps_line(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, default=export_value, separators=(",", ":"))


def write_csv(table: Table, stream: IO[str]) -> int:
    writer = csv.writer(stream, lineterminator="\n")
    names = table.column_names
    writer.writerow(names)
    count = 0
    for row in table.iterate():
        writer.writerow([_csv_value(row[name]) for name in names])
        count += 1
    return count


def write_jsonl(table: Table, stream: IO[str]) -> int:
    count = 0
    for row in table.iterate():
        stream.write(dumps_line({key: export_value(value) for key, value in row.items()}))
        stream.write("\n")
        count += 1
    return count


def export(format: str, out: Path, *, tables: Iterable[Table] = TABLES) -> dict[str, Any]:
    """Write one format's files and manifest.json into `out`; return the manifest."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}")
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        files = _write_files(format, work, tables)
        manifest = _manifest(format, files)
        with (work / MANIFEST).open("w", encoding="utf-8") as stream:
            json.dump(manifest, stream, ensure_ascii=False, indent=2)
            stream.write("\n")
        _replace_dir(work, out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return manifest


def _write_files(format: str, work: Path, tables: Iterable[Table]) -> list[dict[str, Any]]:
    files: list[dict[str, Any]] = []
    if format == "popolo":
        path = work / "popolo.json"
        with path.open("w", encoding="utf-8") as stream:
            counts = write_popolo(stream)
        files.append({"name": path.name, "table": "popolo", "rows": counts})
    else:
        suffix, writer = (".csv", write_csv) if format == "csv" else (".jsonl", write_jsonl)
        for table in tables:
            path = work / f"{table.name}{suffix}"
            # utf-8-sig for CSV: Excel in Japan then opens it without mojibake.
            encoding = "utf-8-sig" if format == "csv" else "utf-8"
            with path.open("w", encoding=encoding, newline="") as stream:
                rows = writer(table, stream)
            files.append({"name": path.name, "table": table.name, "rows": rows})
    for entry in files:
        entry["bytes"] = (work / entry["name"]).stat().st_size
    return files


def _manifest(format: str, files: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "format": format,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "licence": {"name": settings.OPEN_DATA_LICENSE, "url": settings.OPEN_DATA_LICENSE_URL},
        "source": settings.SITE_URL or settings.SITE_NAME,
        "files": files,
    }


def _replace_dir(new: Path, target: Path) -> None:
    """Move `new` to `target`, replacing an earlier dump with two quick renames."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-old-{timezone.now():%Y%m%d%H%M%S%f}")
        target.rename(old)
    new.rename(target)
    new_mode = 0o755
    target.chmod(new_mode)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
