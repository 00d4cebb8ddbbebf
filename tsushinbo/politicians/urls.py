from __future__ import annotations

from django.urls import URLPattern, path

from tsushinbo.politicians import views

urlpatterns: list[URLPattern] = [
    path("politicians/", views.politician_list, name="politician-list"),
    path("politicians/<int:pk>/", views.politician_detail, name="politician-detail"),
    path("politicians/<int:pk>/pledges/", views.politician_pledges, name="politician-pledges"),
    path("parties/", views.party_list, name="party-list"),
    path("parties/<slug:slug>/", views.party_detail, name="party-detail"),
]
