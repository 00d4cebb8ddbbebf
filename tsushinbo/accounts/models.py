from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from tsushinbo.lib.fields import WebURLField

DELETED_USER_NAME = "退会済みユーザー"


class DigestFrequency(models.TextChoices):
    NONE = "none", "受け取らない"
    DAILY = "daily", "毎日"
    WEEKLY = "weekly", "毎週"


class User(AbstractUser):
    display_name = models.CharField("表示名", max_length=50, blank=True)
    # One verified account per politician at a time: the OneToOne column is unique.
    politician = models.OneToOneField(
        "politicians.Politician",
        verbose_name="本人確認済みの政治家",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="verified_account",
    )
    digest_frequency = models.CharField(
        "フォロー中の政治家のお知らせメール",
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.NONE,
    )
    # End of the last period a digest was sent for: a re-run never sends twice.
    digest_sent_until = models.DateTimeField(
        "お知らせメール送信済みの期間末", null=True, blank=True
    )
    banned_at = models.DateTimeField("利用停止日時", null=True, blank=True)
    deleted_at = models.DateTimeField("退会日時", null=True, blank=True)

    class Meta:
        verbose_name = "ユーザー"
        verbose_name_plural = "ユーザー"

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        if not self.is_active and not self.display_name:
            return DELETED_USER_NAME
        return self.display_name or self.username

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_banned(self) -> bool:
        return self.banned_at is not None and not self.is_active


class ClaimStatus(models.TextChoices):
    PENDING = "pending", "審査待ち"
    APPROVED = "approved", "承認済み"
    REJECTED = "rejected", "却下"
    REVOKED = "revoked", "取り消し"


class PoliticianClaimQuerySet(models.QuerySet["PoliticianClaim"]):
    def pending(self) -> PoliticianClaimQuerySet:
        return self.filter(status=ClaimStatus.PENDING)

    def with_status(self, status: str) -> PoliticianClaimQuerySet:
        return self.filter(status=status)

    def for_queue(self) -> PoliticianClaimQuerySet:
        return self.select_related("user", "politician", "politician__party", "decided_by")

    def oldest_first(self) -> PoliticianClaimQuerySet:
        return self.order_by("created_at", "id")

    def newest_first(self) -> PoliticianClaimQuerySet:
        return self.order_by("-created_at", "-id")


class PoliticianClaim(models.Model):
    """A member's claim to be (the office of) a politician, decided by a moderator."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申請者",
        on_delete=models.CASCADE,
        related_name="politician_claims",
    )
    politician = models.ForeignKey(
        "politicians.Politician",
        verbose_name="政治家",
        on_delete=models.CASCADE,
        related_name="claims",
    )
    contact = models.CharField(
        "事務所の連絡先",
        max_length=200,
        help_text="確認のためにご連絡できる事務所の電話番号・公式メールアドレスなど。",
    )
    evidence_url = WebURLField(
        "公式ページのURL",
        max_length=500,
        help_text="公式サイトなど、連絡先や本人であることが確認できるページ。",
    )
    note = models.TextField("補足", max_length=2000, blank=True)
    status = models.CharField(
        "状態", max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.PENDING
    )
    created_at = models.DateTimeField("申請日時", default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="判断したモデレーター",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("判断日時", null=True, blank=True)
    reason = models.CharField("理由", max_length=200, blank=True)

    objects = PoliticianClaimQuerySet.as_manager()

    class Meta:
        verbose_name = "本人確認の申請"
        verbose_name_plural = "本人確認の申請"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at", "id"], name="claim_queue")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "politician"],
                condition=Q(status="pending"),
                name="claim_one_pending_per_user_and_politician",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.politician} の本人確認（{self.get_status_display()}）"

    @property
    def web_evidence_url(self) -> str:
        """The evidence URL when it is http(s); never render anything else as a link."""
        is_web = self.evidence_url.lower().startswith(("https://", "http://"))
        return self.evidence_url if is_web else ""


class FollowQuerySet(models.QuerySet["Follow"]):
    def newest_first(self) -> FollowQuerySet:
        return self.order_by("-created_at", "-id")

    def with_latest_pledge(self) -> FollowQuerySet:
        """The politician (and party) joined, plus the id of their newest pledge."""
        # Imported here: pledges.models is loaded after this app's models.
        from tsushinbo.pledges.models import Pledge

        newest = (
            Pledge.objects.visible().filter(politician=OuterRef("politician_id")).newest_first()
        )
        return self.select_related("politician", "politician__party").annotate(
            latest_pledge_id=Subquery(newest.values("id")[:1])
        )


class Follow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ユーザー",
        on_delete=models.CASCADE,
        related_name="follows",
    )
    politician = models.ForeignKey(
        "politicians.Politician",
        verbose_name="政治家",
        on_delete=models.CASCADE,
        related_name="follows",
    )
    created_at = models.DateTimeField("フォロー日時", default=timezone.now)

    objects = FollowQuerySet.as_manager()

    class Meta:
        verbose_name = "フォロー"
        verbose_name_plural = "フォロー"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at", "-id"], name="follow_user_new")]
        constraints = [
            models.UniqueConstraint(fields=["user", "politician"], name="follow_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.politician}"
