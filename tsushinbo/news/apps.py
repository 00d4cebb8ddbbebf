from __future__ import annotations

from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "tsushinbo.news"
    verbose_name = "お知らせ・サイトのページ"
