from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.test import override_settings

from tsushinbo.opendata.exporting import export

SAMPLE = Path("/work/shared/data/everypolitician-japan-hor-sample.json")


class TempDumpDir:
    """A throwaway DUMP_DIR for one test case."""

    def setUp(self) -> None:
        super().setUp()  # type: ignore[misc]
        self.dump_dir = Path(tempfile.mkdtemp(prefix="tsushinbo-dumps-"))
        self.addCleanup(shutil.rmtree, self.dump_dir, True)  # type: ignore[attr-defined]
        override = override_settings(DUMP_DIR=self.dump_dir)
        override.enable()
        self.addCleanup(override.disable)  # type: ignore[attr-defined]

    def export(self, format: str) -> Path:
        out = self.dump_dir / format
        export(format, out)
        return out


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
