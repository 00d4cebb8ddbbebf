from __future__ import annotations

from django.contrib import admin

from tsushinbo.audit.admin import ReadOnlyAdmin
from tsushinbo.demo.models import DemoDataset


@admin.register(DemoDataset)
class DemoDatasetAdmin(ReadOnlyAdmin):
    """Read-only: `manage.py seed_demo` writes this row together with the data it
    describes (and `--clear` removes both), so editing it here would make the demo
    banner disagree with what is actually in the database."""

    list_display = ("scale", "seed", "today", "loaded_at", "counts")
    readonly_fields = ("scale", "seed", "today", "counts", "loaded_at")
