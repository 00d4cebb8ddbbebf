"""Pledges of politicians and parties, with their categories."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import reset_queries
from django.utils import timezone

from tsushinbo.demo import data
from tsushinbo.demo.generate.bulk import IdBlock, InstanceWriter, RowWriter, reset_sequences
from tsushinbo.demo.generate.common import (
    CHUNK_SIZE,
    DAY,
    NATIONAL_OFFICES,
    PREFECTURE_OFFICES,
    TEMPLATE_SCOPES,
    TITLE_POOLS,
    Contest,
    Date,
    GeneratorState,
    Person,
    fill_template,
)
from tsushinbo.lib.prefectures import PREFECTURES
from tsushinbo.pledges.models import Pledge
from tsushinbo.politicians.models import Party


class PledgesStage(GeneratorState):
    # -- pledges --

    def create_pledges(self) -> None:
        self.pledge_ids = IdBlock(Pledge)
        self.pledge_writer = InstanceWriter(Pledge)
        self.category_writer = RowWriter(Pledge.categories.through, ["pledge", "category"])
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
        reset_sequences(Pledge)

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

    def invent_pledge(self, person: Person, k: int) -> tuple[Pledge, list[str]]:
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
        self, party: Party, national: list[Contest], k: int
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

    def pledge_area(self, person: Person, template: str) -> str:
        if person.seat in PREFECTURE_OFFICES:
            return PREFECTURES[person.prefecture]
        if person.seat not in NATIONAL_OFFICES:
            return person.municipality
        scope = TEMPLATE_SCOPES[template]
        if scope == "national" or (scope == "any" and self.rng.random() < 0.5):
            return "全国"
        return PREFECTURES[person.prefecture]

    def pick_contest(self, person: Person) -> Contest:
        contests = [self.contests[i] for i in person.contests]
        if self.rng.random() < 0.7:
            return max(contests, key=lambda c: c.election.vote_date)
        return self.rng.choice(contests)

    def created_date(self, contest: Contest | None) -> Date:
        """Campaign pledges appear before the notice date; others any time in four years."""
        if contest is None or contest.election.notice_date is None:
            return self.today - self.rng.randrange(4 * 365) * DAY
        created = contest.election.notice_date - self.rng.randint(1, 90) * DAY
        return created if created <= self.today else self.today - self.rng.randrange(30) * DAY

    def pledge_content(
        self, slug: str, template: str, area: str, contest: Contest | None
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
            "title": fill_template(template, context, rng),
            "body": "".join(fill_template(sentence, body_context, rng) for sentence in sentences),
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
        for pledge, _slugs in pledges:
            pledge.pk = self.pledge_ids.take()
        self.pledge_writer.write_instances([pledge for pledge, _ in pledges])
        links = [
            (pledge.pk, self.category_ids[slug]) for pledge, slugs in pledges for slug in slugs
        ]
        self.category_writer.write(links)
        self.counts["pledges"] += len(pledges)
        self.counts["pledge_categories"] += len(links)
        reset_queries()
        self.log(f"公約 {self.counts['pledges']:,} / {self.scale.pledges:,}件")
