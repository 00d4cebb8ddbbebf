from __future__ import annotations

from django.db import models


class DemoDatasetManager(models.Manager["DemoDataset"]):
    def is_present(self) -> bool:
        return self.exists()


class DemoDataset(models.Model):
    """Which demo data set is loaded; its presence turns on the demo banner."""

    scale = models.CharField("規模", max_length=20)
    seed = models.IntegerField("シード")
    counts = models.JSONField("件数", default=dict)
    loaded_at = models.DateTimeField("読み込み日時", auto_now_add=True)

    objects = DemoDatasetManager()

    class Meta:
        verbose_name = "デモデータセット"
        verbose_name_plural = "デモデータセット"

    def __str__(self) -> str:
        return f"{self.scale} (seed={self.seed})"
