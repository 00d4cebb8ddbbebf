"""Import a Popolo JSON file: organizations, persons, memberships, areas, events.

The whole file runs in one transaction; each record runs in its own savepoint,
so a record with a problem is rolled back alone, reported with its index, id and
reason, and the rest of the file is imported. ``dry_run`` rolls everything back.

Records are found again by their identifiers (the Popolo ``id`` under the
file's id scheme, then every ``identifiers`` entry, stored as ExternalId rows;
then the Wikidata id), so importing the same file twice changes nothing.

- organizations: ``party`` → Party (無所属 / independent creates no party);
  legislatures and our ``office/*`` organizations give a politician's office.
- persons → Politician (names and readings from ``other_names``).
- memberships: of a party → PartyMembership; of a legislature or office → the
  politician's office, current party (``on_behalf_of_id``) and place (``area_id``).
- areas: read through memberships (prefecture, municipality, district).
- events: general elections with a full date → Election (external_id
  ``<scheme>:<id>``); other events are skipped and counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import timezone

from tsushinbo.elections.models import Election, ElectionKind, ElectionScope
from tsushinbo.opendata import actions
from tsushinbo.opendata.popolo_parse import (
    RecordError,
    area_place,
    full_date,
    identifiers,
    is_independent,
    names_in,
    office_of,
    organization_name,
    person_fields,
    short_name,
    text,
)
from tsushinbo.politicians.models import OfficeKind, Party, Politician

SECTIONS = ("organizations", "persons", "memberships", "areas", "events")
ELECTION_KINDS: dict[str, tuple[str, str]] = {
    OfficeKind.REPRESENTATIVE: (ElectionKind.REPRESENTATIVES, "衆議院議員総選挙"),
    OfficeKind.COUNCILLOR: (ElectionKind.COUNCILLORS, "参議院議員通常選挙"),
}


@dataclass
class PopoloReport:
    counts: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)


def choose_scheme(data: dict[str, Any]) -> str:
    meta: dict[str, Any] = data["meta"] if isinstance(data.get("meta"), dict) else {}
    if text(meta.get("id_scheme")):
        return text(meta["id_scheme"])[:60]
    for person in data.get("persons") or []:
        if any(s.startswith("everypolitician") for s, _ in identifiers(person)):
            return "everypolitician"
    return "popolo"


def import_popolo(
    data: Any, *, scheme: str | None = None, dry_run: bool = False, source: str = ""
) -> PopoloReport:
    if not isinstance(data, dict) or not any(isinstance(data.get(s), list) for s in SECTIONS):
        raise RecordError(
            "Popolo の JSON ではありません（persons や organizations がありません）。"
        )
    importer = _Importer(data, scheme or choose_scheme(data))
    with transaction.atomic():
        importer.run()
        actions.record_import(
            action="opendata.import_popolo",
            source=source,
            counts=importer.report.counts,
            errors=len(importer.report.errors),
        )
        if dry_run:
            transaction.set_rollback(True)
    return importer.report


class _Importer:
    def __init__(self, data: dict[str, Any], scheme: str) -> None:
        self.data = data
        self.scheme = scheme
        self.report = PopoloReport()
        self.areas = {text(a.get("id")): a for a in self._records("areas")}
        self.parties: dict[str, Party | None] = {}  # organization id → Party (None: 無所属)
        self.offices: dict[str, str] = {}  # organization id → OfficeKind value
        self.skipped: set[str] = set()  # organizations of no kind we keep (committees, …)
        self.by_person: dict[str, list[dict[str, Any]]] = {}

    def _records(self, section: str) -> list[dict[str, Any]]:
        value = self.data.get(section) or []
        return value if isinstance(value, list) else []

    def run(self) -> None:
        self._each("organizations", self.organization)
        self._index_memberships()
        self._each("persons", self.person)
        self._each("events", self.event)
        self.report.counts["areas_read"] = len(self.areas)

    def _each(self, section: str, handle: Callable[[dict[str, Any]], None]) -> None:
        for index, item in enumerate(self._records(section)):
            label = f"{section}[{index}]"
            if isinstance(item, dict) and text(item.get("id")):
                label += f" (id={text(item.get('id'))})"
            try:
                if not isinstance(item, dict):
                    raise RecordError("オブジェクトではありません。")
                with transaction.atomic():
                    handle(item)
            except RecordError as error:
                self.report.errors.append(f"{label}: {error}")
            except DatabaseError as error:
                self.report.errors.append(
                    f"{label}: データベースに書き込めませんでした（{error}）。"
                )

    def _pairs(self, record: dict[str, Any]) -> list[tuple[str, str]]:
        pairs = [(self.scheme, text(record.get("id"))[:200])] if text(record.get("id")) else []
        return pairs + identifiers(record)

    def organization(self, org: dict[str, Any]) -> None:
        org_id = text(org.get("id"))
        classification = text(org.get("classification")).lower()
        office = office_of(org)
        if office:
            self.offices[org_id] = office
            self.report.counts["offices_read"] += 1
        elif classification == "party" and is_independent(org):
            self.parties[org_id] = None
            self.report.counts["independent_read"] += 1
        elif classification == "party":
            self.parties[org_id] = self._save_party(org)
        else:
            self.skipped.add(org_id)
            self.report.counts["organizations_skipped"] += 1

    def _save_party(self, org: dict[str, Any]) -> Party:
        name = organization_name(org)
        if not name:
            raise RecordError("政党名がありません。")
        pairs = self._pairs(org)
        found = actions.find_by_identifiers(Party, pairs)
        assert found is None or isinstance(found, Party)
        slug = text(org.get("id")).rsplit("/", 1)[-1]
        values: dict[str, Any] = {"name": name, "short_name": short_name(org), "slug": slug}
        links = [link for link in org.get("links") or [] if isinstance(link, dict)]
        website = [text(link.get("url")) for link in links if link.get("note") == "website"]
        values["website_url"] = website[0][:500] if website else ""
        party = actions.save_party(party=found, values=values, counts=self.report.counts)
        actions.link_identifiers(party, pairs)
        return party

    def _index_memberships(self) -> None:
        persons = {text(p.get("id")) for p in self._records("persons") if isinstance(p, dict)}
        for index, m in enumerate(self._records("memberships")):
            person = text(m.get("person_id")) if isinstance(m, dict) else ""
            if person not in persons:
                self.report.errors.append(
                    f"memberships[{index}]: person_id「{person}」の人物がファイルにありません。"
                )
                continue
            self.by_person.setdefault(person, []).append(m)

    def person(self, person: dict[str, Any]) -> None:
        memberships = self.by_person.get(text(person.get("id")), [])
        values = person_fields(person) | self._office_values(memberships)
        pairs = self._pairs(person)
        found = actions.find_by_identifiers(Politician, pairs)
        if found is None and values["wikidata_id"]:
            found = Politician.objects.filter(wikidata_id=values["wikidata_id"]).first()
        assert found is None or isinstance(found, Politician)
        if found is None and text(person.get("id")):
            values["external_ids"] = {self.scheme: text(person.get("id"))}
        politician = actions.save_politician(
            politician=found, values=values, counts=self.report.counts
        )
        actions.link_identifiers(politician, pairs)
        for m in memberships:
            self._party_membership(politician, m)

    def _office_values(self, memberships: list[dict[str, Any]]) -> dict[str, Any]:
        """Office, current party and place from the person's latest office membership."""
        held = [m for m in memberships if text(m.get("organization_id")) in self.offices]
        if not held:
            return {}
        latest = max(held, key=lambda m: (not m.get("end_date"), text(m.get("start_date"))))
        values: dict[str, Any] = {"office": self.offices[text(latest.get("organization_id"))]}
        ended = full_date(latest.get("end_date"))
        if ended and ended < timezone.localdate():
            values["office"] = OfficeKind.FORMER
        party_ref = text(latest.get("on_behalf_of_id"))
        if party_ref:
            if party_ref not in self.parties:
                raise RecordError(f"on_behalf_of_id「{party_ref}」の政党がファイルにありません。")
            values["party"] = self.parties[party_ref]
        area = text(latest.get("area_id"))
        if area:
            if area not in self.areas:
                raise RecordError(f"area_id「{area}」の地域がファイルにありません。")
            values |= area_place(area, self.areas)
        return values

    def _party_membership(self, politician: Politician, m: dict[str, Any]) -> None:
        org = text(m.get("organization_id"))
        if org in self.offices:
            return
        if org in self.skipped:
            self.report.counts["memberships_skipped"] += 1
            return
        if org not in self.parties:
            raise RecordError(
                f"organization_id「{org}」の組織がファイルにないか、取り込めていません。"
            )
        party = self.parties[org]
        if party is None:
            return
        actions.save_membership(
            politician=politician,
            party=party,
            start_date=full_date(m.get("start_date")),
            end_date=full_date(m.get("end_date")),
            role="" if text(m.get("role")) == "member" else text(m.get("role"))[:60],
            counts=self.report.counts,
        )

    def event(self, event: dict[str, Any]) -> None:
        kinds = {ELECTION_KINDS[o] for o in set(self.offices.values()) if o in ELECTION_KINDS}
        vote_date = full_date(event.get("start_date"))
        if text(event.get("classification")).lower() != "general election" or len(kinds) != 1:
            self.report.counts["events_skipped"] += 1
            return
        if vote_date is None:
            self.report.counts["events_skipped_no_date"] += 1
            return
        kind, label = kinds.pop()
        names = names_in(event, "ja")
        values = {
            "name": names[0][:200] if names else f"{vote_date.year}年 {label}",
            "kind": kind,
            "scope": ElectionScope.NATIONAL,
            "vote_date": vote_date,
        }
        external_id = f"{self.scheme}:{text(event.get('id'))}"[:100]
        election = Election.objects.filter(external_id=external_id).first()
        created = election is None
        if election is None:
            election = Election(external_id=external_id)
        changed = actions.assign_non_blank(election, values)
        if created or changed:
            election.save()
        state = "created" if created else "updated" if changed else "unchanged"
        self.report.counts[f"elections_{state}"] += 1
