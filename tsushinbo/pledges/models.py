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


class ReviewStatus(models.TextChoices):
    """Where a contribution stands: only APPROVED rows are ever public."""

    PENDING = "pending", "確認待ち"
    APPROVED = "approved", "承認済み"
    REJECTED = "rejected", "却下"


class PledgeQuerySet(models.QuerySet["Pledge"]):
    def visible(self) -> PledgeQuerySet:
        """Pledges anyone may see: every public page and list starts here."""
        return self.filter(review_status=ReviewStatus.APPROVED)

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
    # Evidence date of the report that set the status; count of approved reports.
    # Only tsushinbo.pledges.actions writes these three, from the approved reports.
    progress_date = models.DateField("進捗の根拠日", null=True, blank=True)
    progress_count = models.PositiveIntegerField("進捗報告数", default=0)
    # A pledge added by a new member stays PENDING (invisible) until a moderator
    # approves its first revision. Bulk inserts (demo data) get APPROVED.
    review_status = models.CharField(
        "公開状態",
        max_length=10,
        choices=ReviewStatus.choices,
        default=ReviewStatus.APPROVED,
    )
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
            models.CheckConstraint(
                condition=Q(review_status__in=ReviewStatus.values),
                name="pledge_review_status_valid",
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
    def is_visible(self) -> bool:
        return self.review_status == ReviewStatus.APPROVED

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


class RevisionKind(models.TextChoices):
    CREATE = "create", "新規登録"
    EDIT = "edit", "編集"
    REVERT = "revert", "差し戻し"


class ModeratorDecision(models.Model):
    """Who decided a reviewed contribution, when, and why."""

    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="確認したモデレーター",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("確認日時", null=True, blank=True)
    review_reason = models.CharField("確認の理由", max_length=200, blank=True)

    class Meta:
        abstract = True


class PledgeRevisionQuerySet(models.QuerySet["PledgeRevision"]):
    def pending(self) -> PledgeRevisionQuerySet:
        return self.filter(status=ReviewStatus.PENDING)

    def approved(self) -> PledgeRevisionQuerySet:
        return self.filter(status=ReviewStatus.APPROVED)

    def oldest_first(self) -> PledgeRevisionQuerySet:
        return self.order_by("created_at", "id")

    def newest_published_first(self) -> PledgeRevisionQuerySet:
        return self.order_by("-published_at", "-id")

    def for_history(self) -> PledgeRevisionQuerySet:
        """Approved revisions with what their diffs and bylines read, in one query."""
        return (
            self.approved().select_related("author", "parent", "reverts").newest_published_first()
        )

    def for_queue(self) -> PledgeRevisionQuerySet:
        """Everything a review card reads (the proposal and the pledge as it is now)."""
        return self.select_related(
            "author", "pledge", "pledge__politician", "pledge__party", "pledge__election"
        ).prefetch_related("pledge__categories")


class PledgeRevision(ModeratorDecision):
    """One version of a pledge's text: who proposed it, what changed, the full result.

    `snapshot` holds every editable field (tsushinbo.pledges.revisions), so a
    revert restores the exact earlier text. A PENDING revision changes nothing
    public; approval applies it and records the version it replaced in `parent`.
    """

    pledge = models.ForeignKey(
        Pledge, verbose_name="公約・政策", on_delete=models.CASCADE, related_name="revisions"
    )
    kind = models.CharField("種類", max_length=10, choices=RevisionKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="編集者",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pledge_revisions",
    )
    summary = models.CharField("編集の要約", max_length=200, blank=True)
    changed_fields = models.JSONField("変更した項目", default=list, blank=True)
    snapshot = models.JSONField("内容", default=dict)
    status = models.CharField(
        "状態", max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    created_at = models.DateTimeField("投稿日時", default=timezone.now)
    published_at = models.DateTimeField("公開日時", null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="直前の版",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reverts = models.ForeignKey(
        "self",
        verbose_name="取り消した編集",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PledgeRevisionQuerySet.as_manager()

    class Meta:
        verbose_name = "公約・政策の版"
        verbose_name_plural = "公約・政策の版"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["pledge", "status", "-published_at", "-id"], name="revision_history"
            ),
            models.Index(fields=["status", "created_at", "id"], name="revision_queue"),
            models.Index(fields=["author", "status"], name="revision_author"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReviewStatus.values), name="revision_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RevisionKind.values), name="revision_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.snapshot.get('title', '')}（{self.get_kind_display()}）"

    @property
    def title(self) -> str:
        return str(self.snapshot.get("title", ""))

    @property
    def review_label(self) -> str:
        """A short line for review queues."""
        return f"公約の{self.get_kind_display()}「{Truncator(self.title).chars(40)}」"

    @property
    def review_url(self) -> str:
        return reverse("pledge-revision-review", args=[self.pk])


class ProgressReportQuerySet(models.QuerySet["ProgressReport"]):
    def pending(self) -> ProgressReportQuerySet:
        return self.filter(review_status=ReviewStatus.PENDING)

    def approved(self) -> ProgressReportQuerySet:
        return self.filter(review_status=ReviewStatus.APPROVED)

    def oldest_first(self) -> ProgressReportQuerySet:
        return self.order_by("created_at", "id")

    def timeline_order(self) -> ProgressReportQuerySet:
        """Newest evidence first; the first row is the one that sets the pledge's status."""
        return self.order_by("-evidence_date", "-published_at", "-id")

    def for_timeline(self) -> ProgressReportQuerySet:
        return (
            self.approved().select_related("author").prefetch_related("evidence").timeline_order()
        )

    def for_queue(self) -> ProgressReportQuerySet:
        return self.select_related(
            "author", "pledge", "pledge__politician", "pledge__party"
        ).prefetch_related("evidence")


class ProgressReport(ModeratorDecision):
    """A dated, evidenced claim about where a pledge stands (SPEC §2 進捗)."""

    pledge = models.ForeignKey(
        Pledge, verbose_name="公約・政策", on_delete=models.CASCADE, related_name="progress_reports"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="報告者",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="progress_reports",
    )
    status = models.CharField("進捗状況", max_length=20, choices=ProgressStatus.choices)
    percent = models.PositiveSmallIntegerField("進捗率")
    note = models.TextField("説明", blank=True)
    # The newest of the evidence dates: the report's place in the timeline.
    evidence_date = models.DateField("根拠の日付")
    review_status = models.CharField(
        "状態", max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    created_at = models.DateTimeField("投稿日時", default=timezone.now)
    published_at = models.DateTimeField("公開日時", null=True, blank=True)

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = "進捗報告"
        verbose_name_plural = "進捗報告"
        ordering = ["-evidence_date", "-published_at", "-id"]
        indexes = [
            models.Index(
                fields=["pledge", "review_status", "-evidence_date", "-published_at", "-id"],
                name="progress_timeline",
            ),
            models.Index(fields=["review_status", "created_at", "id"], name="progress_queue"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0, percent__lte=100), name="progress_percent_0_100"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProgressStatus.values), name="progress_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(review_status__in=ReviewStatus.values),
                name="progress_review_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pledge_id}: {self.get_status_display()} {self.percent}%"

    @property
    def review_label(self) -> str:
        """A short line for review queues (reads the pledge: use for_queue())."""
        title = Truncator(self.pledge.title).chars(40)
        return f"進捗報告「{title}」{self.get_status_display()}・{self.percent}%"

    @property
    def review_url(self) -> str:
        return reverse("progress-report-review", args=[self.pk])


class ProgressEvidence(models.Model):
    """One source behind a progress report, with the date it speaks for."""

    report = models.ForeignKey(
        ProgressReport, verbose_name="進捗報告", on_delete=models.CASCADE, related_name="evidence"
    )
    url = WebURLField("根拠のURL", max_length=500)
    date = models.DateField("根拠の日付")
    position = models.PositiveSmallIntegerField("順番", default=0)

    class Meta:
        verbose_name = "進捗の根拠"
        verbose_name_plural = "進捗の根拠"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.url

    @property
    def web_url(self) -> str:
        """The URL when it is http(s); rows from bulk inserts skip the field validator."""
        return self.url if is_web_url(self.url) else ""
