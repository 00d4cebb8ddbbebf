"""Precomputed ranking rows: one per subject (pledge, politician, party) and period.

The rows are a snapshot. `manage.py refresh_rankings` rebuilds them from the
votes (one grouped query per period) and tsushinbo/rankings/maintenance.py
moves the vote counts of the affected rows in each vote's transaction, so a
ranking page reads indexed rows and never aggregates votes.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone

from tsushinbo.lib.prefectures import prefecture_name
from tsushinbo.lib.scoring import display_score, score


class Period(models.TextChoices):
    WEEK = "7d", "直近7日間"
    MONTH = "30d", "直近30日間"
    YEAR = "365d", "直近1年間"
    ALL = "all", "全期間"


PERIOD_DAYS: dict[str, int | None] = {"7d": 7, "30d": 30, "365d": 365, "all": None}


def period_start(period: str, now: datetime.datetime) -> datetime.datetime | None:
    """The first moment counted in the period (None: since the beginning)."""
    days = PERIOD_DAYS[period]
    return None if days is None else now - datetime.timedelta(days=days)


class SubjectKind(models.TextChoices):
    PLEDGE = "pledge", "公約・政策"
    POLITICIAN = "politician", "政治家"
    PARTY = "party", "政党"


CRITERIA: tuple[str, ...] = ("clarity", "feasibility", "sincerity")
# The vote counts a row keeps (the Wilson bounds and n are derived from them).
VOTE_FIELDS: tuple[str, ...] = (
    "good",
    "bad",
    *(f"{polarity}_{criterion}" for criterion in CRITERIA for polarity in ("good", "bad")),
)


class RankingEntryQuerySet(models.QuerySet["RankingEntry"]):
    def of(self, kind: str, period: str) -> RankingEntryQuerySet:
        return self.filter(kind=kind, period=period)

    def public(self) -> RankingEntryQuerySet:
        """Leave out pledges that are not (or no longer) visible."""
        return self.filter(Q(pledge__isnull=True) | Q(pledge__review_status="approved"))


class RankingEntry(models.Model):
    """One subject's counts in one period.

    For a pledge: its own votes cast in the period. For a politician: pooled
    over their visible pledges. For a party: pooled over its own visible
    pledges and those of its current members. `pledge`, `politician`, `party`,
    `prefecture` and `office` are copies kept for display and filtering (the
    pledge's owner and effective party, the politician's current party).
    Counts are plain integers: a drifted row must never make a vote fail.
    """

    kind = models.CharField("種類", max_length=10, choices=SubjectKind.choices)
    period = models.CharField("期間", max_length=4, choices=Period.choices)
    subject_id = models.BigIntegerField("対象ID")
    pledge = models.ForeignKey(
        "pledges.Pledge", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    politician = models.ForeignKey(
        "politicians.Politician",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    party = models.ForeignKey(
        "politicians.Party", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    prefecture = models.PositiveSmallIntegerField("都道府県", null=True, blank=True)
    office = models.CharField("役職", max_length=30, blank=True, default="")

    good = models.IntegerField("支持", default=0)
    bad = models.IntegerField("不支持", default=0)
    good_clarity = models.IntegerField(default=0)
    bad_clarity = models.IntegerField(default=0)
    good_feasibility = models.IntegerField(default=0)
    bad_feasibility = models.IntegerField(default=0)
    good_sincerity = models.IntegerField(default=0)
    bad_sincerity = models.IntegerField(default=0)
    votes = models.IntegerField("評価数", default=0)
    votes_clarity = models.IntegerField(default=0)
    votes_feasibility = models.IntegerField(default=0)
    votes_sincerity = models.IntegerField(default=0)
    # Lower bounds of the 95% Wilson interval, in percent: the ranking keys.
    wilson = models.FloatField("総合（Wilson下限）", default=0.0)
    wilson_clarity = models.FloatField(default=0.0)
    wilson_feasibility = models.FloatField(default=0.0)
    wilson_sincerity = models.FloatField(default=0.0)
    progress = models.PositiveSmallIntegerField("進捗率", default=0)
    comments = models.IntegerField("コメント数", default=0)
    refreshed_at = models.DateTimeField("集計日時", default=timezone.now)

    objects = RankingEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "ランキング行"
        verbose_name_plural = "ランキング行"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period", "subject_id"], name="ranking_one_per_subject"
            ),
        ]
        indexes = [
            models.Index(
                fields=["kind", "period", f"-{key}", f"-{tie}", "subject_id"],
                name=f"ranking_{name}",
            )
            for name, key, tie in (
                ("overall", "wilson", "votes"),
                ("good", "good", "votes"),
                ("progress", "progress", "votes"),
                ("comments", "comments", "votes"),
                ("clarity", "wilson_clarity", "votes_clarity"),
                ("feasibility", "wilson_feasibility", "votes_feasibility"),
                ("sincerity", "wilson_sincerity", "votes_sincerity"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.subject_id} ({self.period})"

    @property
    def subject(self) -> models.Model | None:
        if self.kind == SubjectKind.PLEDGE:
            return self.pledge
        if self.kind == SubjectKind.POLITICIAN:
            return self.politician
        return self.party

    @property
    def score(self) -> int | None:
        """総合 as shown: 100·G/(G+B), rounded half up; None without votes."""
        return display_score(score(self.good, self.bad))

    @property
    def prefecture_name(self) -> str:
        return prefecture_name(self.prefecture)
