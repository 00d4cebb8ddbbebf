from __future__ import annotations

import datetime
import re
import unicodedata

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import CharField, Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Concat
from django.urls import reverse
from django.utils import timezone

from tsushinbo.lib.fields import WebURLField
from tsushinbo.lib.kana import normalise_reading
from tsushinbo.lib.prefectures import PREFECTURE_CHOICES, prefecture_name
from tsushinbo.lib.weburl import is_web_url

DEFAULT_PARTY_COLOUR = "#777777"

hiragana_validator = RegexValidator(
    r"^[\u3041-\u3096\u30fc\u309d\u309e]*$", "よみがなはひらがなで入力してください。"
)
COLOUR_PATTERN = r"^#[0-9a-fA-F]{6}$"
colour_validator = RegexValidator(COLOUR_PATTERN, "色は #RRGGBB の形式で入力してください。")


class PartyQuerySet(models.QuerySet["Party"]):
    def with_counts(self) -> PartyQuerySet:
        """Annotate member_count and pledge_count with correlated subqueries.

        Two COUNT joins would multiply members by pledges per party; index-backed
        subqueries keep this one query that stays fast at national scale.
        """
        # Imported here: pledges.models is loaded after this app's models.
        from tsushinbo.pledges.models import Pledge

        members = _count_by_party(Politician.objects.all())
        pledges = _count_by_party(Pledge.objects.visible())
        return self.annotate(member_count=members, pledge_count=pledges)


def _count_by_party(queryset: models.QuerySet) -> Coalesce:
    counts = (
        queryset.order_by()
        .filter(party=OuterRef("pk"))
        .values("party")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts), Value(0))


class Party(models.Model):
    name = models.CharField("政党名", max_length=100, unique=True)
    short_name = models.CharField("略称", max_length=20, blank=True)
    slug = models.SlugField("スラッグ", max_length=60, unique=True)
    colour = models.CharField("色", max_length=7, default="#777777", validators=[colour_validator])
    website_url = WebURLField("ウェブサイト", max_length=500, blank=True)
    description = models.TextField("説明", blank=True)
    is_demo = models.BooleanField("デモデータ", default=False, db_index=True)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    objects = PartyQuerySet.as_manager()

    class Meta:
        verbose_name = "政党"
        verbose_name_plural = "政党"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("party-detail", args=[self.slug])

    @property
    def display_colour(self) -> str:
        """The colour, or a neutral grey when a bulk import bypassed validation."""
        valid = re.match(COLOUR_PATTERN, self.colour or "")
        return self.colour if valid else DEFAULT_PARTY_COLOUR

    @property
    def display_short_name(self) -> str:
        return self.short_name or self.name


class OfficeKind(models.TextChoices):
    REPRESENTATIVE = "representative", "衆議院議員"
    COUNCILLOR = "councillor", "参議院議員"
    GOVERNOR = "governor", "知事"
    MAYOR = "mayor", "市区町村長"
    PREFECTURAL_ASSEMBLY = "prefectural_assembly", "都道府県議会議員"
    MUNICIPAL_ASSEMBLY = "municipal_assembly", "市区町村議会議員"
    FORMER = "former", "元職・候補者"


class Gender(models.TextChoices):
    FEMALE = "female", "女性"
    MALE = "male", "男性"
    OTHER = "other", "その他"
    UNKNOWN = "", "不明"


class PoliticianQuerySet(models.QuerySet["Politician"]):
    def kana_order(self) -> PoliticianQuerySet:
        return self.order_by("sort_kana", "id")

    def for_listing(self) -> PoliticianQuerySet:
        return self.select_related("party").kana_order()

    def matching(self, query: str) -> PoliticianQuerySet:
        """Politicians whose name or reading contains the query.

        Spaces are ignored, so 「山田 太郎」 finds 山田太郎; katakana and half-width
        input is folded to hiragana before it is compared with the readings.
        """
        name = "".join(unicodedata.normalize("NFKC", query).split())
        reading = "".join(normalise_reading(query).split())
        if not name:
            return self
        return self.alias(
            search_name=Concat("family_name", "given_name", output_field=CharField()),
            search_reading=Concat("family_name_kana", "given_name_kana", output_field=CharField()),
        ).filter(Q(search_name__icontains=name) | Q(search_reading__contains=reading))


class Politician(models.Model):
    family_name = models.CharField("姓", max_length=40)
    given_name = models.CharField("名", max_length=40, blank=True)
    family_name_kana = models.CharField(
        "姓（よみ）", max_length=60, blank=True, validators=[hiragana_validator]
    )
    given_name_kana = models.CharField(
        "名（よみ）", max_length=60, blank=True, validators=[hiragana_validator]
    )
    # Derived from the readings on save; the index behind the directory's kana order.
    sort_kana = models.CharField("並び順（よみ）", max_length=121, blank=True, editable=False)
    photo_url = WebURLField("写真URL", max_length=500, blank=True)
    gender = models.CharField(
        "性別", max_length=10, choices=Gender.choices, default=Gender.UNKNOWN, blank=True
    )
    birth_date = models.DateField("生年月日", null=True, blank=True)
    office = models.CharField("役職", max_length=30, choices=OfficeKind.choices)
    prefecture = models.PositiveSmallIntegerField(
        "都道府県", choices=PREFECTURE_CHOICES, null=True, blank=True
    )
    municipality = models.CharField("市区町村", max_length=60, blank=True)
    district = models.CharField("選挙区", max_length=100, blank=True)
    party = models.ForeignKey(
        Party,
        verbose_name="現在の所属政党",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="current_members",
    )
    website_url = WebURLField("ウェブサイト", max_length=500, blank=True)
    x_url = WebURLField("X（旧Twitter）", max_length=500, blank=True)
    youtube_url = WebURLField("YouTube", max_length=500, blank=True)
    facebook_url = WebURLField("Facebook", max_length=500, blank=True)
    wikipedia_url = WebURLField("Wikipedia", max_length=500, blank=True)
    bio = models.TextField("経歴", blank=True)
    wikidata_id = models.CharField("Wikidata ID", max_length=20, blank=True, db_index=True)
    external_ids = models.JSONField("外部ID", default=dict, blank=True)
    is_demo = models.BooleanField("デモデータ", default=False, db_index=True)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    objects = PoliticianQuerySet.as_manager()

    class Meta:
        verbose_name = "政治家"
        verbose_name_plural = "政治家"
        ordering = ["sort_kana", "id"]
        indexes = [
            models.Index(fields=["sort_kana", "id"], name="politician_kana"),
            models.Index(fields=["prefecture", "sort_kana", "id"], name="politician_pref_kana"),
            models.Index(fields=["office", "sort_kana", "id"], name="politician_office_kana"),
            models.Index(fields=["party", "sort_kana", "id"], name="politician_party_kana"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(prefecture__isnull=True) | Q(prefecture__gte=1, prefecture__lte=47),
                name="politician_prefecture_jis_code",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.sort_kana = self.compute_sort_kana()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("politician-detail", args=[self.pk])

    def compute_sort_kana(self) -> str:
        return f"{self.family_name_kana} {self.given_name_kana}".strip()

    @property
    def full_name(self) -> str:
        return f"{self.family_name}{self.given_name}"

    @property
    def full_name_kana(self) -> str:
        return f"{self.family_name_kana} {self.given_name_kana}".strip()

    @property
    def prefecture_name(self) -> str:
        return prefecture_name(self.prefecture)

    @property
    def role_label(self) -> str:
        """The office as people say it: 「名護市 市長」, 「東京都議会議員」, 「衆議院議員」."""
        if self.office == OfficeKind.MAYOR and self.municipality:
            return f"{self.municipality} {self.municipality[-1]}長"
        if self.office == OfficeKind.GOVERNOR and self.prefecture:
            return f"{self.prefecture_name} 知事"
        if self.office == OfficeKind.PREFECTURAL_ASSEMBLY and self.prefecture:
            return f"{self.prefecture_name}議会議員"
        if self.office == OfficeKind.MUNICIPAL_ASSEMBLY and self.municipality:
            return f"{self.municipality}議会議員"
        return self.get_office_display()

    @property
    def headline(self) -> str:
        """「名護市 市長 渡具知武豊」-style title for the profile page."""
        return f"{self.role_label} {self.full_name}"

    @property
    def display_photo_url(self) -> str:
        return self.photo_url if is_web_url(self.photo_url) else ""

    @property
    def age(self) -> int | None:
        return age_on(self.birth_date, timezone.localdate()) if self.birth_date else None

    @property
    def links(self) -> list[tuple[str, str]]:
        candidates = [
            ("ウェブサイト", self.website_url),
            ("X", self.x_url),
            ("YouTube", self.youtube_url),
            ("Facebook", self.facebook_url),
            ("Wikipedia", self.wikipedia_url),
        ]
        # Imports bypass URLField validation; never render a non-http(s) href.
        return [(label, url) for label, url in candidates if is_web_url(url)]


def age_on(birth_date: datetime.date, today: datetime.date) -> int:
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - before_birthday


class PartyMembership(models.Model):
    politician = models.ForeignKey(
        Politician, verbose_name="政治家", on_delete=models.CASCADE, related_name="memberships"
    )
    party = models.ForeignKey(
        Party, verbose_name="政党", on_delete=models.CASCADE, related_name="memberships"
    )
    start_date = models.DateField("開始日", null=True, blank=True)
    end_date = models.DateField("終了日", null=True, blank=True)
    role = models.CharField("役職", max_length=60, blank=True)

    class Meta:
        verbose_name = "政党所属歴"
        verbose_name_plural = "政党所属歴"
        ordering = ["politician", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.politician} – {self.party}"

    @property
    def is_current(self) -> bool:
        return self.end_date is None
