from __future__ import annotations

from typing import Any

from django.test import Client

from tsushinbo.integrity.pow import new_challenge, solve_for_tests


def solved_payload() -> str:
    """A fresh challenge, solved as the widget would (use a small POW_COST in tests)."""
    return solve_for_tests(new_challenge())


def browser(
    ip: str = "203.0.113.7", user_agent: str = "Mozilla/5.0 (iPhone) Safari", **extra: Any
) -> Client:
    return Client(REMOTE_ADDR=ip, HTTP_USER_AGENT=user_agent, **extra)
