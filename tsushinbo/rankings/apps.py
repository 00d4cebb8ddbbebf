from __future__ import annotations

from django.apps import AppConfig


class RankingsConfig(AppConfig):
    name = "tsushinbo.rankings"
    verbose_name = "ランキング"
