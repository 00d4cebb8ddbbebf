"""The site's URLs plus the two baselines of `make bench` (bench settings only)."""

from __future__ import annotations

from django.urls import path

from bench import views
from tsushinbo.urls import handler404, handler500
from tsushinbo.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("_bench/hello", views.hello),
    path("_bench/list", views.bare_list),
    *site_urlpatterns,
]

__all__ = ["handler404", "handler500", "urlpatterns"]
