from __future__ import annotations

from django.urls import URLPattern, path

from tsushinbo.news import views
from tsushinbo.news.feeds import AnnouncementFeed

urlpatterns: list[URLPattern] = [
    path("news/", views.announcement_list, name="announcement-list"),
    path("news/preview/<int:pk>/", views.announcement_preview, name="announcement-preview"),
    path("news/<slug:slug>/", views.announcement_detail, name="announcement-detail"),
    path("feeds/news/", AnnouncementFeed(), name="announcement-feed"),
]
