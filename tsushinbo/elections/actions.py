from __future__ import annotations

from collections import Counter
from typing import Any

from django.db import transaction

from tsushinbo.accounts.models import User
from tsushinbo.audit.actions import record
from tsushinbo.elections.importing import CandidacyPlan, ElectionPlan, ImportPlan, NewPolitician
from tsushinbo.elections.models import Candidacy, Election
from tsushinbo.politicians.models import Politician
from tsushinbo.search.indexing import index_politician

# CSV column → Election field, where the names differ.
ELECTION_FIELD_NAMES = {"election_name": "name"}


def apply_election_import(
    *, plan: ImportPlan, actor: User | None = None, source: str = ""
) -> Counter[str]:
    """Write a validated plan in one transaction; any failure leaves the database untouched.

    Blank CSV cells never erase a stored value. Returns counts such as
    ``elections_created``, ``candidacies_updated``, ``politicians_created``.
    """
    if plan.errors:
        raise ValueError("An import plan with errors cannot be applied.")
    counts: Counter[str] = Counter()
    with transaction.atomic():
        for new in plan.new_politicians.values():
            new.instance = Politician.objects.create(**new.fields)
            index_politician(new.instance)
            counts["politicians_created"] += 1
        elections = {
            external_id: _save_election(election, counts)
            for external_id, election in plan.elections.items()
        }
        for candidacy in plan.candidacies:
            _save_candidacy(candidacy, elections[candidacy.election_external_id], counts)
        record(
            actor=actor,
            action="elections.import",
            reason=source,
            counts={name: counts[name] for name in sorted(counts)},
        )
    return counts


def _save_election(plan: ElectionPlan, counts: Counter[str]) -> Election:
    values = {ELECTION_FIELD_NAMES.get(name, name): value for name, value in plan.values.items()}
    election = plan.existing
    if election is None:
        election = Election(external_id=plan.external_id)
    changed = assign_non_blank(election, values)
    districts = list(election.districts) + [
        d for d in plan.districts if d not in election.districts
    ]
    if districts != election.districts:
        election.districts, changed = districts, True
    if election.pk is None:
        election.full_clean(validate_unique=False, validate_constraints=False)
        election.save()
        counts["elections_created"] += 1
    elif changed:
        election.full_clean(validate_unique=False, validate_constraints=False)
        election.save()
        counts["elections_updated"] += 1
    else:
        counts["elections_unchanged"] += 1
    return election


def _save_candidacy(plan: CandidacyPlan, election: Election, counts: Counter[str]) -> None:
    person = plan.politician
    politician = person.instance if isinstance(person, NewPolitician) else person
    assert politician is not None
    candidacy = Candidacy.objects.filter(election=election, politician=politician).first()
    if candidacy is None:
        candidacy = Candidacy(election=election, politician=politician)
        assign_non_blank(candidacy, plan.values)
        candidacy.save()
        counts["candidacies_created"] += 1
    elif assign_non_blank(candidacy, plan.values):
        candidacy.save()
        counts["candidacies_updated"] += 1
    else:
        counts["candidacies_unchanged"] += 1


def assign_non_blank(instance: Any, values: dict[str, Any]) -> bool:
    """Set the non-blank values; True when any stored value changes."""
    changed = False
    for name, value in values.items():
        # 「無所属」 arrives as party=None and is a real value; other blanks mean "keep".
        if value in (None, "") and name != "party":
            continue
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed
