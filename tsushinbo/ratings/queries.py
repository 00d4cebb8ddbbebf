"""What the pages show about a pledge's votes, built from counters and the statistics table.

Nothing here aggregates raw votes: a pledge's figures come from its counter
columns and the site's μ and σ from the statistics table (one query).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from tsushinbo.integrity.voters import Voter
from tsushinbo.lib.scoring import (
    Distribution,
    deviation_score,
    display_score,
    distribution_from_sums,
    round_half_up,
    score,
    summary_sentence,
    wilson_interval,
)
from tsushinbo.pledges.models import Pledge
from tsushinbo.ratings.counters import COUNTER_FIELDS, Counters
from tsushinbo.ratings.models import (
    HISTOGRAM_BINS,
    REASON_WORDS,
    Criterion,
    Polarity,
    Reason,
    Statistic,
    Vote,
    VoteVoiding,
    reason_word,
)
from tsushinbo.ratings.statistics import criterion_counts, site_distributions

RECENT_VOIDINGS = 5


@dataclass(frozen=True)
class ScoreRow:
    """One row of the 評価 table: 項目 | 得点/配点 | 偏差値 | 平均点 | 標準偏差 | n."""

    key: str
    label: str
    good: int
    bad: int
    score: float | None
    shown_score: int | None
    deviation: float | None
    mean: float | None
    sd: float | None
    qualifying_pledges: int

    @property
    def votes(self) -> int:
        return self.good + self.bad


def score_rows(
    counters: Counters, distributions: dict[str, Distribution], n_min: int
) -> list[ScoreRow]:
    rows = []
    for criterion in Criterion:
        good, bad = criterion_counts(counters, criterion.value)
        value = score(good, bad)
        dist = distributions[criterion.value]
        has_site_figures = dist.count > 0
        rows.append(
            ScoreRow(
                key=criterion.value,
                label=criterion.label,
                good=good,
                bad=bad,
                score=value,
                shown_score=display_score(value),
                deviation=deviation_score(value, good + bad, dist, n_min),
                mean=round_half_up(dist.mean, 1) if has_site_figures else None,
                sd=round_half_up(dist.sd, 1) if has_site_figures else None,
                qualifying_pledges=dist.count,
            )
        )
    return rows


@dataclass(frozen=True)
class ChartBar:
    """One horizontal bar pair of the GOOD/BAD chart, in SVG user units (computed here, not in templates)."""

    label: str
    good: int
    bad: int
    y: int
    good_width: float
    bad_x: float
    bad_width: float
    text_y: int


CHART_LABEL_WIDTH = 64
CHART_BAR_WIDTH = 236
CHART_ROW_HEIGHT = 28


def chart_bars(counters: Counters) -> list[ChartBar]:
    """Stacked GOOD/BAD bars for 総合 and each reason, scaled to the largest total."""
    rows: list[tuple[str, int, int]] = [("総合", counters["votes_good"], counters["votes_bad"])]
    rows += [
        (
            reason.label,
            counters[f"votes_good_{reason.value}"],
            counters[f"votes_bad_{reason.value}"],
        )
        for reason in Reason
    ]
    largest = max((good + bad for _, good, bad in rows), default=0) or 1
    bars = []
    for index, (label, good, bad) in enumerate(rows):
        good_width = round(CHART_BAR_WIDTH * good / largest, 1)
        bad_width = round(CHART_BAR_WIDTH * bad / largest, 1)
        y = index * CHART_ROW_HEIGHT + 4
        bars.append(
            ChartBar(
                label=label,
                good=good,
                bad=bad,
                y=y,
                good_width=good_width,
                bad_x=CHART_LABEL_WIDTH + good_width,
                bad_width=bad_width,
                text_y=y + 15,
            )
        )
    return bars


@dataclass(frozen=True)
class ReasonChoice:
    value: str
    name: str
    positive: str
    negative: str


REASON_CHOICES = [
    ReasonChoice(reason.value, reason.label, *REASON_WORDS[reason.value]) for reason in Reason
]


@dataclass(frozen=True)
class CurrentVote:
    polarity: str
    reason: str
    voided: bool

    @property
    def description(self) -> str:
        polarity = Polarity(self.polarity).label
        return f"{polarity}（{reason_word(self.polarity, self.reason)}）"


@dataclass
class Evaluation:
    """Everything the 評価 section shows."""

    pledge: Pledge
    rows: list[ScoreRow]
    n_min: int
    wilson_low: int
    wilson_high: int
    summary: str
    bars: list[ChartBar]
    voidings: list[VoteVoiding] = field(default_factory=list)
    current: CurrentVote | None = None

    @property
    def good(self) -> int:
        return self.pledge.votes_good

    @property
    def bad(self) -> int:
        return self.pledge.votes_bad

    @property
    def overall(self) -> ScoreRow:
        return self.rows[0]

    @property
    def registered_good(self) -> int:
        return self.pledge.votes_good_registered

    @property
    def registered_bad(self) -> int:
        return self.pledge.votes_bad_registered

    @property
    def anonymous_good(self) -> int:
        return self.pledge.votes_good - self.pledge.votes_good_registered

    @property
    def anonymous_bad(self) -> int:
        return self.pledge.votes_bad - self.pledge.votes_bad_registered

    @property
    def chart_height(self) -> int:
        return len(self.bars) * CHART_ROW_HEIGHT + 8

    @property
    def chart_description(self) -> str:
        return "、".join(f"{bar.label}：支持{bar.good}・不支持{bar.bad}" for bar in self.bars)


def counters_of(pledge: Pledge) -> dict[str, int]:
    return {name: getattr(pledge, name) for name in COUNTER_FIELDS}


def current_vote(pledge: Pledge, voter: Voter | None) -> CurrentVote | None:
    """The voter's own vote on this pledge (one query; none for a first-time visitor)."""
    if voter is None or not voter.is_known:
        return None
    row = (
        Vote.objects.filter(pledge=pledge, **voter.lookup())
        .values("polarity", "reason", "voided_at")
        .first()
    )
    if row is None:
        return None
    return CurrentVote(row["polarity"], row["reason"], row["voided_at"] is not None)


def evaluation_for(
    pledge: Pledge,
    *,
    voter: Voter | None = None,
    current: CurrentVote | None = None,
) -> Evaluation:
    """The 評価 section: statistics (1 query), the voter's vote (≤ 1), voidings (only if any)."""
    counters = counters_of(pledge)
    rows = score_rows(counters, site_distributions(), settings.N_MIN)
    low, high = wilson_interval(pledge.votes_good, pledge.votes_bad)
    voidings: list[VoteVoiding] = []
    if pledge.votes_voided:
        voidings = list(pledge.vote_voidings.all()[:RECENT_VOIDINGS])
    return Evaluation(
        pledge=pledge,
        rows=rows,
        n_min=settings.N_MIN,
        wilson_low=int(round_half_up(low)),
        wilson_high=int(round_half_up(high)),
        summary=summary_sentence(pledge.votes_good, pledge.votes_bad, pledge.progress_percent),
        bars=chart_bars(counters),
        voidings=voidings,
        current=current if current is not None else current_vote(pledge, voter),
    )


def tallies(evaluation: Evaluation) -> dict[str, Any]:
    """The JSON answer of POST /pledges/<id>/vote/ with Accept: application/json."""
    pledge = evaluation.pledge
    criteria = {
        row.key: {
            "good": row.good,
            "bad": row.bad,
            "score": row.shown_score,
            "deviation": row.deviation,
            "mean": row.mean,
            "sd": row.sd,
        }
        for row in evaluation.rows
    }
    current = evaluation.current
    return {
        "pledge": pledge.pk,
        "good": pledge.votes_good,
        "bad": pledge.votes_bad,
        "score": evaluation.overall.shown_score,
        "wilson_interval": [evaluation.wilson_low, evaluation.wilson_high],
        "criteria": criteria,
        "reasons": {
            reason: {
                "good": getattr(pledge, f"votes_good_{reason}"),
                "bad": getattr(pledge, f"votes_bad_{reason}"),
            }
            for reason in Reason.values
        },
        "registered": {"good": evaluation.registered_good, "bad": evaluation.registered_bad},
        "anonymous": {"good": evaluation.anonymous_good, "bad": evaluation.anonymous_bad},
        "voided": pledge.votes_voided,
        "n_min": evaluation.n_min,
        "your_vote": (
            {"polarity": current.polarity, "reason": current.reason} if current else None
        ),
    }


# /stats/ ----------------------------------------------------------------------


@dataclass(frozen=True)
class HistogramBar:
    label: str
    start: int
    count: int
    x: int
    y: float
    height: float

    @property
    def center(self) -> int:
        return self.x + HISTOGRAM_BAR_WIDTH // 2

    @property
    def count_y(self) -> float:
        return round(self.y - 3, 1)


@dataclass(frozen=True)
class SiteStatistic:
    key: str
    label: str
    count: int
    mean: float | None
    sd: float | None
    bars: list[HistogramBar]

    @property
    def description(self) -> str:
        return "、".join(f"{bar.label}：{bar.count}件" for bar in self.bars)


HISTOGRAM_HEIGHT = 120
HISTOGRAM_BAR_WIDTH = 28


def histogram(bins: list[int]) -> list[HistogramBar]:
    largest = max(bins, default=0) or 1
    bars = []
    for index, count in enumerate(bins):
        height = round(HISTOGRAM_HEIGHT * count / largest, 1)
        start = index * 10
        top = index == HISTOGRAM_BINS - 1
        label = f"{start}以上{start + 10}{'以下' if top else '未満'}"
        bars.append(
            HistogramBar(
                label=label,
                start=start,
                count=count,
                x=index * (HISTOGRAM_BAR_WIDTH + 4) + 4,
                y=HISTOGRAM_HEIGHT - height + 4,
                height=height,
            )
        )
    return bars


def site_statistics() -> list[SiteStatistic]:
    """μ, σ, count and score histogram per criterion (one query)."""
    found = {row.criterion: row for row in Statistic.objects.all()}
    result = []
    for criterion in Criterion:
        row = found.get(criterion.value)
        bins = row.bins if row is not None else [0] * HISTOGRAM_BINS
        dist = site_distributions_from(row)
        result.append(
            SiteStatistic(
                key=criterion.value,
                label=criterion.label,
                count=dist.count,
                mean=round_half_up(dist.mean, 1) if dist.count else None,
                sd=round_half_up(dist.sd, 1) if dist.count else None,
                bars=histogram(bins),
            )
        )
    return result


def site_distributions_from(row: Statistic | None) -> Distribution:
    if row is None:
        return Distribution(count=0, mean=0.0, sd=0.0)
    return distribution_from_sums(row.pledge_count, row.score_sum, row.score_sum_of_squares)
