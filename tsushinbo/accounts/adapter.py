"""How django-allauth fits this project: private usernames, display names,
membership on e-mail verification and no IP addresses anywhere."""

from __future__ import annotations

import secrets
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.forms import BaseForm
from django.http import HttpRequest

from tsushinbo.accounts import actions
from tsushinbo.accounts.models import User
from tsushinbo.lib.network import network_key


class AccountAdapter(DefaultAccountAdapter):
    def populate_username(self, request: HttpRequest, user: User) -> None:  # type: ignore[override]
        # allauth would derive the username from the e-mail address; a random
        # one keeps the address out of anything that shows usernames.
        if not user.username:
            user.username = _random_username()

    def save_user(
        self, request: HttpRequest, user: User, form: BaseForm, commit: bool = True
    ) -> User:  # type: ignore[override]
        user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data.get("display_name", "")
        if commit:
            user.save()
        return user

    def confirm_email(self, request: HttpRequest, email_address: EmailAddress) -> bool:
        confirmed = super().confirm_email(request, email_address)
        if confirmed:
            actions.join_members(user=email_address.user)
        return confirmed

    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth keys its own rate limits by this value; the network key is
        # stable per network and is not an address.
        return network_key(request)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        context = {"site_name": settings.SITE_NAME, "site_url": _site_url(), **context}
        super().send_mail(template_prefix, email, context)


def _site_url() -> str:
    from allauth.core import context as allauth_context

    if settings.SITE_URL:
        return settings.SITE_URL
    request = allauth_context.request
    return request.build_absolute_uri("/").rstrip("/") if request is not None else ""


def _random_username() -> str:
    while True:
        username = f"user-{secrets.token_hex(6)}"
        if not User.objects.filter(username=username).exists():
            return username


def user_display(user: User) -> str:
    return user.public_name
