from __future__ import annotations

from django.urls import path

from tsushinbo.rankings import views, views_random

urlpatterns = [
    path("rankings/", views.overview, name="rankings"),
    path("rankings/<slug:kind_slug>/", views.ranking_list, name="ranking-list"),
    path("random/", views_random.random_pledge, name="random"),
]
