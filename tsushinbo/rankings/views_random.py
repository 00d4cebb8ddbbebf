from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from tsushinbo.integrity.voters import voter_for
from tsushinbo.rankings.picking import pick_pledge
from tsushinbo.ratings.views import section_context

RANDOM_URL = "/random/"


def _skip(request: HttpRequest) -> int | None:
    raw = request.GET.get("skip", "")
    return int(raw) if raw.isdigit() and len(raw) < 12 else None


@never_cache
@require_safe
def random_pledge(request: HttpRequest) -> HttpResponse:
    """ランダム評価: one pledge to evaluate; 「次へ」 asks again, skipping it.

    htmx swaps only the panel; without JavaScript the vote form posts to the
    vote endpoint with next=/random/, which redirects back here.
    """
    voter = voter_for(request)
    pledge = pick_pledge(voter, skip=_skip(request))
    context: dict[str, object] = {"pledge": pledge, "next_url": RANDOM_URL}
    if pledge is not None:
        context |= section_context(request, pledge, voter)
    is_htmx = request.headers.get("HX-Request") == "true"
    template = "rankings/_random_panel.html" if is_htmx else "rankings/random.html"
    return render(request, template, context)
