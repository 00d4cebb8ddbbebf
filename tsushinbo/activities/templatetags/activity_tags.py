"""Activity-report sections other apps' pages include (the politician and pledge pages).

Each tag reads what its section shows in one query and renders the section's
template, so those pages' views stay as they are.
"""

from __future__ import annotations

from django import template
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from tsushinbo.activities.models import ActivityReport
from tsushinbo.activities.rendering import plain_text_html
from tsushinbo.pledges.models import Pledge
from tsushinbo.politicians.models import Politician

register = template.Library()

POLITICIAN_REPORTS = 5
PLEDGE_REPORTS = 10


@register.filter
def plain_text(value: str) -> SafeString:
    """Escaped text in paragraphs, with http(s) URLs as nofollow links."""
    return plain_text_html(value or "")


def _total(reports: list[ActivityReport]) -> int:
    return getattr(reports[0], "total", 0) if reports else 0


@register.simple_tag(takes_context=True)
def politician_activities_section(context: template.Context, politician: Politician) -> SafeString:
    request: HttpRequest = context["request"]
    rows = (
        ActivityReport.objects.public()
        .filter(politician=politician)
        .select_related("posted_by")
        .with_pledge_badge()
        .newest_first()
        .with_total()[:POLITICIAN_REPORTS]
    )
    reports = list(rows)
    for report in reports:
        report.politician = politician
    section = {"politician": politician, "reports": reports, "total": _total(reports)}
    return render_to_string("activities/_politician_section.html", section, request=request)


@register.simple_tag(takes_context=True)
def pledge_activities_section(context: template.Context, pledge: Pledge) -> SafeString:
    request: HttpRequest = context["request"]
    rows = (
        ActivityReport.objects.public()
        .filter(pledges=pledge)
        .select_related("politician", "posted_by")
        .newest_first()
        .with_total()[:PLEDGE_REPORTS]
    )
    reports = list(rows)
    section = {"pledge": pledge, "reports": reports, "total": _total(reports)}
    return render_to_string("activities/_pledge_section.html", section, request=request)
