from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("tsushinbo.pages.urls")),
    path("", include("tsushinbo.accounts.urls")),
    path("", include("tsushinbo.politicians.urls")),
    path("", include("tsushinbo.pledges.urls")),
    path("", include("tsushinbo.news.urls")),
    path("", include("tsushinbo.elections.urls")),
    path("", include("tsushinbo.books.urls")),
    path("", include("tsushinbo.surveys.urls")),
    path("", include("tsushinbo.ratings.urls")),
    path("", include("tsushinbo.integrity.urls")),
    path("", include("tsushinbo.activities.urls")),
    path("", include("tsushinbo.comments.urls")),
    path("", include("tsushinbo.moderation.urls")),
    path("", include("tsushinbo.rankings.urls")),
    path("", include("tsushinbo.search.urls")),
    path("", include("tsushinbo.opendata.urls")),
    path("", include("tsushinbo.api.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "tsushinbo.pages.views.page_not_found"
handler500 = "tsushinbo.pages.views.server_error"
