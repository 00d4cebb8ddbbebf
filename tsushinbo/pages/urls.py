from __future__ import annotations

from django.urls import path

from tsushinbo.pages import views

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("terms/", views.terms, name="terms"),
    path("privacy/", views.privacy, name="privacy"),
    path("guide/evaluation/", views.evaluation_guide, name="evaluation-guide"),
    path("healthz", views.healthz, name="healthz"),
]
