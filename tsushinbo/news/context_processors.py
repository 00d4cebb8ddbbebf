from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tsushinbo.news.queries import news_box_entries


def news_box(request: HttpRequest) -> dict[str, Any]:
    # A callable: the template calls it only where the box is rendered.
    return {"news_box_entries": news_box_entries}
