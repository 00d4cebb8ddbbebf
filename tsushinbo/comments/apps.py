from __future__ import annotations

from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "tsushinbo.comments"
    verbose_name = "コメント"
