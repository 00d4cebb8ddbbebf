"""Shared pieces of the demo generator: scales, planning records, pure helpers.

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

from tsushinbo.demo import data
from tsushinbo.elections.models import Election, ElectionKind
from tsushinbo.lib.prefectures import PREFECTURES
from tsushinbo.politicians.models import OfficeKind, Party

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
    engagement: Engagement


@dataclasses.dataclass(frozen=True)
class Engagement:
    """How much the demo's visitors did: accounts, votes, reports, comments, answers."""

    users: int  # demo member accounts (registered voters, authors, commenters)
    anonymous_voters: int
    votes: int
    activity_reports: int
    comments: int
    surveys: int
    answers_per_survey: int
    books: int


SCALES: dict[str, Scale] = {
    # "tiny" is for the test suite; it still covers all 47 prefectures and every office.
    "tiny": Scale(100, 400, 3, 4, 2, Engagement(40, 300, 4_000, 300, 900, 4, 40, 10)),
    "small": Scale(200, 1_000, 5, 4, 4, Engagement(150, 1_500, 20_000, 1_000, 4_000, 5, 200, 30)),
    "medium": Scale(
        3_000, 30_000, 20, 8, 20, Engagement(3_000, 30_000, 600_000, 40_000, 160_000, 6, 2_000, 300)
    ),
    "large": Scale(
        10_000,
        100_000,
        40,
        12,
        60,
        Engagement(10_000, 150_000, 2_500_000, 150_000, 600_000, 8, 5_000, 1_000),
    ),
    "nation": Scale(
        35_000,
        350_000,
        100,
        20,
        150,
        Engagement(50_000, 600_000, 10_000_000, 500_000, 2_000_000, 10, 10_000, 3_000),
    ),
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
    "users": "デモ会員",
    "votes": "評価",
    "progress_reports": "進捗報告",
    "activity_reports": "活動報告",
    "comments": "コメント",
    "surveys": "アンケート",
    "survey_answers": "アンケート回答",
    "books": "関連書籍",
    "announcements": "お知らせ",
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
class Person:
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
class Contest:
    election: Election
    seat_key: tuple[Any, ...]
    cycle: int  # -1 upcoming, 0 the most recent past election, 1 the one before, ...
    votes_key: str
    single_seat: bool
    entrants: list[tuple[int, bool]] = dataclasses.field(default_factory=list)
    vacancies: dict[str, int] = dataclasses.field(default_factory=dict)  # incumbents not running


class GeneratorState:
    """What every stage of the generator reads and writes."""

    def __init__(self, scale: Scale, seed: int, today: Date, log: Log) -> None:
        self.scale, self.today, self.log = scale, today, log
        self.rng = random.Random(seed)
        self.start = today - round(365.25 * scale.years_back) * DAY
        self.people: list[Person] = []
        self.contests: list[Contest] = []
        self.parties: list[Party] = []
        self.category_ids: dict[str, int] = {}
        self.counts: dict[str, int] = dict.fromkeys(COUNT_LABELS, 0)
        self.roles_given = [0] * len(data.PARTIES)
        self.councillors_seen: Counter[str] = Counter()
        self.incumbents: Counter[tuple[Any, ...]] = Counter()
        # About a third of municipalities vote in the 統一地方選挙.
        self.unified = {place: self.rng.random() < 0.3 for place in ALL_MUNICIPALITIES}


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


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def maybe(rng: random.Random, chance: float, value: str) -> str:
    return value if rng.random() < chance else ""


@functools.cache
def _fields(template: str) -> tuple[str, ...]:
    return tuple(name for _text, name, _spec, _conv in string.Formatter().parse(template) if name)


def fill_template(template: str, context: dict[str, Any], rng: random.Random) -> str:
    values = {
        name: context[name] if name in context else rng.choice(data.PLACEHOLDER_VALUES[name])
        for name in _fields(template)
    }
    return template.format(**values)


def sunday_on_or_after(day: Date) -> Date:
    return day + (6 - day.weekday()) % 7 * DAY  # Japanese elections are held on Sundays


def sunday_on_or_before(day: Date) -> Date:
    return day - (day.weekday() + 1) % 7 * DAY


def nth_sunday(year: int, month: int, n: int) -> Date:
    return sunday_on_or_after(Date(year, month, 1)) + 7 * (n - 1) * DAY


def municipality_size(municipality: str) -> str:
    if municipality in data.DESIGNATED_CITIES:
        return "designated"
    return {"区": "ward", "市": "city"}.get(municipality[-1], "town")


def municipality_weight(code: int, name: str) -> float:
    """Rough population weight: capitals and big cities get more councillors."""
    if name == data.MUNICIPALITIES[code][0]:
        return 4.0
    return {"designated": 4.0, "ward": 3.0, "city": 2.0}.get(municipality_size(name), 0.7)


def assembly_seat_count(code: int, municipality: str) -> int:
    if not municipality:
        return data.PREFECTURAL_ASSEMBLY_SEATS[code]
    base = {"designated": 55, "ward": 40, "city": 22}.get(municipality_size(municipality), 10)
    return base + sum(map(ord, municipality)) % 11  # stable variety without consuming randomness


def notice_period_days(office: str, municipality: str) -> int:
    """Days between 告示 and the vote under the Public Offices Election Act."""
    if office == OfficeKind.GOVERNOR:
        return 17
    if office == OfficeKind.PREFECTURAL_ASSEMBLY:
        return 9
    if municipality in data.DESIGNATED_CITIES:
        return 14 if office == OfficeKind.MAYOR else 9
    return 5 if municipality_size(municipality) == "town" else 7


def is_single_member_district(district: str) -> bool:
    return "第" in district and district.endswith("区")  # 「東京都第3区」, not 「比例代表…」


def councillor_district(code: int) -> str:
    """「東京都選挙区」, or 「鳥取県・島根県選挙区」 for a merged (合区) district."""
    codes = data.MERGED_COUNCILLOR_DISTRICTS.get(code, (code,))
    return "・".join(PREFECTURES[c] for c in codes) + "選挙区"


def election_kind_for(office: str) -> str:
    if office.endswith("assembly"):
        return ElectionKind.ASSEMBLY
    return {"governor": ElectionKind.GOVERNOR, "mayor": ElectionKind.MAYOR}[office]


def role_label(seat: str, code: int, municipality: str) -> str:
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
    itertools.accumulate(municipality_weight(*m) for m in ALL_MUNICIPALITIES)
)
