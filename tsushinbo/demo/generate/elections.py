"""Elections past and upcoming, and who stood in them."""

from __future__ import annotations

from typing import Any

from django.db import reset_queries

from tsushinbo.demo import data
from tsushinbo.demo.generate.common import (
    BATCH_SIZE,
    CHUNK_SIZE,
    DAY,
    SINGLE_SEAT_OFFICES,
    Contest,
    Date,
    GeneratorState,
    Person,
    assembly_seat_count,
    councillor_district,
    election_kind_for,
    is_single_member_district,
    municipality_size,
    notice_period_days,
    nth_sunday,
    sunday_on_or_after,
    sunday_on_or_before,
)
from tsushinbo.elections.models import Candidacy, Election, ElectionKind, ElectionScope
from tsushinbo.lib.prefectures import PREFECTURES
from tsushinbo.politicians.models import OfficeKind


class ElectionsStage(GeneratorState):
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
        votes_key = key[0] if len(key) < 3 else f"{key[0]}:{municipality_size(key[2])}"
        self.contests.append(
            Contest(election, key, cycle, votes_key, key[0] in SINGLE_SEAT_OFFICES)
        )

    def plan_representatives(self, key: tuple[Any, ...]) -> None:
        dates = [sunday_on_or_after(self.today + self.rng.randint(30, 300) * DAY)]
        while (
            before := sunday_on_or_before(dates[-1] - self.rng.randint(900, 1400) * DAY)
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
        if nth_sunday(year, 7, 3) < self.today:
            year += 3
        districts = [councillor_district(code) for code in data.COUNCILLOR_SEATS] + ["比例代表"]
        for cycle in range(-1, self.scale.years_back):
            vote_date = nth_sunday(year - 3 * (cycle + 1), 7, 3)
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
                notice_period_days(office, municipality),
                name=f"{vote_date.year}年{place}{suffix}",
                kind=election_kind_for(office),
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
        return max(assembly_seat_count(code, municipality), self.incumbents[key])

    def four_year_dates(self, unified: bool, early: bool) -> tuple[Date | None, list[Date]]:
        """The next election (if within a year) and the past ones, newest first."""
        if unified:  # 統一地方選挙: April of years ≡ 3 (mod 4); prefectures and big cities first
            week = 2 if early else 4
            year = self.today.year + (3 - self.today.year) % 4
            year += 4 if nth_sunday(year, 4, week) < self.today else 0
            upcoming = nth_sunday(year, 4, week)
            past = [nth_sunday(year - 4 * k, 4, week) for k in range(1, 30)]
        else:
            upcoming = sunday_on_or_after(self.today + self.rng.randint(1, 1450) * DAY)
            past = [sunday_on_or_before(upcoming - 1461 * k * DAY) for k in range(1, 30)]
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
            vote_date = sunday_on_or_after(self.start + self.rng.randrange(span) * DAY)
            diet = person.office == OfficeKind.REPRESENTATIVE
            seat = f"衆議院{person.district}選出議員" if diet else f"{person.municipality}議会議員"
            self.add_contest(
                ("by_election", person.number),
                -1 if vote_date >= self.today else 0,
                vote_date,
                12 if diet else notice_period_days("mayor", person.municipality),
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
            contest.votes_key = (
                "representative" if diet else f"mayor:{municipality_size(person.municipality)}"
            )

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

    def enter_candidates(self, contest: Contest, incumbents: list[int], formers: list[int]) -> None:
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

    def enter_by_election(self, contest: Contest, person: Person, formers: list[int]) -> None:
        if contest.cycle == 0:  # the sitting member first won the seat at this by-election
            contest.entrants.append((person.number - 1, True))
        rivals = [i for i in formers if self.people[i].district == person.district]
        contest.entrants += [(i, False) for i in rivals[:3]]
        if not contest.entrants:
            contest.entrants.append((person.number - 1, True))

    def stand(self, number: int, contest: Contest) -> list[Candidacy]:
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
        self, contest: Contest, district: str, entrants: list[tuple[int, bool]]
    ) -> list[tuple[Any, ...]]:
        """(votes, rank, elected) per entrant; nothing yet for an upcoming election."""
        if contest.cycle < 0:
            return [(None, None, None)] * len(entrants)
        rng = self.rng
        if contest.single_seat or is_single_member_district(district):
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
