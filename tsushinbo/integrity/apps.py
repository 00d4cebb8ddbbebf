from __future__ import annotations

from django.apps import AppConfig


class IntegrityConfig(AppConfig):
    name = "tsushinbo.integrity"
    verbose_name = "不正対策"
