"""The demo data generator: invented Japanese politicians, parties, elections and pledges.

The content is a pure function of (scale, seed, today): one `random.Random(seed)`
drives everything, and nothing iterates over a set.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import itertools
import random
import string
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.db import reset_queries
from django.utils import timezone

from tsushinbo.demo import data
from tsushinbo.elections.models import Candidacy, Election, ElectionKind, ElectionScope
from tsushinbo.lib.prefectures import PREFECTURES
from tsushinbo.pledges.models import Category, Pledge
from tsushinbo.politicians.models import Gender, OfficeKind, Party, PartyMembership, Politician

Log = Callable[[str], None]
Date = datetime.date
DAY = datetime.timedelta(days=1)
BATCH_SIZE = 1000
CHUNK_SIZE = 5000  # rows generated (or deleted) per round, so memory stays flat at any scale


@dataclasses.dataclass(frozen=True)
class Scale:
    politicians: int
    pledges: int
    pledges_per_party: int
    years_back: int  # how much election history to lay out
    by_elections: int


SCALES: dict[str, Scale] = {
    # "tiny" is for the test suite; it still covers all 47 prefectures and every office.
    "tiny": Scale(100, 400, 3, 4, 2),
    "small": Scale(200, 1_000, 5, 4, 4),
    "medium": Scale(3_000, 30_000, 20, 8, 20),
    "large": Scale(10_000, 100_000, 40, 12, 60),
    "nation": Scale(35_000, 350_000, 100, 20, 150),
}
PUBLIC_SCALES = ["small", "medium", "large", "nation"]
COUNT_LABELS = {
    "parties": "政党",
    "politicians": "政治家",
    "memberships": "所属歴",
    "elections": "選挙",
    "candidacies": "立候補",
    "pledges": "公約",
    "pledge_categories": "公約の分野",
}


NATIONAL_OFFICES = (OfficeKind.REPRESENTATIVE, OfficeKind.COUNCILLOR)
PREFECTURE_OFFICES = (OfficeKind.GOVERNOR, OfficeKind.PREFECTURAL_ASSEMBLY)
SINGLE_SEAT_OFFICES = (OfficeKind.GOVERNOR, OfficeKind.MAYOR)
SEATED_OFFICES = [
    *NATIONAL_OFFICES,
    *PREFECTURE_OFFICES,
    OfficeKind.MAYOR,
    OfficeKind.MUNICIPAL_ASSEMBLY,
]
ALL_MUNICIPALITIES = [(code, name) for code, names in data.MUNICIPALITIES.items() for name in names]
CATEGORY_NAMES = {slug: name for name, slug in data.CATEGORIES}
TEMPLATE_SCOPES = {t: scope for templates in data.PLEDGE_TITLES.values() for scope, t in templates}


@dataclasses.dataclass(slots=True)
class _Person:
    """A politician to be: the seat they hold or held, their party history, their races."""

    number: int
    office: str
    seat: str  # the office whose elections they stand in (for former holders: their old one)
    prefecture: int
    municipality: str
    district: str
    councillor_class: int = 0  # which half of the House of Councillors they were elected with
    focus: str = ""  # the category they campaign on most
    memberships: list[tuple[int, Date, Date | None, str]] = dataclasses.field(default_factory=list)
    contests: list[int] = dataclasses.field(default_factory=list)
    pk: int = 0

    @property
    def seat_key(self) -> tuple[Any, ...]:
        """Who competes with whom: one key per electorate."""
        if self.seat in NATIONAL_OFFICES:
            return (self.seat,)
        if self.seat in PREFECTURE_OFFICES:
            return (self.seat, self.prefecture)
        return (self.seat, self.prefecture, self.municipality)

    def party_on(self, day: Date) -> int | None:
        for party, start, end, _role in self.memberships:
            if start <= day and (end is None or day < end):
                return party
        return None


@dataclasses.dataclass(slots=True)
class _Contest:
    election: Election
    seat_key: tuple[Any, ...]
    cycle: int  # -1 upcoming, 0 the most recent past election, 1 the one before, ...
    votes_key: str
    single_seat: bool
    entrants: list[tuple[int, bool]] = dataclasses.field(default_factory=list)
    vacancies: dict[str, int] = dataclasses.field(default_factory=dict)  # incumbents not running


class Generator:
    def __init__(self, scale: Scale, seed: int, today: Date, log: Log) -> None:
        self.scale, self.today, self.log = scale, today, log
        self.rng = random.Random(seed)
        self.start = today - round(365.25 * scale.years_back) * DAY
        self.people: list[_Person] = []
        self.contests: list[_Contest] = []
        self.parties: list[Party] = []
        self.category_ids: dict[str, int] = {}
        self.counts: dict[str, int] = dict.fromkeys(COUNT_LABELS, 0)
        self.roles_given = [0] * len(data.PARTIES)
        self.councillors_seen: Counter[str] = Counter()
        self.incumbents: Counter[tuple[Any, ...]] = Counter()
        # About a third of municipalities vote in the 統一地方選挙.
        self.unified = {place: self.rng.random() < 0.3 for place in ALL_MUNICIPALITIES}

    def run(self) -> dict[str, int]:
        self.create_categories()
        self.create_parties()
        self.plan_people()
        self.create_politicians()
        self.plan_elections()
        self.create_elections()
        self.create_candidacies()
        self.create_pledges()
        return self.counts

    # -- categories and parties --

    def create_categories(self) -> None:
        """Reuse the site's categories (matched by slug or name); add the missing ones."""
        rows = list(Category.objects.values_list("id", "name", "slug"))
        by_slug, by_name = {s: i for i, _n, s in rows}, {n: i for i, n, _s in rows}
        missing = [
            Category(name=name, slug=slug)
            for name, slug in data.CATEGORIES
            if slug not in by_slug and name not in by_name
        ]
        by_slug |= {c.slug: c.pk for c in Category.objects.bulk_create(missing)}
        self.category_ids = {s: by_slug.get(s) or by_name[n] for n, s in data.CATEGORIES}

    def create_parties(self) -> None:
        parties = [
            Party(
                name=name,
                short_name=short_name,
                slug=slug,
                colour=colour,
                website_url=f"https://example.com/demo/parties/{slug}/",
                description=description + data.DEMO_PARTY_NOTE,
                is_demo=True,
            )
            for name, short_name, slug, colour, description in data.PARTIES
        ]
        self.parties = Party.objects.bulk_create(parties)
        self.counts["parties"] = len(parties)

    # -- people --

    def plan_people(self) -> None:
        total = self.scale.politicians
        counts = {
            office: min(data.OFFICE_CAPS.get(office, total), max(1, round(total * share)))
            for office, share in data.OFFICE_SHARES.items()
        }
        counts[OfficeKind.MUNICIPAL_ASSEMBLY] = total - sum(counts.values())
        prefectures, rng = sorted(PREFECTURES), self.rng
        seats = [
            *self.representative_seats(counts[OfficeKind.REPRESENTATIVE]),
            *self.councillor_seats(counts[OfficeKind.COUNCILLOR]),
            *[("governor", code, "", "") for code in rng.sample(prefectures, counts["governor"])],
            *[
                ("mayor", code, name, "")
                for code, name in rng.sample(ALL_MUNICIPALITIES, counts["mayor"])
            ],
            *self.assembly_seats(counts["prefectural_assembly"], counts["municipal_assembly"]),
        ]
        for office, code, municipality, district in seats:
            self.add_person(office, office, code, municipality, district)
        holders = {
            office: [p for p in self.people if p.seat == office] for office in SEATED_OFFICES
        }
        for _ in range(counts[OfficeKind.FORMER]):  # former holders stand against the sitting ones
            office = rng.choices(SEATED_OFFICES, [3, 1, 1, 2, 2, 2])[0]
            rival = rng.choice(holders[office] or self.people)
            self.add_person(
                "former", rival.seat, rival.prefecture, rival.municipality, rival.district
            )
        self.log(f"政治家 {len(self.people):,}人を設計しました")

    def representative_seats(self, count: int) -> list[tuple[str, int, str, str]]:
        seats = [
            ("representative", code, "", f"{PREFECTURES[code]}第{n}区")
            for code, total in data.HOUSE_DISTRICTS.items()
            for n in range(1, total + 1)
        ]
        for block, total, codes in data.PR_BLOCKS:
            seats += [
                ("representative", codes[n % len(codes)], "", f"比例代表{block}ブロック")
                for n in range(total)
            ]
        return self.rng.sample(seats, count)

    def councillor_seats(self, count: int) -> list[tuple[str, int, str, str]]:
        seats = []
        for code, total in data.COUNCILLOR_SEATS.items():
            pair = data.MERGED_COUNCILLOR_DISTRICTS.get(code, (code,))
            seats += [
                ("councillor", pair[n % len(pair)], "", _councillor_district(code))
                for n in range(total)
            ]
        codes = sorted(PREFECTURES)
        seats += [
            ("councillor", self.rng.choice(codes), "", "比例代表")
            for _ in range(data.COUNCILLOR_PR_SEATS)
        ]
        return self.rng.sample(seats, count)

    def assembly_seats(self, prefectural: int, municipal: int) -> list[tuple[str, int, str, str]]:
        rng, codes = self.rng, sorted(PREFECTURES)
        offices = ["prefectural_assembly"] * prefectural + ["municipal_assembly"] * municipal
        rng.shuffle(offices)
        first_visits = rng.sample(codes, 47)
        seats = []
        for n, office in enumerate(offices):
            if n < 47:  # the first 47 seats visit every prefecture once
                code, name = self.municipality_in(first_visits[n])
            elif office == "prefectural_assembly":  # in proportion to the assemblies' sizes
                code, name = self.municipality_in(
                    rng.choices(codes, cum_weights=PREFECTURE_WEIGHTS)[0]
                )
            else:  # over every municipality by size, so no one assembly swells out of proportion
                code, name = rng.choices(ALL_MUNICIPALITIES, cum_weights=MUNICIPALITY_WEIGHTS)[0]
            district = f"{name}選挙区" if office == "prefectural_assembly" else ""
            seats.append((office, code, name, district))
        return seats

    def municipality_in(self, code: int) -> tuple[int, str]:
        names = data.MUNICIPALITIES[code]
        return code, self.rng.choices(names, [_municipality_weight(code, n) for n in names])[0]

    def add_person(
        self, office: str, seat: str, code: int, municipality: str, district: str
    ) -> None:
        person = _Person(len(self.people) + 1, office, seat, code, municipality, district)
        if office == OfficeKind.COUNCILLOR:  # a district's seats alternate between the halves
            person.councillor_class = self.councillors_seen[district] % 2
            self.councillors_seen[district] += 1
        person.focus = self.rng.choice(data.CATEGORIES)[1]
        self.people.append(person)

    def create_politicians(self) -> None:
        for chunk in _chunks(self.people, CHUNK_SIZE):
            politicians = Politician.objects.bulk_create(
                [self.build_politician(person) for person in chunk], batch_size=BATCH_SIZE
            )
            memberships = []
            for person, politician in zip(chunk, politicians, strict=True):
                person.pk = politician.pk
                memberships += [
                    PartyMembership(
                        politician_id=politician.pk,
                        party_id=self.parties[party].pk,
                        start_date=start,
                        end_date=end,
                        role=role,
                    )
                    for party, start, end, role in person.memberships
                ]
            PartyMembership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)
            self.counts["politicians"] += len(politicians)
            self.counts["memberships"] += len(memberships)
            reset_queries()  # with DEBUG on, Django keeps the SQL of the last 9,000 queries
        self.log(f"政治家 {self.counts['politicians']:,}人を作成しました")

    def build_politician(self, person: _Person) -> Politician:
        rng, n = self.rng, person.number
        gender = rng.choices([Gender.FEMALE, Gender.MALE, Gender.UNKNOWN], [21, 78, 1])[0]
        family, family_kana, given, given_kana = self.invent_name(person.prefecture, gender)
        birth_date = self.invent_birth_date(person.seat)
        self.plan_memberships(person, birth_date)
        current = person.party_on(self.today)
        politician = Politician(
            family_name=family,
            given_name=given,
            family_name_kana=family_kana,
            given_name_kana=given_kana,
            gender=gender,
            birth_date=birth_date,
            office=person.office,
            prefecture=person.prefecture,
            municipality="" if person.seat in NATIONAL_OFFICES else person.municipality,
            district=person.district,
            party_id=None if current is None else self.parties[current].pk,
            website_url=_maybe(rng, 0.7, f"https://example.com/demo/politicians/{n}/"),
            x_url=_maybe(rng, 0.5, f"https://example.com/demo/x/politician{n}"),
            youtube_url=_maybe(rng, 0.2, f"https://example.com/demo/youtube/politician{n}"),
            facebook_url=_maybe(rng, 0.3, f"https://example.com/demo/facebook/politician{n}"),
            bio=self.invent_bio(person, birth_date),
            external_ids={"demo": f"demo-{n:05d}"},
            is_demo=True,
        )
        politician.sort_kana = politician.compute_sort_kana()  # bulk_create skips save()
        return politician

    def invent_name(self, code: int, gender: str) -> tuple[str, str, str, str]:
        given_names = data.FEMALE_GIVEN_NAMES if gender == Gender.FEMALE else data.MALE_GIVEN_NAMES
        while True:
            okinawan = code == 47 and self.rng.random() < 0.5
            family, family_kana = self.rng.choice(
                data.OKINAWA_SURNAMES if okinawan else data.SURNAMES
            )
            given, given_kana = self.rng.choice(given_names)
            if family + given not in data.REAL_NAME_BLOCKLIST:
                return family, family_kana, given, given_kana

    def invent_birth_date(self, seat: str) -> Date:
        youngest = 30 if seat in ("councillor", "governor") else 27  # legal minimum ages + a bit
        age = self.rng.randint(youngest, 82)
        return Date(self.today.year - age, self.rng.randint(1, 12), self.rng.randint(1, 28))

    def plan_memberships(self, person: _Person, birth_date: Date) -> None:
        rng, parties = self.rng, len(self.parties)
        earliest = max(birth_date.replace(year=birth_date.year + 22), self.today - 25 * 365 * DAY)
        start = earliest + rng.randrange(max((self.today - earliest).days - 30, 30)) * DAY
        party = rng.choices(range(parties), data.PARTY_WEIGHTS)[0]
        if rng.random() < data.PARTISAN_SHARES.get(person.seat, 0.55):
            if rng.random() < 0.12:  # switched from another party
                before = (party + rng.randrange(1, parties)) % parties
                person.memberships.append(
                    (before, start - rng.randrange(365, 12 * 365) * DAY, start, "")
                )
            person.memberships.append((party, start, None, self.party_role(person, party)))
        elif rng.random() < 0.25:  # left a party and now sits as an independent
            person.memberships.append(
                (party, start - 4 * 365 * DAY, start + rng.randrange(1, 30) * DAY, "")
            )

    def party_role(self, person: _Person, party: int) -> str:
        if person.office not in NATIONAL_OFFICES:
            return ""
        given = self.roles_given[party]
        self.roles_given[party] += 1
        return data.PARTY_ROLES[given] if given < len(data.PARTY_ROLES) else ""

    def invent_bio(self, person: _Person, birth_date: Date) -> str:
        rng = self.rng
        birthplace = PREFECTURES[person.prefecture if rng.random() < 0.8 else rng.randint(1, 47)]
        years = rng.randint(0, max(0, min(self.today.year - birth_date.year - 28, 24)))
        term = 6 if person.seat == OfficeKind.COUNCILLOR else 4
        role = _role_label(person.seat, person.prefecture, person.municipality)
        school, career = rng.choice(data.BIO_SCHOOLS), rng.choice(data.BIO_CAREERS)
        text = f"{birthplace}出身。{school}を卒業後、{career}。"
        if person.office == OfficeKind.FORMER:
            years, terms = max(years, 5), max(1, max(years, 5) // term - 1)
            text += f"{self.today.year - years}年に{role}に初当選し、{terms}期務めた。"
            text += "現在は再起を目指して活動している。"
        else:
            text += f"{self.today.year - years}年に{role}に初当選し、現在{1 + years // term}期目。"
            text += f"「{CATEGORY_NAMES[person.focus]}」の分野に力を入れている。"
        return text + data.DEMO_BIO_NOTE

    # -- elections --

    def plan_elections(self) -> None:
        self.incumbents.update(p.seat_key for p in self.people if p.office != OfficeKind.FORMER)
        for key in dict.fromkeys(person.seat_key for person in self.people):
            if key[0] == OfficeKind.REPRESENTATIVE:
                self.plan_representatives(key)
            elif key[0] == OfficeKind.COUNCILLOR:
                self.plan_councillors(key)
            else:
                self.plan_local(key)
        self.plan_by_elections()

    def add_contest(
        self, key: tuple[Any, ...], cycle: int, vote_date: Date, notice_days: int, **fields: Any
    ) -> None:
        election = Election(
            vote_date=vote_date, notice_date=vote_date - notice_days * DAY, is_demo=True, **fields
        )
        votes_key = key[0] if len(key) < 3 else f"{key[0]}:{_size(key[2])}"
        self.contests.append(
            _Contest(election, key, cycle, votes_key, key[0] in SINGLE_SEAT_OFFICES)
        )

    def plan_representatives(self, key: tuple[Any, ...]) -> None:
        dates = [_sunday_on_or_after(self.today + self.rng.randint(30, 300) * DAY)]
        while (
            before := _sunday_on_or_before(dates[-1] - self.rng.randint(900, 1400) * DAY)
        ) >= self.start:
            dates.append(before)  # dissolutions come every three years or so
        districts = [
            f"{PREFECTURES[c]}第{n}区"
            for c, t in data.HOUSE_DISTRICTS.items()
            for n in range(1, t + 1)
        ]
        districts += [f"比例代表{block}ブロック" for block, _seats, _codes in data.PR_BLOCKS]
        for cycle, vote_date in enumerate(dates, start=-1):
            self.add_contest(
                key,
                cycle,
                vote_date,
                12,
                name=f"第{50 - cycle}回衆議院議員総選挙",
                kind=ElectionKind.REPRESENTATIVES,
                scope=ElectionScope.NATIONAL,
                seats=465,
                districts=districts,
            )

    def plan_councillors(self, key: tuple[Any, ...]) -> None:
        year = self.today.year + (-self.today.year) % 3  # every third July (2022, 2025, 2028, ...)
        if _nth_sunday(year, 7, 3) < self.today:
            year += 3
        districts = [_councillor_district(code) for code in data.COUNCILLOR_SEATS] + ["比例代表"]
        for cycle in range(-1, self.scale.years_back):
            vote_date = _nth_sunday(year - 3 * (cycle + 1), 7, 3)
            if vote_date < self.start:
                break
            self.add_contest(
                key,
                cycle,
                vote_date,
                17,
                name=f"第{27 - cycle}回参議院議員通常選挙",
                kind=ElectionKind.COUNCILLORS,
                scope=ElectionScope.NATIONAL,
                seats=124,
                districts=districts,
            )

    def plan_local(self, key: tuple[Any, ...]) -> None:
        office, code, municipality = key[0], key[1], key[2] if len(key) == 3 else ""
        if office == OfficeKind.GOVERNOR:
            unified, early = False, True
        elif office == OfficeKind.PREFECTURAL_ASSEMBLY:
            unified, early = code not in data.OFF_CYCLE_PREFECTURES, True
        else:
            unified, early = (
                self.unified[(code, municipality)],
                municipality in data.DESIGNATED_CITIES,
            )
        upcoming, past = self.four_year_dates(unified, early)
        place = municipality or PREFECTURES[code]
        suffix = {"governor": "知事選挙", "mayor": "長選挙"}.get(office, "議会議員選挙")
        districts = (
            [f"{m}選挙区" for m in data.MUNICIPALITIES[code]]
            if office == "prefectural_assembly"
            else []
        )
        for cycle, vote_date in ([(-1, upcoming)] if upcoming else []) + list(enumerate(past)):
            self.add_contest(
                key,
                cycle,
                vote_date,
                _notice_days(office, municipality),
                name=f"{vote_date.year}年{place}{suffix}",
                kind=_election_kind(office),
                scope=ElectionScope.MUNICIPALITY if municipality else ElectionScope.PREFECTURE,
                prefecture=code,
                municipality=municipality,
                districts=districts,
                seats=self.assembly_seats_for(key) if office.endswith("assembly") else 1,
            )

    def assembly_seats_for(self, key: tuple[Any, ...]) -> int:
        # At nation scale the demo packs more councillors into its few municipalities
        # than real assemblies have seats; the assembly grows so the results add up.
        code, municipality = key[1], key[2] if len(key) == 3 else ""
        return max(_assembly_seats(code, municipality), self.incumbents[key])

    def four_year_dates(self, unified: bool, early: bool) -> tuple[Date | None, list[Date]]:
        """The next election (if within a year) and the past ones, newest first."""
        if unified:  # 統一地方選挙: April of years ≡ 3 (mod 4); prefectures and big cities first
            week = 2 if early else 4
            year = self.today.year + (3 - self.today.year) % 4
            year += 4 if _nth_sunday(year, 4, week) < self.today else 0
            upcoming = _nth_sunday(year, 4, week)
            past = [_nth_sunday(year - 4 * k, 4, week) for k in range(1, 30)]
        else:
            upcoming = _sunday_on_or_after(self.today + self.rng.randint(1, 1450) * DAY)
            past = [_sunday_on_or_before(upcoming - 1461 * k * DAY) for k in range(1, 30)]
        past = [day for day in past if day >= self.start]
        return (upcoming if upcoming <= self.today + 365 * DAY else None), past

    def plan_by_elections(self) -> None:
        pool = [
            p for p in self.people if p.office == OfficeKind.REPRESENTATIVE and "第" in p.district
        ]
        pool += [p for p in self.people if p.office == OfficeKind.MUNICIPAL_ASSEMBLY]
        span = (self.today - self.start).days + 300
        for _ in range(self.scale.by_elections):
            person = self.rng.choice(pool)
            vote_date = _sunday_on_or_after(self.start + self.rng.randrange(span) * DAY)
            diet = person.office == OfficeKind.REPRESENTATIVE
            seat = f"衆議院{person.district}選出議員" if diet else f"{person.municipality}議会議員"
            self.add_contest(
                ("by_election", person.number),
                -1 if vote_date >= self.today else 0,
                vote_date,
                12 if diet else _notice_days("mayor", person.municipality),
                name=f"{vote_date.year}年{seat}補欠選挙",
                kind=ElectionKind.BY_ELECTION,
                scope=ElectionScope.NATIONAL if diet else ElectionScope.MUNICIPALITY,
                prefecture=person.prefecture,
                municipality="" if diet else person.municipality,
                seats=1,
                districts=[person.district] if diet else [],
            )
            contest = self.contests[-1]
            contest.single_seat = True
            contest.votes_key = "representative" if diet else f"mayor:{_size(person.municipality)}"

    def create_elections(self) -> None:
        Election.objects.bulk_create([c.election for c in self.contests], batch_size=BATCH_SIZE)
        self.counts["elections"] = len(self.contests)
        self.log(f"選挙 {len(self.contests):,}件を作成しました")

    # -- candidacies --

    def create_candidacies(self) -> None:
        pools: dict[tuple[Any, ...], tuple[list[int], list[int]]] = {}
        for index, person in enumerate(self.people):
            incumbents, formers = pools.setdefault(person.seat_key, ([], []))
            (formers if person.office == OfficeKind.FORMER else incumbents).append(index)
        batch: list[Candidacy] = []
        for number, contest in enumerate(self.contests):
            if contest.seat_key[0] == "by_election":
                person = self.people[contest.seat_key[1] - 1]
                self.enter_by_election(contest, person, pools[person.seat_key][1])
            else:
                self.enter_candidates(contest, *pools[contest.seat_key])
            batch += self.stand(number, contest)
            if len(batch) >= CHUNK_SIZE or number == len(self.contests) - 1:
                Candidacy.objects.bulk_create(batch, batch_size=BATCH_SIZE)
                self.counts["candidacies"] += len(batch)
                batch = []
                reset_queries()
        self.log(f"立候補 {self.counts['candidacies']:,}件を作成しました")

    def enter_candidates(
        self, contest: _Contest, incumbents: list[int], formers: list[int]
    ) -> None:
        rng, cycle = self.rng, contest.cycle
        for index in incumbents:
            person = self.people[index]
            if person.seat == OfficeKind.COUNCILLOR and person.councillor_class != cycle % 2:
                continue  # half of the House of Councillors is up at each election
            if rng.random() < (1.0 if cycle == 0 else 0.85 if cycle < 0 else 0.7):
                contest.entrants.append((index, True))
            else:
                contest.vacancies[person.district] = contest.vacancies.get(person.district, 0) + 1
        contest.entrants += [
            (i, False) for i in formers if rng.random() < (0.6 if cycle == 0 else 0.5)
        ]
        if not contest.entrants:
            contest.entrants.append((rng.choice(incumbents or formers), bool(incumbents)))

    def enter_by_election(self, contest: _Contest, person: _Person, formers: list[int]) -> None:
        if contest.cycle == 0:  # the sitting member first won the seat at this by-election
            contest.entrants.append((person.number - 1, True))
        rivals = [i for i in formers if self.people[i].district == person.district]
        contest.entrants += [(i, False) for i in rivals[:3]]
        if not contest.entrants:
            contest.entrants.append((person.number - 1, True))

    def stand(self, number: int, contest: _Contest) -> list[Candidacy]:
        groups: dict[str, list[tuple[int, bool]]] = {}
        for index, incumbent in contest.entrants:
            groups.setdefault(self.people[index].district, []).append((index, incumbent))
        candidacies = []
        for district, entrants in groups.items():
            results = self.count_votes(contest, district, entrants)
            for (index, _incumbent), (votes, rank, elected) in zip(entrants, results, strict=True):
                person = self.people[index]
                person.contests.append(number)
                party = person.party_on(contest.election.vote_date)
                candidacies.append(
                    Candidacy(
                        election_id=contest.election.pk,
                        politician_id=person.pk,
                        party_id=None if party is None else self.parties[party].pk,
                        district=district,
                        votes=votes,
                        rank=rank,
                        elected=elected,
                    )
                )
        contest.entrants = []
        return candidacies

    def count_votes(
        self, contest: _Contest, district: str, entrants: list[tuple[int, bool]]
    ) -> list[tuple[Any, ...]]:
        """(votes, rank, elected) per entrant; nothing yet for an upcoming election."""
        if contest.cycle < 0:
            return [(None, None, None)] * len(entrants)
        rng = self.rng
        if contest.single_seat or _is_single_member_district(district):
            incumbents = [i for i, (_, incumbent) in enumerate(entrants) if incumbent]
            keeps_seat = incumbents and (contest.cycle == 0 or rng.random() < 0.8)
            winner = incumbents[0] if keeps_seat else rng.randrange(len(entrants))
            won = [i == winner for i in range(len(entrants))]
        else:  # multi-seat: sitting members won, and former members took some open seats
            open_seats, won = contest.vacancies.get(district, 0), []
            for _index, incumbent in entrants:
                takes_seat = not incumbent and open_seats > 0 and rng.random() < 0.5
                open_seats -= takes_seat
                won.append(incumbent or takes_seat)
        low, high = data.VOTE_RANGES[
            contest.votes_key + (":pr" if district.startswith("比例") else "")
        ]
        tallies = sorted((rng.randint(low, high) for _ in entrants), reverse=True)
        results: list[tuple[Any, ...]] = [()] * len(entrants)
        for rank, i in enumerate(sorted(range(len(entrants)), key=lambda i: not won[i]), start=1):
            results[i] = (tallies[rank - 1], rank, won[i])
        return results

    # -- pledges --

    def create_pledges(self) -> None:
        party_total = self.scale.pledges_per_party * len(self.parties)
        pledges: list[tuple[Pledge, list[str]]] = []
        for person, quota in zip(
            self.people, self.pledge_quotas(self.scale.pledges - party_total), strict=True
        ):
            pledges += [self.invent_pledge(person, k) for k in range(1, quota + 1)]
            if len(pledges) >= CHUNK_SIZE:
                self.save_pledges(pledges)
                pledges = []
        national = [c for c in self.contests if c.seat_key[0] in NATIONAL_OFFICES]
        for party in self.parties:
            pledges += [
                self.invent_party_pledge(party, national, k)
                for k in range(1, self.scale.pledges_per_party + 1)
            ]
        self.save_pledges(pledges)

    def pledge_quotas(self, total: int) -> list[int]:
        """Split `total` over the people, weighted by office, summing exactly to `total`."""
        weights = [data.PLEDGE_WEIGHTS[p.office] * self.rng.uniform(0.4, 1.6) for p in self.people]
        per_weight = total / sum(weights)
        quotas = [int(w * per_weight) for w in weights]
        by_remainder = sorted(
            range(len(weights)), key=lambda i: quotas[i] - weights[i] * per_weight
        )
        for i in by_remainder[: total - sum(quotas)]:
            quotas[i] += 1
        return quotas

    def invent_pledge(self, person: _Person, k: int) -> tuple[Pledge, list[str]]:
        rng = self.rng
        pools = TITLE_POOLS["national" if person.seat in NATIONAL_OFFICES else "local"]
        focused = rng.random() < 0.3  # part of a politician's pledges are in their focus area
        slug, template = rng.choice((focused and pools[person.focus]) or pools[""])
        contest = self.pick_contest(person) if person.contests and rng.random() < 0.45 else None
        pledge = Pledge(
            politician_id=person.pk,
            election=contest.election if contest else None,
            source_url=f"https://example.com/demo/politicians/{person.number}/pledges/{k}",
            **self.pledge_content(slug, template, self.pledge_area(person, template), contest),
        )
        return pledge, self.pledge_categories(slug)

    def invent_party_pledge(
        self, party: Party, national: list[_Contest], k: int
    ) -> tuple[Pledge, list[str]]:
        slug, template = self.rng.choice(TITLE_POOLS["party"][""])
        contest = self.rng.choice(national) if national and self.rng.random() < 0.6 else None
        pledge = Pledge(
            party_id=party.pk,
            election=contest.election if contest else None,
            source_url=f"https://example.com/demo/parties/{party.slug}/manifesto/{k}",
            **self.pledge_content(slug, template, "全国", contest),
        )
        return pledge, self.pledge_categories(slug)

    def pledge_area(self, person: _Person, template: str) -> str:
        if person.seat in PREFECTURE_OFFICES:
            return PREFECTURES[person.prefecture]
        if person.seat not in NATIONAL_OFFICES:
            return person.municipality
        scope = TEMPLATE_SCOPES[template]
        if scope == "national" or (scope == "any" and self.rng.random() < 0.5):
            return "全国"
        return PREFECTURES[person.prefecture]

    def pick_contest(self, person: _Person) -> _Contest:
        contests = [self.contests[i] for i in person.contests]
        if self.rng.random() < 0.7:
            return max(contests, key=lambda c: c.election.vote_date)
        return self.rng.choice(contests)

    def created_date(self, contest: _Contest | None) -> Date:
        """Campaign pledges appear before the notice date; others any time in four years."""
        if contest is None or contest.election.notice_date is None:
            return self.today - self.rng.randrange(4 * 365) * DAY
        created = contest.election.notice_date - self.rng.randint(1, 90) * DAY
        return created if created <= self.today else self.today - self.rng.randrange(30) * DAY

    def pledge_content(
        self, slug: str, template: str, area: str, contest: _Contest | None
    ) -> dict[str, Any]:
        rng = self.rng
        created = self.created_date(contest)
        context = {"area": area, "year": created.year + rng.randint(1, 4)}
        sentences = [
            rng.choice(data.PLEDGE_BACKGROUNDS[slug]),
            rng.choice(data.PLEDGE_MEASURES[slug]),
        ]
        if rng.random() < 0.6:
            sentences.append(rng.choice(data.PLEDGE_FUNDING))
        if rng.random() < 0.5:
            sentences.append(rng.choice(data.PLEDGE_SCHEDULES))
        body_context = context | {"area": "各地" if area == "全国" else area}
        deadline = created + rng.randint(365, 4 * 365) * DAY if rng.random() < 0.4 else None
        status = self.progress_status(created, deadline)
        low, high = data.PERCENT_RANGES.get(status, (0, 0))
        hour, minute = rng.randint(7, 22), rng.randrange(60)
        return {
            "title": _fill(template, context, rng),
            "body": "".join(_fill(sentence, body_context, rng) for sentence in sentences),
            "deadline": deadline,
            "progress_status": status,
            "progress_percent": rng.randrange(low, high + 1, 5) if high > low else low,
            "created_at": datetime.datetime.combine(
                created, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
            ),
            "is_demo": True,
        }

    def progress_status(self, created: Date, deadline: Date | None) -> str:
        if (self.today - created).days < 60 and self.rng.random() < 0.85:
            return "not_rated"  # too new for anyone to have judged it
        overdue = deadline is not None and deadline < self.today
        weights = data.OVERDUE_STATUS_WEIGHTS if overdue else data.STATUS_WEIGHTS
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def pledge_categories(self, slug: str) -> list[str]:
        others = [s for _name, s in data.CATEGORIES if s != slug]
        return [slug, *self.rng.sample(others, self.rng.choices([0, 1, 2], [50, 35, 15])[0])]

    def save_pledges(self, pledges: list[tuple[Pledge, list[str]]]) -> None:
        Pledge.objects.bulk_create([pledge for pledge, _ in pledges], batch_size=BATCH_SIZE)
        through = Pledge.categories.through
        links = [
            through(pledge_id=pledge.pk, category_id=self.category_ids[slug])
            for pledge, slugs in pledges
            for slug in slugs
        ]
        through.objects.bulk_create(links, batch_size=BATCH_SIZE)
        self.counts["pledges"] += len(pledges)
        self.counts["pledge_categories"] += len(links)
        reset_queries()
        self.log(f"公約 {self.counts['pledges']:,} / {self.scale.pledges:,}件")


# ---- pure helpers --------------------------------------------------------------------------


def _title_pools() -> dict[str, dict[str, list[tuple[str, str]]]]:
    """Title templates per speaker, per focus category ("" = every category)."""
    allowed = {
        "national": ("national", "any", "local"),
        "local": ("any", "local"),
        "party": ("national", "any"),
    }
    pools: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for speaker, scopes in allowed.items():
        pools[speaker] = {"": []}
        for slug, templates in data.PLEDGE_TITLES.items():
            pools[speaker][slug] = [(slug, t) for scope, t in templates if scope in scopes]
            pools[speaker][""] += pools[speaker][slug]
    return pools


TITLE_POOLS = _title_pools()


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _maybe(rng: random.Random, chance: float, value: str) -> str:
    return value if rng.random() < chance else ""


@functools.cache
def _fields(template: str) -> tuple[str, ...]:
    return tuple(name for _text, name, _spec, _conv in string.Formatter().parse(template) if name)


def _fill(template: str, context: dict[str, Any], rng: random.Random) -> str:
    values = {
        name: context[name] if name in context else rng.choice(data.PLACEHOLDER_VALUES[name])
        for name in _fields(template)
    }
    return template.format(**values)


def _sunday_on_or_after(day: Date) -> Date:
    return day + (6 - day.weekday()) % 7 * DAY  # Japanese elections are held on Sundays


def _sunday_on_or_before(day: Date) -> Date:
    return day - (day.weekday() + 1) % 7 * DAY


def _nth_sunday(year: int, month: int, n: int) -> Date:
    return _sunday_on_or_after(Date(year, month, 1)) + 7 * (n - 1) * DAY


def _size(municipality: str) -> str:
    if municipality in data.DESIGNATED_CITIES:
        return "designated"
    return {"区": "ward", "市": "city"}.get(municipality[-1], "town")


def _municipality_weight(code: int, name: str) -> float:
    """Rough population weight: capitals and big cities get more councillors."""
    if name == data.MUNICIPALITIES[code][0]:
        return 4.0
    return {"designated": 4.0, "ward": 3.0, "city": 2.0}.get(_size(name), 0.7)


def _assembly_seats(code: int, municipality: str) -> int:
    if not municipality:
        return data.PREFECTURAL_ASSEMBLY_SEATS[code]
    base = {"designated": 55, "ward": 40, "city": 22}.get(_size(municipality), 10)
    return base + sum(map(ord, municipality)) % 11  # stable variety without consuming randomness


def _notice_days(office: str, municipality: str) -> int:
    """Days between 告示 and the vote under the Public Offices Election Act."""
    if office == OfficeKind.GOVERNOR:
        return 17
    if office == OfficeKind.PREFECTURAL_ASSEMBLY:
        return 9
    if municipality in data.DESIGNATED_CITIES:
        return 14 if office == OfficeKind.MAYOR else 9
    return 5 if _size(municipality) == "town" else 7


def _is_single_member_district(district: str) -> bool:
    return "第" in district and district.endswith("区")  # 「東京都第3区」, not 「比例代表…」


def _councillor_district(code: int) -> str:
    """「東京都選挙区」, or 「鳥取県・島根県選挙区」 for a merged (合区) district."""
    codes = data.MERGED_COUNCILLOR_DISTRICTS.get(code, (code,))
    return "・".join(PREFECTURES[c] for c in codes) + "選挙区"


def _election_kind(office: str) -> str:
    if office.endswith("assembly"):
        return ElectionKind.ASSEMBLY
    return {"governor": ElectionKind.GOVERNOR, "mayor": ElectionKind.MAYOR}[office]


def _role_label(seat: str, code: int, municipality: str) -> str:
    return {
        "representative": "衆議院議員",
        "councillor": "参議院議員",
        "governor": f"{PREFECTURES[code]}知事",
        "mayor": f"{municipality}長",
        "prefectural_assembly": f"{PREFECTURES[code]}議会議員",
    }.get(seat, f"{municipality}議会議員")


# Cumulative weights for random.choices: prefectures by assembly size, municipalities by size.
PREFECTURE_WEIGHTS = list(
    itertools.accumulate(data.PREFECTURAL_ASSEMBLY_SEATS[c] for c in sorted(PREFECTURES))
)
MUNICIPALITY_WEIGHTS = list(
    itertools.accumulate(_municipality_weight(*m) for m in ALL_MUNICIPALITIES)
)
