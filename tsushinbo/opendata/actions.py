"""Writes of the imports: politicians, parties, memberships and their external ids.

A created or changed politician is re-indexed for search in the same transaction
(tsushinbo.search.indexing.index_politician), as every write path does.

Each function changes only what differs, so re-importing the same data leaves
every row (and its updated_at) untouched and reports it as unchanged. Blank
values never erase stored ones. Callers run these inside a transaction.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.text import slugify

from tsushinbo.audit.actions import record
from tsushinbo.elections.actions import assign_non_blank
from tsushinbo.opendata.models import ExternalId
from tsushinbo.opendata.popolo_parse import RecordError
from tsushinbo.politicians.models import Party, PartyMembership, Politician
from tsushinbo.search.indexing import index_politician


def find_by_identifiers(
    model: type[Politician] | type[Party], pairs: Iterable[tuple[str, str]]
) -> Politician | Party | None:
    """The one object the identifiers point at; RecordError when they disagree."""
    field = "politician" if model is Politician else "party"
    targets: set[int] = set()
    for external in ExternalId.objects.filter(_pairs_q(pairs)):
        target = getattr(external, f"{field}_id")
        if target is None:
            raise RecordError(f"外部ID「{external}」は別の種類のデータに使われています。")
        targets.add(target)
    if len(targets) > 1:
        raise RecordError("外部IDが複数の異なるデータを指しています。")
    return model.objects.filter(pk=targets.pop()).first() if targets else None


def _pairs_q(pairs: Iterable[tuple[str, str]]) -> Q:
    q = Q(pk__in=[])
    for scheme, value in pairs:
        q |= Q(scheme=scheme, value=value)
    return q


def link_identifiers(target: Politician | Party, pairs: Iterable[tuple[str, str]]) -> int:
    """Store the pairs not stored yet for `target`; return how many were added."""
    field = "politician" if isinstance(target, Politician) else "party"
    added = 0
    for scheme, value in dict.fromkeys(pairs):
        existing = ExternalId.objects.filter(scheme=scheme, value=value).first()
        if existing is None:
            ExternalId.objects.create(scheme=scheme, value=value, **{field: target})
            added += 1
        elif getattr(existing, f"{field}_id") != target.pk:
            raise RecordError(f"外部ID「{scheme}:{value}」は別のデータに登録済みです。")
    return added


def save_politician(
    *, politician: Politician | None, values: dict[str, Any], counts: Counter[str]
) -> Politician:
    """Create or update one politician from imported values (validated like the admin)."""
    created = politician is None
    if politician is None:
        politician = Politician()
        values = {"office": "former"} | values
    # A stated party of None (無所属) is a real value; other blanks keep what is stored.
    changed = assign_non_blank(politician, values)
    if created or changed:
        _validate(politician)
        politician.save()
        index_politician(politician)
    counts["politicians_" + ("created" if created else "updated" if changed else "unchanged")] += 1
    return politician


def _validate(instance: Politician | Party) -> None:
    try:
        instance.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        messages = [
            f"{instance._meta.get_field(name).verbose_name}: {message}"  # type: ignore[union-attr]
            if name != "__all__"
            else message
            for name, errors in error.message_dict.items()
            for message in errors
        ]
        raise RecordError(" / ".join(messages)) from error


def save_party(*, party: Party | None, values: dict[str, Any], counts: Counter[str]) -> Party:
    created = party is None
    if party is None:
        existing = Party.objects.filter(name=values["name"]).first()
        if existing is not None:
            party, created = existing, False
        else:
            party = Party(slug=unique_party_slug(values.pop("slug", "") or values["name"]))
    values.pop("slug", None)
    changed = assign_non_blank(party, values)
    if created or changed:
        _validate(party)
        party.save()
    counts["parties_" + ("created" if created else "updated" if changed else "unchanged")] += 1
    return party


def unique_party_slug(source: str) -> str:
    base = slugify(source)[:50] or "party"
    slug, n = base, 1
    while Party.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def save_membership(
    *,
    politician: Politician,
    party: Party,
    start_date: datetime.date | None,
    end_date: datetime.date | None,
    role: str,
    counts: Counter[str],
) -> None:
    """One party membership, found again by politician, party and start date."""
    membership = PartyMembership.objects.filter(
        politician=politician, party=party, start_date=start_date
    ).first()
    created = membership is None
    if membership is None:
        membership = PartyMembership(politician=politician, party=party, start_date=start_date)
    changed = assign_non_blank(membership, {"end_date": end_date, "role": role})
    if created or changed:
        if start_date and end_date and end_date < start_date:
            raise RecordError("所属の終了日が開始日より前です。")
        membership.save()
    counts["memberships_" + ("created" if created else "updated" if changed else "unchanged")] += 1


def record_import(*, action: str, source: str, counts: Counter[str], errors: int) -> None:
    record(
        actor=None,
        action=action,
        reason=source,
        counts={name: counts[name] for name in sorted(counts)},
        errors=errors,
    )
