from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm, UsernameField

from tsushinbo.accounts.models import Follow, PoliticianClaim, User
from tsushinbo.audit.admin import ReadOnlyAdmin

# The admin site is shared by every app; accounts sets its titles because the
# user model is what every admin page starts from.
admin.site.site_header = f"{settings.SITE_NAME} 管理"
admin.site.site_title = f"{settings.SITE_NAME} 管理"
admin.site.index_title = "管理メニュー"


# Django's auth forms are bound to auth.User, which this project swaps out.
class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("username", "display_name")
        field_classes = {"username": UsernameField}


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {"username": UsernameField}


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("個人情報", {"fields": ("display_name", "first_name", "last_name", "email")}),
        (
            "権限",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("お知らせメール", {"fields": ("digest_frequency", "digest_sent_until")}),
        # Linking, banning and deleting go through the moderation pages, which
        # write the audit log; here they are shown, not edited.
        ("状態", {"fields": ("politician", "banned_at", "deleted_at")}),
        ("重要な日付", {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("politician", "banned_at", "deleted_at", "digest_sent_until")
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "display_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = ("username", "display_name", "email", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", "digest_frequency")
    list_select_related = ("politician",)
    search_fields = ("username", "display_name", "email")
    ordering = ("-id",)
    show_full_result_count = False


@admin.register(PoliticianClaim)
class PoliticianClaimAdmin(ReadOnlyAdmin):
    list_display = ("politician", "user", "status", "created_at", "decided_by", "decided_at")
    list_filter = ("status",)
    list_select_related = ("politician", "user", "decided_by")
    search_fields = ("politician__family_name", "politician__given_name", "user__display_name")
    show_full_result_count = False


@admin.register(Follow)
class FollowAdmin(ReadOnlyAdmin):
    list_display = ("user", "politician", "created_at")
    list_select_related = ("user", "politician")
    search_fields = ("politician__family_name", "politician__given_name", "user__display_name")
    show_full_result_count = False
