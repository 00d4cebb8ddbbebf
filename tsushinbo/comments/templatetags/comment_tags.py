from __future__ import annotations

from django import template
from django.db import models
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from tsushinbo.accounts.models import User
from tsushinbo.accounts.queries import my_contributions
from tsushinbo.comments.queries import comment_section

register = template.Library()


@register.simple_tag(takes_context=True)
def comments_section(context: template.Context, target: models.Model) -> SafeString:
    """The comments of a public report or pledge, the viewer's pending ones, and the form."""
    request: HttpRequest = context["request"]
    post_url = f"{target.get_absolute_url()}comments/"  # type: ignore[attr-defined]
    section = {"comments": comment_section(request, target, post_url)}
    return render_to_string("comments/_section.html", section, request=request)


@register.simple_tag
def contributions_of(user: User) -> object:
    """{% contributions_of user as mine %}: my reports and comments, for my page."""
    return my_contributions(user)
