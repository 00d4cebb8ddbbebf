from __future__ import annotations

from django.urls import URLPattern, path

from tsushinbo.elections import views

urlpatterns: list[URLPattern] = [
    path("elections/", views.election_list, name="election-list"),
    path("elections/<int:pk>/", views.election_detail, name="election-detail"),
]
