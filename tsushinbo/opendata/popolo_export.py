"""Politicians, parties and memberships as one Popolo JSON file, written incrementally.

Shape (https://www.popoloproject.com/specs/): ``persons`` (ids ``politician/<id>``),
``organizations`` (parties ``party/<slug>`` and one organization per office,
``office/<office>``), ``memberships`` (party memberships ``membership/<id>``,
and one office membership per politician that carries the current party as
``on_behalf_of_id`` and the place as ``area_id``, as EveryPolitician does) and
``areas`` (prefectures, municipalities, districts). Japanese names and
hiragana readings are also given in ``other_names`` (``ja``, ``ja-Hira``) so
that ``import_popolo`` reads this file and EveryPolitician's the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO, Any

from django.conf import settings

from tsushinbo.lib.prefectures import prefecture_name
from tsushinbo.opendata.models import ExternalId
from tsushinbo.politicians.models import OfficeKind, Party, PartyMembership, Politician

CHUNK_SIZE = 2000
ID_SCHEME = "tsushinbo"
OFFICE_SCHEME = "tsushinbo_office"
OFFICE_CLASSIFICATION = {
    OfficeKind.REPRESENTATIVE: "legislature",
    OfficeKind.COUNCILLOR: "legislature",
    OfficeKind.PREFECTURAL_ASSEMBLY: "legislature",
    OfficeKind.MUNICIPAL_ASSEMBLY: "legislature",
    OfficeKind.GOVERNOR: "executive",
    OfficeKind.MAYOR: "executive",
    OfficeKind.FORMER: "other",
}
LINK_FIELDS = [
    ("website", "website_url"),
    ("x", "x_url"),
    ("youtube", "youtube_url"),
    ("facebook", "facebook_url"),
    ("wikipedia", "wikipedia_url"),
]


def person_id(pk: int) -> str:
    return f"politician/{pk}"


def party_id(slug: str) -> str:
    return f"party/{slug}"


def write_popolo(stream: IO[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    areas: dict[str, dict[str, Any]] = {}
    meta = {"id_scheme": ID_SCHEME, "source": settings.SITE_URL or settings.SITE_NAME}
    stream.write('{"meta":' + _dumps(meta))
    counts["persons"] = _write_array(stream, "persons", _persons())
    counts["organizations"] = _write_array(stream, "organizations", _organizations())
    counts["memberships"] = _write_array(stream, "memberships", _memberships(areas))
    counts["areas"] = _write_array(stream, "areas", iter(areas.values()))
    stream.write("}\n")
    return counts


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _write_array(stream: IO[str], key: str, items: Iterable[dict[str, Any]]) -> int:
    stream.write(f',\n"{key}":[')
    count = 0
    for item in items:
        stream.write(",\n" if count else "\n")
        stream.write(_dumps(item))
        count += 1
    stream.write("\n]")
    return count


def _persons() -> Iterator[dict[str, Any]]:
    politicians = Politician.objects.order_by("id").iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(islice(politicians, CHUNK_SIZE)):
        # One query per chunk for the external ids (prefetch_related costs a QuerySet per row).
        found: dict[int, list[dict[str, str]]] = {}
        rows = ExternalId.objects.filter(politician__in=[p.pk for p in chunk]).order_by("id")
        for pk, scheme, value in rows.values_list("politician_id", "scheme", "value"):
            found.setdefault(pk, []).append({"scheme": scheme, "identifier": value})
        for p in chunk:
            yield _person(p, found.get(p.pk, []))


def _person(p: Politician, identifiers: list[dict[str, str]]) -> dict[str, Any]:
    person: dict[str, Any] = {
        "id": person_id(p.pk),
        "name": p.full_name,
        "family_name": p.family_name,
        "given_name": p.given_name,
    }
    if p.sort_kana:
        person["sort_name"] = p.sort_kana
    if p.gender:
        person["gender"] = p.gender
    if p.birth_date:
        person["birth_date"] = p.birth_date.isoformat()
    if p.photo_url:
        person["image"] = p.photo_url
    if p.bio:
        person["biography"] = p.bio
    other_names = [{"lang": "ja", "name": f"{p.family_name} {p.given_name}".strip()}]
    if p.full_name_kana:
        other_names.append({"lang": "ja-Hira", "name": p.full_name_kana})
    person["other_names"] = other_names
    if p.wikidata_id and not any(i["scheme"] == "wikidata" for i in identifiers):
        identifiers.append({"scheme": "wikidata", "identifier": p.wikidata_id})
    if identifiers:
        person["identifiers"] = identifiers
    links = [{"note": note, "url": getattr(p, name)} for note, name in LINK_FIELDS]
    links = [link for link in links if link["url"]]
    if links:
        person["links"] = links
    return person


def _organizations() -> Iterator[dict[str, Any]]:
    for party in (
        Party.objects.prefetch_related("identifiers").order_by("id").iterator(chunk_size=CHUNK_SIZE)
    ):
        yield _party(party)
    for office in OfficeKind:
        yield {
            "id": f"office/{office.value}",
            "name": office.label,
            "classification": OFFICE_CLASSIFICATION[office],
            "identifiers": [{"scheme": OFFICE_SCHEME, "identifier": office.value}],
        }


def _party(party: Party) -> dict[str, Any]:
    organization: dict[str, Any] = {
        "id": party_id(party.slug),
        "name": party.name,
        "classification": "party",
        "other_names": [{"lang": "ja", "name": party.name}],
    }
    if party.short_name:
        organization["other_names"].append({"lang": "ja", "name": party.short_name, "note": "略称"})
    identifiers = [{"scheme": e.scheme, "identifier": e.value} for e in party.identifiers.all()]
    if identifiers:
        organization["identifiers"] = identifiers
    if party.website_url:
        organization["links"] = [{"note": "website", "url": party.website_url}]
    return organization


def _memberships(areas: dict[str, dict[str, Any]]) -> Iterator[dict[str, Any]]:
    party_memberships = (
        PartyMembership.objects.select_related("party")
        .only("id", "politician_id", "start_date", "end_date", "role", "party__slug")
        .order_by("id")
    )
    for m in party_memberships.iterator(chunk_size=CHUNK_SIZE):
        membership: dict[str, Any] = {
            "id": f"membership/{m.pk}",
            "person_id": person_id(m.politician_id),
            "organization_id": party_id(m.party.slug),
            "role": m.role or "member",
        }
        if m.start_date:
            membership["start_date"] = m.start_date.isoformat()
        if m.end_date:
            membership["end_date"] = m.end_date.isoformat()
        yield membership
    politicians = (
        Politician.objects.select_related("party")
        .only("id", "office", "prefecture", "municipality", "district", "party__slug")
        .order_by("id")
    )
    for p in politicians.iterator(chunk_size=CHUNK_SIZE):
        yield _office_membership(p, areas)


def _office_membership(p: Politician, areas: dict[str, dict[str, Any]]) -> dict[str, Any]:
    membership: dict[str, Any] = {
        "id": f"politician/{p.pk}/office",
        "person_id": person_id(p.pk),
        "organization_id": f"office/{p.office}",
        "role": "member",
    }
    if p.party is not None:
        membership["on_behalf_of_id"] = party_id(p.party.slug)
    area = _area_for(p, areas)
    if area:
        membership["area_id"] = area
    return membership


def _area_for(p: Politician, areas: dict[str, dict[str, Any]]) -> str | None:
    """The most specific area (district, municipality, prefecture), added to `areas`."""
    parent = None
    if p.prefecture:
        parent = f"area/jp-{p.prefecture:02d}"
        name = prefecture_name(p.prefecture)
        _add_area(areas, parent, name, "prefecture", None, ("jis_x0401", f"{p.prefecture:02d}"))
    if p.municipality:
        area = f"{parent or 'area'}/{p.municipality}"
        _add_area(areas, area, p.municipality, "municipality", parent)
        parent = area
    if p.district:
        area = f"{parent or 'area'}/district/{p.district}"
        _add_area(areas, area, p.district, "constituency", parent)
        parent = area
    return parent


def _add_area(
    areas: dict[str, dict[str, Any]],
    area_id: str,
    name: str,
    type: str,
    parent: str | None,
    identifier: tuple[str, str] | None = None,
) -> None:
    if area_id in areas:
        return
    area: dict[str, Any] = {
        "id": area_id,
        "name": name,
        "type": type,
        "other_names": [{"lang": "ja", "name": name}],
    }
    if parent:
        area["parent_id"] = parent
    if identifier:
        area["identifiers"] = [{"scheme": identifier[0], "identifier": identifier[1]}]
    areas[area_id] = area
