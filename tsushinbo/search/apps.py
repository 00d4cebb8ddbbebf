from __future__ import annotations

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "tsushinbo.search"
    verbose_name = "検索"
