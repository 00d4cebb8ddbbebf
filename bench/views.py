"""Baselines: the cheapest Django response, and a bare 20-row list from the database."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tsushinbo.politicians.models import Politician

LIST_ROWS = 20


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Hello, world")


def bare_list(request: HttpRequest) -> HttpResponse:
    """20 politicians, no joins, a plain template: what any list page costs at least."""
    rows = Politician.objects.order_by("id").only(
        "id", "family_name", "given_name", "office", "prefecture"
    )[:LIST_ROWS]
    return render(request, "bench/list.html", {"rows": rows})
