from __future__ import annotations

from django import template
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from tsushinbo.integrity.voters import voter_for
from tsushinbo.pledges.models import Pledge
from tsushinbo.ratings.views import section_context

register = template.Library()


@register.simple_tag(takes_context=True)
def evaluation_section(context: template.Context, pledge: Pledge) -> SafeString:
    """The pledge page's 評価 section (the same template the vote endpoint swaps in with htmx)."""
    request: HttpRequest = context["request"]
    section = section_context(request, pledge, voter_for(request))
    return render_to_string("ratings/_evaluation.html", section, request=request)
