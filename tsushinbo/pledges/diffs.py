"""Readable diffs between two versions of a pledge.

Japanese has no spaces, so words cannot anchor a diff: compare lines first,
then characters inside the lines that changed, and fold tiny common runs (one
や の between two changes) into the change so the result reads as phrases.
Segments carry plain text; templates escape it and wrap it in <ins>/<del>.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from tsushinbo.pledges.revisions import CONTENT_FIELDS, Snapshot, comparable, display_value

SegmentKind = Literal["equal", "insert", "delete", "skip"]

# Character-level matching is quadratic: longer changed blocks are shown whole.
CHARACTER_DIFF_LIMIT = 1000
# Common runs this short between two changes are shown as part of the change.
SMALL_COMMON_RUN = 2
# Unchanged text longer than this keeps only this much context on each side.
CONTEXT = 40
SKIPPED = "…"

# Whole-value fields: a change is the old value removed and the new one added.
_ATOMIC_FIELDS = {"election", "deadline"}


@dataclass(frozen=True)
class Segment:
    kind: SegmentKind
    text: str


@dataclass(frozen=True)
class FieldDiff:
    field: str
    label: str
    segments: list[Segment]


def diff_snapshots(before: Snapshot | None, after: Snapshot) -> list[FieldDiff]:
    """One entry per field that differs; everything counts as added when `before` is None."""
    base: Snapshot = before or {}
    diffs = []
    for field, label in CONTENT_FIELDS.items():
        if comparable(base, field) == comparable(after, field):
            continue
        old, new = display_value(base, field), display_value(after, field)
        if field == "categories":
            segments = _list_diff(base.get("categories") or [], after.get("categories") or [])
        elif field in _ATOMIC_FIELDS:
            segments = _replacement(old, new)
        else:
            segments = text_diff(old, new)
        diffs.append(FieldDiff(field, label, segments))
    return diffs


def text_diff(before: str, after: str) -> list[Segment]:
    old_lines = before.splitlines(keepends=True)
    new_lines = after.splitlines(keepends=True)
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])
        if tag == "equal":
            segments.append(Segment("equal", old))
        elif tag == "replace" and max(len(old), len(new)) <= CHARACTER_DIFF_LIMIT:
            segments.extend(_character_diff(old, new))
        else:
            segments.extend(_replacement(old, new))
    return _elide(_coalesce(segments))


def _character_diff(before: str, after: str) -> list[Segment]:
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("equal", before[i1:i2]))
        else:
            segments.extend(_replacement(before[i1:i2], after[j1:j2]))
    return _absorb_small_runs(segments)


def _replacement(before: str, after: str) -> list[Segment]:
    segments = []
    if before:
        segments.append(Segment("delete", before))
    if after:
        segments.append(Segment("insert", after))
    return segments


def _absorb_small_runs(segments: list[Segment]) -> list[Segment]:
    """Turn 変更 の 変更 into one deletion and one insertion."""
    result: list[Segment] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        result.extend(_replacement("".join(deleted), "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for index, segment in enumerate(segments):
        between_changes = 0 < index < len(segments) - 1 and bool(deleted or inserted)
        if segment.kind == "equal" and between_changes and len(segment.text) <= SMALL_COMMON_RUN:
            deleted.append(segment.text)
            inserted.append(segment.text)
        elif segment.kind == "equal":
            flush()
            result.append(segment)
        elif segment.kind == "delete":
            deleted.append(segment.text)
        else:
            inserted.append(segment.text)
    flush()
    return result


def _coalesce(segments: list[Segment]) -> list[Segment]:
    """Merge neighbours of the same kind."""
    result: list[Segment] = []
    for segment in segments:
        if result and result[-1].kind == segment.kind:
            result[-1] = Segment(segment.kind, result[-1].text + segment.text)
        else:
            result.append(segment)
    return result


def _elide(segments: list[Segment]) -> list[Segment]:
    """Shorten long unchanged text to the context around the changes."""
    if len(segments) < 2:
        return segments
    result: list[Segment] = []
    last = len(segments) - 1
    for index, segment in enumerate(segments):
        if segment.kind != "equal" or len(segment.text) <= 2 * CONTEXT + len(SKIPPED):
            result.append(segment)
            continue
        if index > 0:
            result.append(Segment("equal", segment.text[:CONTEXT]))
        result.append(Segment("skip", SKIPPED))
        if index < last:
            result.append(Segment("equal", segment.text[-CONTEXT:]))
    return result


def _list_diff(before: list[str], after: list[str]) -> list[Segment]:
    segments: list[Segment] = []
    for name in sorted(set(before) | set(after)):
        if segments:
            segments.append(Segment("equal", "、"))
        if name in before and name in after:
            segments.append(Segment("equal", name))
        elif name in before:
            segments.append(Segment("delete", name))
        else:
            segments.append(Segment("insert", name))
    return segments
