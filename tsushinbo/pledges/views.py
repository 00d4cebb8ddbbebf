from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from tsushinbo.pledges.models import Pledge


def pledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = get_object_or_404(Pledge.objects.for_detail(), pk=pk)
    context = {
        "pledge": pledge,
        "categories": list(pledge.categories.all()),
        "share_text": f"{pledge.title}（{pledge.owner_name}の公約・政策）",
    }
    return render(request, "pledges/pledge_detail.html", context)
