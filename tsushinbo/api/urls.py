from __future__ import annotations

from django.urls import path

from tsushinbo.api.api import api

urlpatterns = [
    path("api/v1/", api.urls),
]
