from __future__ import annotations

from django.urls import path

from tsushinbo.integrity import views

urlpatterns = [
    path("integrity/challenge/", views.challenge, name="integrity-challenge"),
]
