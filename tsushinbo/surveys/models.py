from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone


class SurveyQuerySet(models.QuerySet["Survey"]):
    def visible(self) -> SurveyQuerySet:
        """Surveys the public may see: those whose opening time has come."""
        return self.filter(opens_at__lte=timezone.now())

    def open(self) -> SurveyQuerySet:
        now = timezone.now()
        return self.filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now), opens_at__lte=now)

    def newest_first(self) -> SurveyQuerySet:
        return self.order_by("-opens_at", "-id")

    def for_listing(self) -> SurveyQuerySet:
        """Open surveys first (closing soonest first), then closed ones, newest first."""
        now = timezone.now()
        is_open = models.Case(
            models.When(Q(closes_at__isnull=True) | Q(closes_at__gt=now), then=models.Value(0)),
            default=models.Value(1),
        )
        return (
            self.visible()
            .alias(closed=is_open)
            .order_by("closed", F("closes_at").asc(nulls_last=True), "-opens_at", "-id")
        )


class Survey(models.Model):
    question = models.CharField("質問", max_length=200)
    description = models.TextField("説明", blank=True)
    multiple_choice = models.BooleanField(
        "複数選択", default=False, help_text="オンにすると、選択肢をいくつでも選べます。"
    )
    opens_at = models.DateTimeField(
        "受付開始日時", default=timezone.now, help_text="この日時まではサイトに表示されません。"
    )
    closes_at = models.DateTimeField(
        "締め切り日時", null=True, blank=True, help_text="空欄なら締め切りません。"
    )
    hide_results_until_close = models.BooleanField(
        "締め切りまで結果を隠す",
        default=False,
        help_text="オンにすると、締め切るまで結果を表示しません。",
    )
    # Counters kept by tsushinbo.surveys.actions.answer_survey; pages never count answers.
    respondent_count = models.PositiveIntegerField("回答者数", default=0, editable=False)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = "アンケート"
        verbose_name_plural = "アンケート"
        ordering = ["-opens_at", "-id"]
        indexes = [models.Index(fields=["opens_at", "closes_at"], name="survey_open_window")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=F("opens_at")),
                name="survey_closes_after_opening",
                violation_error_message="締め切り日時は受付開始日時より後にしてください。",
            ),
            models.CheckConstraint(
                condition=Q(hide_results_until_close=False) | Q(closes_at__isnull=False),
                name="survey_hidden_results_need_closing",
                violation_error_message="結果を締め切りまで隠すには、締め切り日時を入力してください。",
            ),
        ]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("survey-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        now = timezone.now()
        return self.opens_at <= now and (self.closes_at is None or now < self.closes_at)

    @property
    def is_closed(self) -> bool:
        return self.closes_at is not None and timezone.now() >= self.closes_at

    @property
    def shows_results(self) -> bool:
        return self.is_closed or not self.hide_results_until_close

    def results(self, options: list[SurveyOption]) -> list[OptionResult]:
        """Each option's count and share of respondents (over 100% in total with multiple choice)."""
        return [OptionResult(option, self.respondent_count) for option in options]


@dataclass(frozen=True)
class OptionResult:
    option: SurveyOption
    respondents: int

    @property
    def count(self) -> int:
        return self.option.answer_count

    @property
    def percent(self) -> Decimal:
        if not self.respondents:
            return Decimal("0.0")
        share = Decimal(self.count * 100) / Decimal(self.respondents)
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class SurveyOption(models.Model):
    survey = models.ForeignKey(
        Survey, verbose_name="アンケート", on_delete=models.CASCADE, related_name="options"
    )
    label = models.CharField("選択肢", max_length=200)
    position = models.PositiveSmallIntegerField("表示順", default=0)
    answer_count = models.PositiveIntegerField("回答数", default=0, editable=False)

    class Meta:
        verbose_name = "選択肢"
        verbose_name_plural = "選択肢"
        ordering = ["survey", "position", "id"]

    def __str__(self) -> str:
        return self.label


class SurveyAnswerQuerySet(models.QuerySet["SurveyAnswer"]):
    def by_voter(self, lookup: dict[str, object]) -> SurveyAnswerQuerySet:
        """Answers of one voter; `lookup` comes from the voter identity (user or voter_key)."""
        return self.filter(**lookup)


class SurveyAnswer(models.Model):
    """One voter's answer to one survey: an account (user) or an anonymous key (voter_key).

    voter_key and network_key are HMACs (tsushinbo/integrity/voters.py); no IP
    address is stored.
    """

    survey = models.ForeignKey(
        Survey, verbose_name="アンケート", on_delete=models.CASCADE, related_name="answers"
    )
    options = models.ManyToManyField(SurveyOption, verbose_name="選んだ選択肢", related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登録ユーザー",
        null=True,
        blank=True,
        # As for votes: accounts are deactivated, never deleted, so counters stay true.
        on_delete=models.PROTECT,
        related_name="survey_answers",
    )
    voter_key = models.CharField("匿名キー", max_length=64, blank=True, default="")
    network_key = models.CharField("ネットワークキー", max_length=64, blank=True, default="")
    created_at = models.DateTimeField("回答日時", default=timezone.now)

    objects = SurveyAnswerQuerySet.as_manager()

    class Meta:
        verbose_name = "アンケートの回答"
        verbose_name_plural = "アンケートの回答"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"],
                condition=Q(user__isnull=False),
                name="one_survey_answer_per_user",
            ),
            models.UniqueConstraint(
                fields=["survey", "voter_key"],
                condition=Q(user__isnull=True),
                name="one_survey_answer_per_voter_key",
            ),
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(voter_key=""))
                | (Q(user__isnull=True) & ~Q(voter_key="")),
                name="survey_answer_has_one_voter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} – {self.pk}"
