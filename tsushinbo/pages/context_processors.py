from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from tsushinbo.demo.models import DemoDataset


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "SITE_NAME": settings.SITE_NAME,
        "demo_data_present": DemoDataset.objects.is_present,
    }
