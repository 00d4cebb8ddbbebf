from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from tsushinbo.lib.prefectures import PREFECTURE_CHOICES, prefecture_name

# Pledges listed under each candidate on an election page; the rest are counted.
CANDIDATE_PLEDGES = 3

# Japanese elections are held on Japan's calendar, whatever TIME_ZONE the site runs in.
JAPAN = ZoneInfo("Asia/Tokyo")


def japan_today() -> datetime.date:
    return timezone.now().astimezone(JAPAN).date()


class ElectionKind(models.TextChoices):
    REPRESENTATIVES = "representatives", "衆院選"
    COUNCILLORS = "councillors", "参院選"
    GOVERNOR = "governor", "知事選"
    MAYOR = "mayor", "市区町村長選"
    ASSEMBLY = "assembly", "議会選"
    BY_ELECTION = "by_election", "補欠選挙"


class ElectionScope(models.TextChoices):
    NATIONAL = "national", "国政"
    PREFECTURE = "prefecture", "都道府県"
    MUNICIPALITY = "municipality", "市区町村"


class ElectionQuerySet(models.QuerySet["Election"]):
    def upcoming(self) -> ElectionQuerySet:
        """Vote date today or later in Japan, soonest first."""
        return self.filter(vote_date__gte=japan_today()).order_by("vote_date", "id")

    def past(self) -> ElectionQuerySet:
        """Vote date before today in Japan, newest first."""
        return self.filter(vote_date__lt=japan_today()).order_by("-vote_date", "-id")

    def of_kind(self, kind: str) -> ElectionQuerySet:
        return self.filter(kind=kind)

    def for_prefecture(self, code: int) -> ElectionQuerySet:
        """Elections a voter in the prefecture takes part in: its own and the national ones."""
        return self.filter(Q(prefecture=code) | Q(scope=ElectionScope.NATIONAL))

    def with_candidate_count(self) -> ElectionQuerySet:
        counts = (
            Candidacy.objects.order_by()
            .filter(election=OuterRef("pk"))
            .values("election")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(candidate_count=Coalesce(Subquery(counts), Value(0)))


class Election(models.Model):
    name = models.CharField("選挙名", max_length=200)
    kind = models.CharField("種類", max_length=20, choices=ElectionKind.choices)
    scope = models.CharField("範囲", max_length=20, choices=ElectionScope.choices)
    prefecture = models.PositiveSmallIntegerField(
        "都道府県", choices=PREFECTURE_CHOICES, null=True, blank=True
    )
    municipality = models.CharField("市区町村", max_length=60, blank=True)
    vote_date = models.DateField("投票日", db_index=True)
    notice_date = models.DateField("告示日・公示日", null=True, blank=True)
    seats = models.PositiveIntegerField("定数", null=True, blank=True)
    turnout = models.DecimalField(
        "投票率（%）", max_digits=5, decimal_places=2, null=True, blank=True
    )
    districts = models.JSONField("選挙区", default=list, blank=True)
    external_id = models.CharField("外部ID", max_length=100, blank=True, db_index=True)
    is_demo = models.BooleanField("デモデータ", default=False, db_index=True)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    objects = ElectionQuerySet.as_manager()

    class Meta:
        verbose_name = "選挙"
        verbose_name_plural = "選挙"
        ordering = ["-vote_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(prefecture__isnull=True) | Q(prefecture__gte=1, prefecture__lte=47),
                name="election_prefecture_jis_code",
            ),
            models.CheckConstraint(
                condition=Q(notice_date__isnull=True) | Q(notice_date__lte=models.F("vote_date")),
                name="election_notice_before_vote",
            ),
            models.CheckConstraint(
                condition=Q(turnout__isnull=True) | Q(turnout__gte=0, turnout__lte=100),
                name="election_turnout_percent",
            ),
            # Imports find an election again by its external id; blank ones are demo or hand-made.
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="election_external_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("election-detail", args=[self.pk])

    @property
    def prefecture_name(self) -> str:
        return prefecture_name(self.prefecture)

    @property
    def area(self) -> str:
        """「沖縄県 名護市」, 「東京都」 or 「全国」."""
        if self.scope == ElectionScope.NATIONAL and not self.prefecture:
            return "全国"
        return " ".join(part for part in (self.prefecture_name, self.municipality) if part)

    @property
    def days_until_vote(self) -> int:
        """Days from today (Japan time) to the vote; negative once it is past."""
        return (self.vote_date - japan_today()).days

    @property
    def is_upcoming(self) -> bool:
        return self.vote_date >= japan_today()

    @property
    def turnout_label(self) -> str:
        """「52.05%」; empty when the turnout is not known."""
        if self.turnout is None:
            return ""
        return f"{Decimal(self.turnout).quantize(Decimal('0.01'))}%"


class CandidacyQuerySet(models.QuerySet["Candidacy"]):
    def results_order(self) -> CandidacyQuerySet:
        """By district, then rank (unranked last), votes and reading."""
        return self.order_by(
            "district",
            models.F("rank").asc(nulls_last=True),
            models.F("votes").desc(nulls_last=True),
            "politician__sort_kana",
            "id",
        )

    def for_results(self) -> CandidacyQuerySet:
        return self.select_related("politician", "party").results_order()

    def for_history(self) -> CandidacyQuerySet:
        """A politician's elections, newest first."""
        return self.select_related("election", "party").order_by("-election__vote_date", "-id")

    def with_election_pledges(self, election: Election) -> CandidacyQuerySet:
        """Attach politician.election_pledges: their pledges made for this election.

        One query for a whole page of candidates. Not sliced per candidate: a
        candidate makes a handful of pledges for one election, and the page shows
        the first few with a count of the rest.
        """
        from tsushinbo.pledges.models import Pledge

        pledges = Pledge.objects.visible().filter(election=election).newest_first()
        return self.prefetch_related(
            Prefetch("politician__pledges", queryset=pledges, to_attr="election_pledges")
        )


class Candidacy(models.Model):
    election = models.ForeignKey(
        Election, verbose_name="選挙", on_delete=models.CASCADE, related_name="candidacies"
    )
    politician = models.ForeignKey(
        "politicians.Politician",
        verbose_name="候補者",
        on_delete=models.CASCADE,
        related_name="candidacies",
    )
    party = models.ForeignKey(
        "politicians.Party",
        verbose_name="政党",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidacies",
    )
    district = models.CharField("選挙区", max_length=100, blank=True)
    votes = models.PositiveIntegerField("得票数", null=True, blank=True)
    rank = models.PositiveSmallIntegerField("順位", null=True, blank=True)
    elected = models.BooleanField("当選", null=True, blank=True)

    objects = CandidacyQuerySet.as_manager()

    class Meta:
        verbose_name = "立候補"
        verbose_name_plural = "立候補"
        ordering = ["election", "rank", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "politician"], name="one_candidacy_per_election"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.election} – {self.politician}"

    @property
    def result_label(self) -> str:
        return {True: "当選", False: "落選"}.get(self.elected, "")  # type: ignore[arg-type]

    @property
    def pledges_for_election(self) -> list[Any]:
        """Set up by CandidacyQuerySet.with_election_pledges(); empty without it."""
        return list(getattr(self.politician, "election_pledges", []))

    @property
    def shown_election_pledges(self) -> list[Any]:
        return self.pledges_for_election[:CANDIDATE_PLEDGES]

    @property
    def more_election_pledges(self) -> int:
        return max(0, len(self.pledges_for_election) - CANDIDATE_PLEDGES)
