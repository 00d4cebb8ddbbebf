from __future__ import annotations

from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "tsushinbo.opendata"
    verbose_name = "オープンデータ"
