from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from tsushinbo.integrity.pow import new_challenge


@require_safe
@never_cache
def challenge(request: HttpRequest) -> JsonResponse:
    """A fresh ALTCHA challenge for the widget; each one can be solved and used once."""
    return JsonResponse(new_challenge())
