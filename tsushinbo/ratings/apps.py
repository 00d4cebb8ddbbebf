from __future__ import annotations

from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "tsushinbo.ratings"
    verbose_name = "評価"
