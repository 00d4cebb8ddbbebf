from __future__ import annotations

from django.apps import AppConfig


class PledgesConfig(AppConfig):
    name = "tsushinbo.pledges"
    verbose_name = "公約・政策"
