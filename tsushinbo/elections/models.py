from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from tsushinbo.lib.prefectures import PREFECTURE_CHOICES, prefecture_name


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
        today = timezone.localdate()
        return self.filter(vote_date__gte=today).order_by("vote_date", "id")

    def past(self) -> ElectionQuerySet:
        today = timezone.localdate()
        return self.filter(vote_date__lt=today).order_by("-vote_date", "-id")


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
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def prefecture_name(self) -> str:
        return prefecture_name(self.prefecture)

    @property
    def days_until_vote(self) -> int:
        """Days from today (Japan time) to the vote; negative once it is past."""
        return (self.vote_date - timezone.localdate()).days


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
