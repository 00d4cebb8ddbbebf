from __future__ import annotations

from django.urls import URLPattern, path

from tsushinbo.surveys import views

urlpatterns: list[URLPattern] = [
    path("surveys/", views.survey_list, name="survey-list"),
    path("surveys/<int:pk>/", views.survey_detail, name="survey-detail"),
    path("surveys/<int:pk>/answer/", views.survey_answer, name="survey-answer"),
]
