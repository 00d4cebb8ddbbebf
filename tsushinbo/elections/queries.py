from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from tsushinbo.elections.models import Candidacy, Election


@dataclass(frozen=True)
class ElectionSummary:
    candidates: int
    elected: int
    with_votes: int

    @property
    def has_results(self) -> bool:
        return self.elected > 0 or self.with_votes > 0


def election_summary(election: Election) -> ElectionSummary:
    """Candidate, winner and counted-vote totals in one query."""
    totals = Candidacy.objects.filter(election=election).aggregate(
        candidates=Count("pk"),
        elected=Count("pk", filter=Q(elected=True)),
        with_votes=Count("votes"),
    )
    return ElectionSummary(**totals)


def election_districts(election: Election) -> list[str]:
    """The districts the election lists, then any others its candidates stood in."""
    listed = [name for name in election.districts if isinstance(name, str) and name]
    used = (
        Candidacy.objects.filter(election=election)
        .exclude(district="")
        .order_by("district")
        .values_list("district", flat=True)
        .distinct()
    )
    return list(dict.fromkeys([*listed, *used]))
