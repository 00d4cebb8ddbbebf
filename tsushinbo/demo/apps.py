from __future__ import annotations

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "tsushinbo.demo"
    verbose_name = "デモデータ"
