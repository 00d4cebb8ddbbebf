from __future__ import annotations

from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "tsushinbo.elections"
    verbose_name = "選挙"
