from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from tsushinbo.lib.fields import WebURLField
from tsushinbo.lib.scoring import display_score, score
from tsushinbo.lib.weburl import is_web_url


class Category(models.Model):
    name = models.CharField("名前", max_length=40, unique=True)
    slug = models.SlugField("スラッグ", max_length=60, unique=True)

    class Meta:
        verbose_name = "分野"
        verbose_name_plural = "分野"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProgressStatus(models.TextChoices):
    NOT_RATED = "not_rated", "未評価"
    NOT_STARTED = "not_started", "未着手"
    IN_PROGRESS = "in_progress", "進行中"
    STALLED = "stalled", "停滞"
    PARTLY_DONE = "partly_done", "一部実現"
    DONE = "done", "実現"
    ABANDONED = "abandoned", "断念・撤回"
    UNVERIFIABLE = "unverifiable", "検証不能"


class PledgeQuerySet(models.QuerySet["Pledge"]):
    def with_owner(self) -> PledgeQuerySet:
        return self.select_related("politician", "politician__party", "party")

    def newest_first(self) -> PledgeQuerySet:
        return self.order_by("-created_at", "-id")

    def for_cards(self) -> PledgeQuerySet:
        """Everything _pledge_card.html reads, in two queries however many rows."""
        return self.with_owner().prefetch_related("categories")

    def overdue(self) -> PledgeQuerySet:
        """Deadline passed and not 実現 (the same rule as Pledge.is_overdue)."""
        return self.filter(deadline__lt=timezone.localdate()).exclude(
            progress_status=ProgressStatus.DONE
        )

    def with_status(self, status: str) -> PledgeQuerySet:
        return self.filter(progress_status=status)

    def for_detail(self) -> PledgeQuerySet:
        """Everything the pledge page shows, in a fixed number of queries."""
        return (
            self.with_owner()
            .select_related("election", "created_by")
            .prefetch_related("categories")
        )


class Pledge(models.Model):
    """A promise made by exactly one owner: a politician or a party."""

    politician = models.ForeignKey(
        "politicians.Politician",
        verbose_name="政治家",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pledges",
    )
    party = models.ForeignKey(
        "politicians.Party",
        verbose_name="政党",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pledges",
    )
    title = models.CharField("タイトル", max_length=200)
    body = models.TextField("内容", blank=True)
    categories = models.ManyToManyField(
        Category, verbose_name="分野", blank=True, related_name="pledges"
    )
    source_url = WebURLField("出典URL", max_length=500)
    election = models.ForeignKey(
        "elections.Election",
        verbose_name="選挙",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pledges",
    )
    deadline = models.DateField("期限", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登録者",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pledges_created",
    )
    progress_status = models.CharField(
        "進捗状況",
        max_length=20,
        choices=ProgressStatus.choices,
        default=ProgressStatus.NOT_RATED,
    )
    progress_percent = models.PositiveSmallIntegerField("進捗率", default=0)
    is_demo = models.BooleanField("デモデータ", default=False, db_index=True)
    created_at = models.DateTimeField("作成日時", default=timezone.now)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    # Vote counters (SPEC §3, §7). Only tsushinbo.ratings.actions writes them, in
    # the vote's transaction; `manage.py recount_votes` rebuilds them from the votes.
    # Voided votes count in votes_voided only. Anonymous = total − registered.
    votes_good = models.PositiveIntegerField("支持", default=0)
    votes_bad = models.PositiveIntegerField("不支持", default=0)
    votes_good_clarity = models.PositiveIntegerField("支持・明確さ", default=0)
    votes_bad_clarity = models.PositiveIntegerField("不支持・明確さ", default=0)
    votes_good_feasibility = models.PositiveIntegerField("支持・現実性", default=0)
    votes_bad_feasibility = models.PositiveIntegerField("不支持・現実性", default=0)
    votes_good_sincerity = models.PositiveIntegerField("支持・誠実さ", default=0)
    votes_bad_sincerity = models.PositiveIntegerField("不支持・誠実さ", default=0)
    votes_good_other = models.PositiveIntegerField("支持・その他", default=0)
    votes_bad_other = models.PositiveIntegerField("不支持・その他", default=0)
    votes_good_registered = models.PositiveIntegerField("支持（登録ユーザー）", default=0)
    votes_bad_registered = models.PositiveIntegerField("不支持（登録ユーザー）", default=0)
    votes_voided = models.PositiveIntegerField("無効化された評価", default=0)
    # Lower bound of the 95% Wilson interval of G/(G+B), in percent: the ranking key.
    votes_wilson_lower = models.FloatField("総合スコア下限（Wilson）", default=0.0)

    objects = PledgeQuerySet.as_manager()

    class Meta:
        verbose_name = "公約・政策"
        verbose_name_plural = "公約・政策"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["politician", "-created_at", "-id"], name="pledge_politician_new"),
            models.Index(fields=["party", "-created_at", "-id"], name="pledge_party_new"),
            models.Index(fields=["-created_at", "-id"], name="pledge_new"),
            models.Index(fields=["-votes_wilson_lower", "-id"], name="pledge_wilson"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(politician__isnull=False) & Q(party__isnull=True))
                | (Q(politician__isnull=True) & Q(party__isnull=False)),
                name="pledge_has_exactly_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(progress_percent__gte=0, progress_percent__lte=100),
                name="pledge_percent_0_100",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("pledge-detail", args=[self.pk])

    @property
    def owner(self) -> models.Model:
        return self.politician if self.politician_id else self.party  # type: ignore[return-value]

    @property
    def owner_name(self) -> str:
        return str(self.owner)

    @property
    def summary(self) -> str:
        """The body on one line, shortened: for meta descriptions and link previews."""
        return Truncator(" ".join(self.body.split())).chars(100)

    @property
    def web_source_url(self) -> str:
        """The source URL when it is http(s); rows from bulk inserts skip the field validator."""
        return self.source_url if is_web_url(self.source_url) else ""

    @property
    def votes_total(self) -> int:
        return self.votes_good + self.votes_bad

    @property
    def overall_score(self) -> int | None:
        """総合 as shown (0–100, rounded half up); None without votes."""
        return display_score(score(self.votes_good, self.votes_bad))

    @property
    def is_overdue(self) -> bool:
        return (
            self.deadline is not None
            and self.deadline < timezone.localdate()
            and self.progress_status != ProgressStatus.DONE
        )
