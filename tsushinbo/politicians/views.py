from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from tsushinbo.accounts.queries import is_following
from tsushinbo.books.models import Book
from tsushinbo.lib.paging import paginate
from tsushinbo.pledges.models import Pledge
from tsushinbo.politicians.forms import DirectoryFilterForm, PledgeFilterForm
from tsushinbo.politicians.models import Party, Politician

PROFILE_PLEDGES = 10
PARTY_PLEDGES = 20


def politician_list(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET, parties=Party.objects.order_by("name"))
    page, page_problems = paginate(request, form.apply(Politician.objects.for_listing()))
    return render(
        request,
        "politicians/politician_list.html",
        {"form": form, "page_obj": page, "problems": form.problems + page_problems},
    )


def politician_detail(request: HttpRequest, pk: int) -> HttpResponse:
    politician = get_object_or_404(Politician.objects.select_related("party"), pk=pk)
    pledges = politician.pledges.visible().for_cards().newest_first()
    context = {
        "politician": politician,
        "is_following": is_following(request.user, politician),
        "books": Book.objects.for_politician(politician.pk),
        "memberships": politician.memberships.select_related("party").order_by("start_date", "id"),
        "pledges": pledges[:PROFILE_PLEDGES],
        "pledge_count": pledges.count(),
        "candidacies": politician.candidacies.select_related("election", "party").order_by(
            "-election__vote_date", "-id"
        ),
    }
    return render(request, "politicians/politician_detail.html", context)


def politician_pledges(request: HttpRequest, pk: int) -> HttpResponse:
    politician = get_object_or_404(Politician.objects.select_related("party"), pk=pk)
    form = PledgeFilterForm(request.GET)
    pledges = form.apply(politician.pledges.visible().for_cards().newest_first())
    page, page_problems = paginate(request, pledges)
    context = {
        "politician": politician,
        "form": form,
        "page_obj": page,
        "problems": form.problems + page_problems,
    }
    return render(request, "politicians/politician_pledges.html", context)


def party_list(request: HttpRequest) -> HttpResponse:
    parties = Party.objects.with_counts().order_by("-member_count", "name")
    return render(request, "parties/party_list.html", {"parties": parties})


def party_detail(request: HttpRequest, slug: str) -> HttpResponse:
    party = get_object_or_404(Party, slug=slug)
    page, problems = paginate(request, party.current_members.for_listing())
    pledges: QuerySet[Pledge] = party.pledges.visible().for_cards().newest_first()
    context = {
        "party": party,
        "page_obj": page,
        "problems": problems,
        "pledges": pledges[:PARTY_PLEDGES],
        "pledge_count": pledges.count(),
    }
    return render(request, "parties/party_detail.html", context)
