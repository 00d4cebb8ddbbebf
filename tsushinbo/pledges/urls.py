from __future__ import annotations

from django.urls import path

from tsushinbo.pledges import views

urlpatterns = [
    path("pledges/<int:pk>/", views.pledge_detail, name="pledge-detail"),
]
