from __future__ import annotations

from typing import Any

from django import template

from tsushinbo.accounts import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context: template.Context, action: str, target: Any = None) -> bool:
    """{% can "follow" politician as may_follow %}: permissions.can for the current user."""
    # The request's user, not a `user` variable: includes such as
    # accounts/_author.html bind `user` to someone else.
    request = context.get("request")
    user = request.user if request is not None else None
    return permissions.can(user, action, target)
