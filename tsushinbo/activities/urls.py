from __future__ import annotations

from django.urls import URLPattern, path

from tsushinbo.activities import views
from tsushinbo.activities.feeds import ActivityFeed, PledgeActivityFeed, PoliticianActivityFeed

urlpatterns: list[URLPattern] = [
    path("activities/", views.activity_list, name="activity-list"),
    path("activities/popular/", views.activity_popular, name="activity-popular"),
    path("activities/<int:pk>/", views.activity_detail, name="activity-detail"),
    path("activities/<int:pk>/edit/", views.report_edit, name="activity-edit"),
    path("activities/<int:pk>/flag/", views.report_flag, name="activity-flag"),
    path(
        "politicians/<int:pk>/activities/",
        views.politician_activities,
        name="politician-activities",
    ),
    path("politicians/<int:pk>/activities/new/", views.report_new, name="activity-new"),
    path("feeds/activities/", ActivityFeed(), name="activity-feed"),
    path(
        "feeds/politicians/<int:pk>/activities/",
        PoliticianActivityFeed(),
        name="politician-activity-feed",
    ),
    path(
        "feeds/pledges/<int:pk>/activities/",
        PledgeActivityFeed(),
        name="pledge-activity-feed",
    ),
]
