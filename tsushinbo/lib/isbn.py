"""ISBN checks: accept ISBN-10 or ISBN-13 as people type them, store ISBN-13.

ISBN-10's check digit is a weighted sum mod 11 (weights 10..2, "X" = 10);
ISBN-13's alternates weights 1 and 3, mod 10. An ISBN-10 becomes an ISBN-13
by prefixing 978 and recomputing the check digit.
"""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―ー−]")


class InvalidISBN(ValueError):
    """The message is Japanese and meant for the person who typed the ISBN."""


def isbn10_check_digit(first_nine: str) -> str:
    total = sum((10 - i) * int(digit) for i, digit in enumerate(first_nine))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


def isbn13_check_digit(first_twelve: str) -> str:
    total = sum((3 if i % 2 else 1) * int(digit) for i, digit in enumerate(first_twelve))
    return str((10 - total % 10) % 10)


def isbn10_to_isbn13(isbn10: str) -> str:
    core = "978" + isbn10[:9]
    return core + isbn13_check_digit(core)


def normalise_isbn(raw: str) -> str:
    """The ISBN-13 for an ISBN-10 or ISBN-13 with any hyphens or spaces; raises InvalidISBN."""
    text = _SEPARATORS.sub("", unicodedata.normalize("NFKC", raw or "")).upper()
    text = text.removeprefix("ISBN").removeprefix(":")
    if len(text) == 10:
        if not re.fullmatch(r"\d{9}[\dX]", text):
            raise InvalidISBN("ISBN-10は数字9桁と、最後の1文字（数字またはX）で入力してください。")
        if isbn10_check_digit(text[:9]) != text[9]:
            raise InvalidISBN("ISBN-10のチェックディジット（最後の1桁）が正しくありません。")
        return isbn10_to_isbn13(text)
    if len(text) == 13:
        if not text.isdigit():
            raise InvalidISBN("ISBN-13は数字13桁で入力してください。")
        if not text.startswith(("978", "979")):
            raise InvalidISBN("ISBN-13は978または979で始まります。")
        if isbn13_check_digit(text[:12]) != text[12]:
            raise InvalidISBN("ISBN-13のチェックディジット（最後の1桁）が正しくありません。")
        return text
    raise InvalidISBN(
        f"ISBNは10桁または13桁です（入力された桁数：{len(text)}）。ハイフンは省略できます。"
    )


def is_valid_isbn13(value: str) -> bool:
    return len(value) == 13 and value.isdigit() and normalise_isbn_or_none(value) == value


def normalise_isbn_or_none(raw: str) -> str | None:
    try:
        return normalise_isbn(raw)
    except InvalidISBN:
        return None
