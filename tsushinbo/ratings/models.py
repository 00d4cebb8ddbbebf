from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Polarity(models.TextChoices):
    GOOD = "good", "支持"
    BAD = "bad", "不支持"


class Reason(models.TextChoices):
    CLARITY = "clarity", "明確さ"
    FEASIBILITY = "feasibility", "現実性"
    SINCERITY = "sincerity", "誠実さ"
    OTHER = "other", "その他"


# SPEC §2: the words a reason reads as under 支持 and under 不支持.
REASON_WORDS: dict[str, tuple[str, str]] = {
    Reason.CLARITY: ("明確・的確", "不明確・不的確"),
    Reason.FEASIBILITY: ("現実的", "非現実的"),
    Reason.SINCERITY: ("誠実", "不誠実"),
    Reason.OTHER: ("評価する", "評価しない"),
}


def reason_word(polarity: str, reason: str) -> str:
    positive, negative = REASON_WORDS[reason]
    return positive if polarity == Polarity.GOOD else negative


class Criterion(models.TextChoices):
    """What the site statistics are kept for: 総合 and the three criteria (not その他)."""

    OVERALL = "overall", "総合"
    CLARITY = "clarity", "明確さ"
    FEASIBILITY = "feasibility", "現実性"
    SINCERITY = "sincerity", "誠実さ"


class VoteQuerySet(models.QuerySet["Vote"]):
    def active(self) -> VoteQuerySet:
        return self.filter(voided_at__isnull=True)

    def voided(self) -> VoteQuerySet:
        return self.filter(voided_at__isnull=False)

    def created_between(self, start: datetime.datetime, end: datetime.datetime) -> VoteQuerySet:
        return self.filter(created_at__gte=start, created_at__lt=end)


class Vote(models.Model):
    """One voter's GOOD/BAD with a reason on one pledge. Voting again changes it.

    The voter is an account (user) or an anonymous key (voter_key, an HMAC:
    tsushinbo/integrity/voters.py). network_key (an HMAC of the network
    prefix, never the address) lets burst detection see concentrated waves.
    """

    pledge = models.ForeignKey(
        "pledges.Pledge", verbose_name="公約・政策", on_delete=models.CASCADE, related_name="votes"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登録ユーザー",
        null=True,
        blank=True,
        # Accounts are deactivated, never deleted: deleting one would silently
        # change counters. Refuse instead.
        on_delete=models.PROTECT,
        related_name="votes",
    )
    voter_key = models.CharField("匿名キー", max_length=64, blank=True, default="")
    network_key = models.CharField("ネットワークキー", max_length=64, blank=True, default="")
    polarity = models.CharField("評価", max_length=4, choices=Polarity.choices)
    reason = models.CharField("理由", max_length=12, choices=Reason.choices)
    created_at = models.DateTimeField("評価日時", default=timezone.now)
    updated_at = models.DateTimeField("更新日時", default=timezone.now)
    voided_at = models.DateTimeField("無効化日時", null=True, blank=True)
    voiding = models.ForeignKey(
        "ratings.VoteVoiding",
        verbose_name="無効化",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="votes",
    )

    objects = VoteQuerySet.as_manager()

    class Meta:
        verbose_name = "評価"
        verbose_name_plural = "評価"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "user"],
                condition=Q(user__isnull=False),
                name="vote_one_per_account",
            ),
            models.UniqueConstraint(
                fields=["pledge", "voter_key"],
                condition=Q(user__isnull=True),
                name="vote_one_per_anonymous_key",
            ),
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(voter_key=""))
                | (Q(user__isnull=True) & ~Q(voter_key="")),
                name="vote_has_one_voter",
            ),
            models.CheckConstraint(
                condition=Q(polarity__in=Polarity.values), name="vote_polarity_valid"
            ),
            models.CheckConstraint(condition=Q(reason__in=Reason.values), name="vote_reason_valid"),
        ]
        indexes = [
            models.Index(fields=["pledge", "created_at"], name="vote_pledge_created"),
            models.Index(fields=["created_at"], name="vote_created"),
        ]

    def __str__(self) -> str:
        return f"{self.get_polarity_display()}（{self.reason_label}）"

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None

    @property
    def is_registered(self) -> bool:
        return self.user_id is not None

    @property
    def reason_label(self) -> str:
        return reason_word(self.polarity, self.reason)


class BurstKind(models.TextChoices):
    SURGE = "surge", "急増"
    CONCENTRATED = "concentrated", "同一ネットワークに集中"


class BurstStatus(models.TextChoices):
    PENDING = "pending", "確認待ち"
    VOIDED = "voided", "無効化済み"
    DISMISSED = "dismissed", "問題なし"


class VoteBurstQuerySet(models.QuerySet["VoteBurst"]):
    def pending(self) -> VoteBurstQuerySet:
        return self.filter(status=BurstStatus.PENDING)

    def for_queue(self) -> VoteBurstQuerySet:
        return self.select_related("pledge", "decided_by")


class VoteBurst(models.Model):
    """A wave of new votes on one pledge that `detect_vote_bursts` found suspicious."""

    pledge = models.ForeignKey(
        "pledges.Pledge",
        verbose_name="公約・政策",
        on_delete=models.CASCADE,
        related_name="vote_bursts",
    )
    kind = models.CharField("種類", max_length=16, choices=BurstKind.choices)
    status = models.CharField(
        "状態", max_length=16, choices=BurstStatus.choices, default=BurstStatus.PENDING
    )
    starts_at = models.DateTimeField("開始")
    ends_at = models.DateTimeField("終了")
    # Set for a concentrated wave: the one network the votes came from (an HMAC).
    network_key = models.CharField("ネットワークキー", max_length=64, blank=True, default="")
    vote_count = models.PositiveIntegerField("評価数")
    baseline = models.FloatField("平常時の評価数（1時間あたり）")
    share = models.FloatField("最多ネットワークの割合", default=0.0)
    detected_at = models.DateTimeField("検出日時", default=timezone.now)
    decided_at = models.DateTimeField("判断日時", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="判断者",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField("理由", max_length=200, blank=True)

    objects = VoteBurstQuerySet.as_manager()

    class Meta:
        verbose_name = "評価の急増"
        verbose_name_plural = "評価の急増"
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "kind", "starts_at", "network_key"], name="burst_once"
            ),
        ]
        indexes = [models.Index(fields=["status", "-starts_at"], name="burst_status")]

    def __str__(self) -> str:
        return f"{self.pledge_id}: {self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"

    def votes_in_wave(self) -> VoteQuerySet:
        votes = Vote.objects.filter(pledge_id=self.pledge_id).created_between(
            self.starts_at, self.ends_at
        )
        if self.network_key:
            votes = votes.filter(network_key=self.network_key)
        return votes


class VoidReason(models.TextChoices):
    """Public reasons for voiding votes: shown on the pledge page and in the log."""

    CONCENTRATED = "concentrated", "短時間に同じネットワークから集中した評価"
    AUTOMATED = "automated", "機械的な大量評価の疑い"
    ORGANISED = "organised", "組織的な評価操作の疑い"
    OTHER = "other", "その他の不正な評価"


class VoteVoiding(models.Model):
    """One decision to void votes on one pledge, with its public reason."""

    pledge = models.ForeignKey(
        "pledges.Pledge",
        verbose_name="公約・政策",
        on_delete=models.CASCADE,
        related_name="vote_voidings",
    )
    burst = models.ForeignKey(
        VoteBurst,
        verbose_name="評価の急増",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="voidings",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="実行者",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField("理由", max_length=20, choices=VoidReason.choices)
    vote_count = models.PositiveIntegerField("無効化した評価数")
    created_at = models.DateTimeField("日時", default=timezone.now)

    class Meta:
        verbose_name = "評価の無効化"
        verbose_name_plural = "評価の無効化"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.vote_count}件（{self.get_reason_display()}）"


HISTOGRAM_BINS = 10


class Statistic(models.Model):
    """Running sums of one criterion's scores over the pledges with ≥ n_min votes in it.

    Kept exact at every vote (tsushinbo/ratings/statistics.py adds and removes
    a pledge's contribution in the vote's transaction) and rebuilt from the
    counters by `manage.py recompute_stats`, which also clears float drift.
    bin_k counts pledges whose score s has 10k ≤ s < 10k+10 (bin_9 includes 100).
    """

    criterion = models.CharField("項目", max_length=16, choices=Criterion.choices, unique=True)
    # Plain integers, not positive ones: a drifted row must never make a vote fail.
    pledge_count = models.IntegerField("対象の公約・政策数", default=0)
    score_sum = models.FloatField("得点の合計", default=0.0)
    score_sum_of_squares = models.FloatField("得点の二乗の合計", default=0.0)
    bin_0 = models.IntegerField(default=0)
    bin_1 = models.IntegerField(default=0)
    bin_2 = models.IntegerField(default=0)
    bin_3 = models.IntegerField(default=0)
    bin_4 = models.IntegerField(default=0)
    bin_5 = models.IntegerField(default=0)
    bin_6 = models.IntegerField(default=0)
    bin_7 = models.IntegerField(default=0)
    bin_8 = models.IntegerField(default=0)
    bin_9 = models.IntegerField(default=0)
    n_min = models.PositiveSmallIntegerField("最低評価数", default=5)
    recomputed_at = models.DateTimeField("再集計日時", null=True, blank=True)

    class Meta:
        verbose_name = "統計"
        verbose_name_plural = "統計"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.get_criterion_display()

    @property
    def bins(self) -> list[int]:
        return [getattr(self, f"bin_{index}") for index in range(HISTOGRAM_BINS)]
