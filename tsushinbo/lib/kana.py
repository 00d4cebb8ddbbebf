"""Kana helpers for readings (よみがな)."""

from __future__ import annotations

import re
import unicodedata

_KATAKANA_START, _KATAKANA_END = 0x30A1, 0x30F6
_HIRAGANA_READING = re.compile(r"^[\u3041-\u3096\u30fc\u309d\u309e\s・ 　]*$")


def katakana_to_hiragana(text: str) -> str:
    return "".join(
        chr(ord(ch) - 0x60) if _KATAKANA_START <= ord(ch) <= _KATAKANA_END else ch for ch in text
    )


def normalise_reading(text: str) -> str:
    """NFKC (half-width katakana → full-width), then katakana → hiragana, trimmed."""
    return katakana_to_hiragana(unicodedata.normalize("NFKC", text)).strip()


def is_hiragana_reading(text: str) -> bool:
    return bool(_HIRAGANA_READING.match(text))
