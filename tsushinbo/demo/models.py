from __future__ import annotations

from django.db import models


class DemoDatasetManager(models.Manager["DemoDataset"]):
    def is_present(self) -> bool:
        return self.exists()

    def current(self) -> DemoDataset | None:
        return self.order_by("-id").first()


class DemoDataset(models.Model):
    """Which demo data set is loaded; its presence turns on the demo banner."""

    scale = models.CharField("規模", max_length=20)
    seed = models.IntegerField("シード")
    today = models.DateField("基準日", help_text="日付はこの日を基準に配置されています。")
    counts = models.JSONField("件数", default=dict)
    loaded_at = models.DateTimeField("読み込み日時", auto_now_add=True)

    objects = DemoDatasetManager()

    class Meta:
        verbose_name = "デモデータセット"
        verbose_name_plural = "デモデータセット"

    def __str__(self) -> str:
        return f"{self.scale} (seed={self.seed})"


class DemoObject(models.Model):
    """A demo row of a model without an is_demo flag (accounts, surveys, books, news).

    Votes, reports and comments need no entry: they hang off demo pledges and
    politicians. `manage.py seed_demo --clear` deletes what is listed here.
    """

    model = models.CharField("モデル", max_length=100)
    object_id = models.BigIntegerField("ID")

    class Meta:
        verbose_name = "デモデータの行"
        verbose_name_plural = "デモデータの行"
        constraints = [
            models.UniqueConstraint(fields=["model", "object_id"], name="demo_object_once"),
        ]

    def __str__(self) -> str:
        return f"{self.model} #{self.object_id}"
