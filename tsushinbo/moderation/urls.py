from __future__ import annotations

from django.urls import URLPattern, path

from tsushinbo.moderation import views

urlpatterns: list[URLPattern] = [
    path("moderation/", views.desk, name="moderation-desk"),
    path("moderation/decide/", views.decide, name="moderation-decide"),
    path("moderation/log/", views.log, name="moderation-log"),
]
