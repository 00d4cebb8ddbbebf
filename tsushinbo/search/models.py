"""The search index: one row per public politician, pledge and activity report.

The rows are written only by tsushinbo.search.indexing (called from the write
paths) and `manage.py rebuild_search_index`. The full-text part lives outside
the model, per database (see the migrations): an external-content FTS5 table
over `tokens` on SQLite, a stored tsvector column (tokens_vector, GIN-indexed) on
PostgreSQL. The model itself stays portable.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class DocumentKind(models.TextChoices):
    POLITICIAN = "politician", "政治家"
    PLEDGE = "pledge", "公約・政策"
    REPORT = "report", "活動報告"


class SearchDocument(models.Model):
    kind = models.CharField("種類", max_length=10, choices=DocumentKind.choices)
    object_id = models.PositiveIntegerField("対象ID")
    # Exactly one of these three names the indexed row, so deleting it (or its
    # politician) deletes the document through Django's cascade: no stale hits.
    politician = models.ForeignKey(
        "politicians.Politician", null=True, on_delete=models.CASCADE, related_name="+"
    )
    pledge = models.ForeignKey(
        "pledges.Pledge", null=True, on_delete=models.CASCADE, related_name="+"
    )
    report = models.ForeignKey(
        "activities.ActivityReport", null=True, on_delete=models.CASCADE, related_name="+"
    )
    # Filter columns, copied from the politician (or the owning party).
    party = models.ForeignKey(
        "politicians.Party", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    prefecture = models.PositiveSmallIntegerField("都道府県", null=True)
    office = models.CharField("役職", max_length=30, blank=True)
    date = models.DateTimeField("日付")
    # The wide columns last: SQLite reads a row's columns in order and keeps long
    # values in overflow pages, so filters and ordering never touch them.
    title = models.CharField("タイトル", max_length=200)
    text = models.TextField("本文", blank=True)
    # Space-separated tokens from tsushinbo.lib.bigrams.index_tokens(title, text).
    tokens = models.TextField("検索トークン", blank=True)

    class Meta:
        verbose_name = "検索インデックス"
        verbose_name_plural = "検索インデックス"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_kind_object"),
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values), name="search_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.title}"
