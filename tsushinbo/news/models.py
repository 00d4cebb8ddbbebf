from __future__ import annotations

import datetime
import html

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from tsushinbo.news.defaults import DEFAULT_PAGES
from tsushinbo.news.rendering import fill_placeholders, render_markdown

MARKDOWN_HELP = (
    "Markdown で書きます（見出しは ## から。HTML タグは使えず、そのまま文字として表示されます）。"
    "{{ SITE_NAME }} はサイト名に、{{ N_MIN }} は偏差値を出す最少の票数に置き換わります。"
)


class AnnouncementCategory(models.TextChoices):
    NOTICE = "notice", "お知らせ"
    RULE = "rule", "ルール"
    FEATURE = "feature", "機能"


class AnnouncementQuerySet(models.QuerySet["Announcement"]):
    def published(self, now: datetime.datetime | None = None) -> AnnouncementQuerySet:
        """Visible to everyone: a publish date that has come. Drafts have none."""
        return self.filter(published_at__lte=now or timezone.now())

    def newest_first(self) -> AnnouncementQuerySet:
        return self.order_by("-published_at", "-id")

    def pinned_first(self) -> AnnouncementQuerySet:
        return self.order_by("-pinned", "-published_at", "-id")


class Announcement(models.Model):
    """A staff announcement (お知らせ): rule changes, new features, how things work."""

    title = models.CharField("タイトル", max_length=200)
    slug = models.SlugField(
        "URL 用の名前",
        max_length=100,
        unique=True,
        help_text="半角英数字とハイフン（例：2026-04-new-ranking）。/news/この名前/ になります。",
    )
    body = models.TextField("本文", help_text=MARKDOWN_HELP)
    category = models.CharField(
        "カテゴリー",
        max_length=20,
        choices=AnnouncementCategory.choices,
        default=AnnouncementCategory.NOTICE,
    )
    pinned = models.BooleanField(
        "固定表示", default=False, help_text="お知らせ一覧の先頭に表示します。"
    )
    published_at = models.DateTimeField(
        "公開日時",
        null=True,
        blank=True,
        help_text="空欄なら下書きです。未来の日時にすると、その日時まで公開されません（予約公開）。",
    )
    created_at = models.DateTimeField("作成日時", default=timezone.now)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        verbose_name = "お知らせ"
        verbose_name_plural = "お知らせ"
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["-published_at", "-id"], name="announcement_new"),
            models.Index(fields=["-pinned", "-published_at", "-id"], name="announcement_pinned"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("announcement-detail", args=[self.slug])

    def get_preview_url(self) -> str:
        return reverse("announcement-preview", args=[self.pk])

    def is_published(self, now: datetime.datetime | None = None) -> bool:
        return self.published_at is not None and self.published_at <= (now or timezone.now())

    @property
    def published_on(self) -> datetime.date | None:
        """The publish date in local time (for 和暦)."""
        return timezone.localdate(self.published_at) if self.published_at else None

    @property
    def status_label(self) -> str:
        if self.published_at is None:
            return "下書き"
        return "公開中" if self.is_published() else "予約公開"

    @property
    def body_html(self) -> SafeString:
        return render_markdown(self.body)

    @property
    def summary(self) -> str:
        """Plain text for meta descriptions and the feed."""
        text = " ".join(html.unescape(strip_tags(self.body_html)).split())
        return Truncator(text).chars(120)


class SitePageKey(models.TextChoices):
    ABOUT = "about", "このサイトについて"
    TERMS = "terms", "利用規約"
    PRIVACY = "privacy", "プライバシーポリシー"
    EVALUATION_GUIDE = "evaluation-guide", "評価の仕組み"


class SitePageQuerySet(models.QuerySet["SitePage"]):
    def for_key(self, key: SitePageKey) -> SitePage:
        """The page, or an unsaved one with the default text if its row is missing."""
        page = self.filter(key=key).first()
        if page is not None:
            return page
        title, description, body = DEFAULT_PAGES[key]
        return SitePage(key=key, title=title, description=description, body=body)


class SitePage(models.Model):
    """A page of fixed address whose text staff edit in the admin (about, terms, ...).

    Every saved version is kept as a SitePageRevision, the current one included.
    """

    key = models.CharField("ページ", max_length=40, unique=True, choices=SitePageKey.choices)
    title = models.CharField("タイトル", max_length=200)
    description = models.CharField(
        "説明文",
        max_length=300,
        help_text="検索結果や SNS で表示される短い説明です。{{ SITE_NAME }} も使えます。",
    )
    body = models.TextField("本文", help_text=MARKDOWN_HELP)
    updated_at = models.DateTimeField("更新日時", default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="更新者",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SitePageQuerySet.as_manager()

    class Meta:
        verbose_name = "サイトのページ"
        verbose_name_plural = "サイトのページ"
        ordering = ["key"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        # Each key is also the name of the page's URL in tsushinbo/pages/urls.py.
        return reverse(self.key)

    @property
    def body_html(self) -> SafeString:
        return render_markdown(self.body)

    @property
    def meta_description(self) -> str:
        return fill_placeholders(self.description)

    def content(self) -> tuple[str, str, str]:
        return (self.title, self.description, self.body)


class SitePageRevision(models.Model):
    """One saved version of a SitePage. Rows are only added; restoring adds a new one."""

    page = models.ForeignKey(
        SitePage, verbose_name="ページ", on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField("版")
    title = models.CharField("タイトル", max_length=200)
    description = models.CharField("説明文", max_length=300)
    body = models.TextField("本文")
    created_at = models.DateTimeField("保存日時", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="保存者",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    restored_from = models.ForeignKey(
        "self",
        verbose_name="復元元",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "ページの版"
        verbose_name_plural = "ページの版"
        ordering = ["page", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="site_page_revision_number"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.number}版）"

    @property
    def body_html(self) -> SafeString:
        return render_markdown(self.body)

    def content(self) -> tuple[str, str, str]:
        return (self.title, self.description, self.body)
