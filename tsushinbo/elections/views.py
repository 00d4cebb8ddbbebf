from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from tsushinbo.elections.forms import DistrictFilterForm, ElectionFilterForm
from tsushinbo.elections.models import Election
from tsushinbo.elections.queries import election_districts, election_summary
from tsushinbo.lib.paging import paginate


@require_safe
def election_list(request: HttpRequest) -> HttpResponse:
    form = ElectionFilterForm(request.GET)
    page, page_problems = paginate(request, form.apply(Election.objects.with_candidate_count()))
    context = {"form": form, "page_obj": page, "problems": form.problems + page_problems}
    return render(request, "elections/election_list.html", context)


@require_safe
def election_detail(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_object_or_404(Election, pk=pk)
    districts = election_districts(election)
    form = DistrictFilterForm(request.GET, districts=districts)
    candidacies = form.apply(election.candidacies.for_results().with_election_pledges(election))
    page, page_problems = paginate(request, candidacies)
    context = {
        "election": election,
        "summary": election_summary(election),
        "districts": districts,
        "form": form,
        "page_obj": page,
        "problems": form.problems + page_problems,
    }
    return render(request, "elections/election_detail.html", context)
