"""Helpers shared by the demo tests: run seed_demo and return what it printed."""

from __future__ import annotations

import datetime
from io import StringIO

from django.core.management import call_command


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def seed_tiny_on(today: datetime.date, seed_value: int = 1) -> str:
    """A tiny dataset for `today`, without the (slow) refresh of derived data."""
    return seed(
        "--scale", "tiny", "--seed", str(seed_value), "--today", today.isoformat(), "--no-refresh"
    )
