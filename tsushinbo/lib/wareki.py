"""Japanese era (和暦) display for Gregorian dates. Dates are stored Gregorian."""

from __future__ import annotations

import datetime

_ERAS: list[tuple[datetime.date, str]] = [
    (datetime.date(2019, 5, 1), "令和"),
    (datetime.date(1989, 1, 8), "平成"),
    (datetime.date(1926, 12, 25), "昭和"),
    (datetime.date(1912, 7, 30), "大正"),
]


def wareki_year(date: datetime.date) -> str:
    """Return e.g. 「令和7年」 (「元年」 for an era's first year); Gregorian before 大正."""
    for start, name in _ERAS:
        if date >= start:
            year = date.year - start.year + 1
            return f"{name}{'元' if year == 1 else year}年"
    return f"{date.year}年"


def wareki_date(date: datetime.date) -> str:
    return f"{wareki_year(date)}{date.month}月{date.day}日"
