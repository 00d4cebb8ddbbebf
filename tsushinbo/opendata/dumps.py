"""The latest dumps under DUMP_DIR, as /about/data/ lists them."""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from tsushinbo.opendata.exporting import FORMATS, MANIFEST

# Only plain names a dump holds; never a path, never a hidden file.
FILE_NAME = re.compile(r"^[a-z0-9_]+\.(csv|jsonl|json)$")


@dataclass
class DumpFile:
    name: str
    format: str
    size: int
    modified: datetime.datetime
    rows: Any = None


@dataclass
class Dump:
    format: str
    generated_at: datetime.datetime | None = None
    files: list[DumpFile] = field(default_factory=list)


def dump_dir() -> Path:
    return Path(settings.DUMP_DIR)


def dump_file(format: str, name: str) -> Path | None:
    """The path of a published dump file, or None for anything else."""
    if format not in FORMATS or not FILE_NAME.match(name):
        return None
    path = dump_dir() / format / name
    return path if path.is_file() else None


def latest_dumps() -> list[Dump]:
    dumps = []
    for format in FORMATS:
        directory = dump_dir() / format
        if not directory.is_dir():
            continue
        manifest = _read_manifest(directory)
        rows = {entry.get("name"): entry.get("rows") for entry in manifest.get("files", [])}
        dump = Dump(format, _parse_time(manifest.get("generated_at")))
        for path in sorted(directory.iterdir()):
            if not FILE_NAME.match(path.name) or not path.is_file():
                continue
            stat = path.stat()
            modified = datetime.datetime.fromtimestamp(stat.st_mtime, tz=datetime.UTC)
            dump.files.append(
                DumpFile(
                    path.name,
                    format,
                    stat.st_size,
                    timezone.localtime(modified),
                    rows.get(path.name),
                )
            )
        dumps.append(dump)
    return dumps


def _parse_time(value: Any) -> datetime.datetime | None:
    try:
        return timezone.localtime(datetime.datetime.fromisoformat(value))
    except (TypeError, ValueError):
        return None


def _read_manifest(directory: Path) -> dict[str, Any]:
    try:
        data = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
