from __future__ import annotations

from django.urls import path

from tsushinbo.ratings import views

urlpatterns = [
    path("pledges/<int:pk>/vote/", views.vote, name="pledge-vote"),
    path("stats/", views.stats, name="stats"),
    path("moderation/votes/", views.burst_queue, name="moderation-votes"),
    *[
        path(
            f"moderation/votes/<int:pk>/{decision}/",
            views.burst_decide,
            {"decision": decision},
            name=f"burst-{decision}",
        )
        for decision in ("void", "dismiss")
    ],
]
