from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from tsushinbo.lib.prefectures import PREFECTURE_CHOICES, prefecture_name

hiragana_validator = RegexValidator(
    r"^[\u3041-\u3096\u30fc\u309d\u309e]*$", "よみがなはひらがなで入力してください。"
)
colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", "色は #RRGGBB の形式で入力してください。")


class Party(models.Model):
    name = models.CharField("政党名", max_length=100, unique=True)
    short_name = models.CharField("略称", max_length=20, blank=True)
    slug = models.SlugField("スラッグ", max_length=60, unique=True)
    colour = models.CharField("色", max_length=7, default="#777777", validators=[colour_validator])
    website_url = models.URLField("ウェブサイト", max_length=500, blank=True)
    description = models.TextField("説明", blank=True)
    is_demo = models.BooleanField("デモデータ", default=False, db_index=True)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = "政党"
        verbose_name_plural = "政党"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("party-detail", args=[self.slug])


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
    photo_url = models.URLField("写真URL", max_length=500, blank=True)
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
    website_url = models.URLField("ウェブサイト", max_length=500, blank=True)
    x_url = models.URLField("X（旧Twitter）", max_length=500, blank=True)
    youtube_url = models.URLField("YouTube", max_length=500, blank=True)
    facebook_url = models.URLField("Facebook", max_length=500, blank=True)
    wikipedia_url = models.URLField("Wikipedia", max_length=500, blank=True)
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
    def links(self) -> list[tuple[str, str]]:
        candidates = [
            ("ウェブサイト", self.website_url),
            ("X", self.x_url),
            ("YouTube", self.youtube_url),
            ("Facebook", self.facebook_url),
            ("Wikipedia", self.wikipedia_url),
        ]
        return [(label, url) for label, url in candidates if url]


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
