from __future__ import annotations

from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "tsushinbo.activities"
    verbose_name = "活動報告"
