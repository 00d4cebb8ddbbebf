"""The generation key of cached pages that show rankings (see tsushinbo.lib.generations)."""

from __future__ import annotations

from tsushinbo.lib.generations import bump, generation

RANKINGS_GENERATION_KEY = "rankings:generation"


def rankings_generation() -> str:
    return generation(RANKINGS_GENERATION_KEY)


def invalidate_rankings() -> None:
    """Call on commit of a write that moved ranking rows."""
    bump(RANKINGS_GENERATION_KEY)
