from __future__ import annotations

from django.apps import AppConfig


class PoliticiansConfig(AppConfig):
    name = "tsushinbo.politicians"
    verbose_name = "政治家・政党"
