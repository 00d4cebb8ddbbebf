from __future__ import annotations

from django.urls import URLPattern, path

from tsushinbo.comments import views

urlpatterns: list[URLPattern] = [
    path("activities/<int:pk>/comments/", views.post_on_report, name="report-comment"),
    path("pledges/<int:pk>/comments/", views.post_on_pledge, name="pledge-comment"),
    path("comments/<int:pk>/flag/", views.flag, name="comment-flag"),
]
