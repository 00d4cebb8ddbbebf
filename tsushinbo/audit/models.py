from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    """Bulk changes would bypass the model's refusal; refuse them here too."""

    def update(self, **kwargs: Any) -> int:
        raise ValueError("AuditEntry is append-only: entries cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValueError("AuditEntry is append-only: entries cannot be deleted.")


class AuditEntry(models.Model):
    """One thing a person (or a command) did. Rows are only ever added."""

    created_at = models.DateTimeField("日時", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="実行者",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField("操作", max_length=64, db_index=True)
    target_type = models.CharField("対象の種類", max_length=64, blank=True)
    target_id = models.CharField("対象ID", max_length=64, blank=True)
    target_label = models.CharField("対象", max_length=200, blank=True)
    reason = models.CharField("理由", max_length=200, blank=True)
    detail = models.JSONField("詳細", default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "監査ログ"
        verbose_name_plural = "監査ログ"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("AuditEntry is append-only: existing entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("AuditEntry is append-only: entries cannot be deleted.")
