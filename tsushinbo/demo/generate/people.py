"""Categories, parties, politicians and their party memberships."""

from __future__ import annotations

from django.db import reset_queries

from tsushinbo.demo import data
from tsushinbo.demo.generate.common import (
    ALL_MUNICIPALITIES,
    BATCH_SIZE,
    CATEGORY_NAMES,
    CHUNK_SIZE,
    DAY,
    MUNICIPALITY_WEIGHTS,
    NATIONAL_OFFICES,
    PREFECTURE_WEIGHTS,
    SEATED_OFFICES,
    Date,
    GeneratorState,
    Person,
    chunks,
    councillor_district,
    maybe,
    municipality_weight,
    role_label,
)
from tsushinbo.lib.prefectures import PREFECTURES
from tsushinbo.pledges.models import Category
from tsushinbo.politicians.models import Gender, OfficeKind, Party, PartyMembership, Politician


class PeopleStage(GeneratorState):
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
                ("councillor", pair[n % len(pair)], "", councillor_district(code))
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
        return code, self.rng.choices(names, [municipality_weight(code, n) for n in names])[0]

    def add_person(
        self, office: str, seat: str, code: int, municipality: str, district: str
    ) -> None:
        person = Person(len(self.people) + 1, office, seat, code, municipality, district)
        if office == OfficeKind.COUNCILLOR:  # a district's seats alternate between the halves
            person.councillor_class = self.councillors_seen[district] % 2
            self.councillors_seen[district] += 1
        person.focus = self.rng.choice(data.CATEGORIES)[1]
        self.people.append(person)

    def create_politicians(self) -> None:
        for chunk in chunks(self.people, CHUNK_SIZE):
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

    def build_politician(self, person: Person) -> Politician:
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
            website_url=maybe(rng, 0.7, f"https://example.com/demo/politicians/{n}/"),
            x_url=maybe(rng, 0.5, f"https://example.com/demo/x/politician{n}"),
            youtube_url=maybe(rng, 0.2, f"https://example.com/demo/youtube/politician{n}"),
            facebook_url=maybe(rng, 0.3, f"https://example.com/demo/facebook/politician{n}"),
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

    def plan_memberships(self, person: Person, birth_date: Date) -> None:
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

    def party_role(self, person: Person, party: int) -> str:
        if person.office not in NATIONAL_OFFICES:
            return ""
        given = self.roles_given[party]
        self.roles_given[party] += 1
        return data.PARTY_ROLES[given] if given < len(data.PARTY_ROLES) else ""

    def invent_bio(self, person: Person, birth_date: Date) -> str:
        rng = self.rng
        birthplace = PREFECTURES[person.prefecture if rng.random() < 0.8 else rng.randint(1, 47)]
        years = rng.randint(0, max(0, min(self.today.year - birth_date.year - 28, 24)))
        term = 6 if person.seat == OfficeKind.COUNCILLOR else 4
        role = role_label(person.seat, person.prefecture, person.municipality)
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
