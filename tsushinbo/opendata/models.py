from __future__ import annotations

from django.db import models
from django.db.models import Q


class ExternalId(models.Model):
    """An identifier another dataset gives a politician or a party (Popolo `identifiers`).

    Imports find records again by (scheme, value), so re-importing a file changes
    nothing. Popolo ids are only unique inside their source, so imports store them
    under a scheme named after the source (e.g. ``everypolitician``).
    """

    scheme = models.CharField("種類", max_length=60)
    value = models.CharField("値", max_length=200)
    politician = models.ForeignKey(
        "politicians.Politician",
        verbose_name="政治家",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="identifiers",
    )
    party = models.ForeignKey(
        "politicians.Party",
        verbose_name="政党",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="identifiers",
    )
    created_at = models.DateTimeField("作成日時", auto_now_add=True)

    class Meta:
        verbose_name = "外部ID"
        verbose_name_plural = "外部ID"
        ordering = ["scheme", "value"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "value"], name="external_id_unique"),
            models.CheckConstraint(
                condition=Q(politician__isnull=False, party__isnull=True)
                | Q(politician__isnull=True, party__isnull=False),
                name="external_id_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme}:{self.value}"
