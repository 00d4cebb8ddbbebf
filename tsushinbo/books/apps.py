from __future__ import annotations

from django.apps import AppConfig


class BooksConfig(AppConfig):
    name = "tsushinbo.books"
    verbose_name = "関連書籍"
