from __future__ import annotations

from django.urls import include, path

from tsushinbo.accounts import views

urlpatterns = [
    # Before allauth's own patterns: the same URL, rate-limited per network.
    path("accounts/signup/", views.signup, name="account_signup"),
    path("accounts/delete/", views.delete_account, name="account-delete"),
    path("accounts/", include("allauth.urls")),
    path("me/", views.me, name="me"),
    path("me/settings/", views.me_settings, name="me-settings"),
    path("me/following/", views.following, name="me-following"),
    path("users/<int:pk>/", views.user_profile, name="user-profile"),
    *[
        path(f"users/<int:pk>/{verb}/", views.moderate_user, {"verb": verb}, name=f"user-{verb}")
        for verb in ("ban", "unban", "trust", "untrust")
    ],
    path("politicians/<int:pk>/follow/", views.follow, name="politician-follow"),
    path("politicians/<int:pk>/unfollow/", views.unfollow, name="politician-unfollow"),
    path("politicians/<int:pk>/claim/", views.claim_new, name="politician-claim"),
    path("moderation/claims/", views.claims_queue, name="moderation-claims"),
    *[
        path(
            f"moderation/claims/<int:pk>/{decision}/",
            views.claim_decide,
            {"decision": decision},
            name=f"claim-{decision}",
        )
        for decision in ("approve", "reject", "revoke")
    ],
]
