from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tsushinbo.politicians.models import Party
from tsushinbo.search.forms import SearchForm
from tsushinbo.search.models import DocumentKind
from tsushinbo.search.queries import search


def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET, parties=Party.objects.order_by("name"))
    found = search(
        form.query,
        kinds=form.kinds,
        party=form.party_id,
        prefecture=form.prefecture_code,
        page=request.GET.get("page", "1"),
    )
    tabs = [("", "すべて", sum(found.counts.values()))] + [
        (kind, label, found.counts[kind]) for kind, label in DocumentKind.choices
    ]
    context = {
        "form": form,
        "found": found,
        "page_obj": found.page,
        "tabs": tabs,
        "current_kind": form.valid_data.get("kind") or "",
        "problems": form.problems + found.problems,
    }
    return render(request, "search/search.html", context)
