from __future__ import annotations

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from tsushinbo.opendata import views
from tsushinbo.opendata.sitemaps import SITEMAPS

urlpatterns = [
    path("about/data/", views.open_data, name="open-data"),
    path("about/data/files/<str:format>/<str:name>", views.download, name="open-data-file"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
