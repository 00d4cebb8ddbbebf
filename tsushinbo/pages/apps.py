from __future__ import annotations

from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "tsushinbo.pages"
    verbose_name = "ページ"

    def ready(self) -> None:
        from tsushinbo import checks  # noqa: F401  (registers the project-wide system checks)
        from tsushinbo.pages import caching  # noqa: F401  (connects the home page's cache invalidation)
