from __future__ import annotations

from django.urls import path

from tsushinbo.pledges import views

urlpatterns = [
    path("pledges/new/", views.pledge_new, name="pledge-new"),
    path("pledges/<int:pk>/", views.pledge_detail, name="pledge-detail"),
    path("pledges/<int:pk>/edit/", views.pledge_edit, name="pledge-edit"),
    path("pledges/<int:pk>/history/", views.pledge_history, name="pledge-history"),
    path(
        "pledges/<int:pk>/history/<int:revision_pk>/revert/",
        views.revision_revert,
        name="pledge-revision-revert",
    ),
    path("pledges/<int:pk>/progress/", views.progress_list, name="pledge-progress"),
    path("pledges/<int:pk>/progress/new/", views.progress_new, name="pledge-progress-new"),
    path("moderation/pledges/", views.revision_queue, name="pledge-revision-queue"),
    path("moderation/pledges/<int:pk>/", views.revision_review, name="pledge-revision-review"),
    path("moderation/progress/", views.progress_queue, name="progress-report-queue"),
    path("moderation/progress/<int:pk>/", views.progress_review, name="progress-report-review"),
    *[
        path(
            f"moderation/pledges/<int:pk>/{decision}/",
            views.revision_decide,
            {"decision": decision},
            name=f"pledge-revision-{decision}",
        )
        for decision in ("approve", "reject")
    ],
    *[
        path(
            f"moderation/progress/<int:pk>/{decision}/",
            views.progress_decide,
            {"decision": decision},
            name=f"progress-report-{decision}",
        )
        for decision in ("approve", "reject")
    ],
]
