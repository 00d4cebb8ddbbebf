"""Load and clear the demo data set behind `manage.py seed_demo`.

Every row created here is invented and flagged `is_demo=True` (memberships and
candidacies hang off demo politicians and elections); `clear_demo_data` removes
exactly those rows. tsushinbo/demo/generate.py makes the rows.
"""

from __future__ import annotations

import time
from typing import Any

from django.db import reset_queries, transaction
from django.db.models import QuerySet

from tsushinbo.demo.generate import CHUNK_SIZE, COUNT_LABELS, SCALES, Date, Generator, Log
from tsushinbo.demo.models import DemoDataset
from tsushinbo.elections.models import Election
from tsushinbo.pledges.models import Pledge
from tsushinbo.politicians.models import Party, Politician


def _silent(message: str) -> None:
    pass


def find_loaded_dataset(*, scale: str, seed: int, today: Date | None) -> DemoDataset | None:
    """The loaded data set if it is this one (`today` None: whatever date it was laid out for)."""
    dataset = DemoDataset.objects.current()
    if dataset is None or (dataset.scale, dataset.seed) != (scale, seed):
        return None
    return dataset if today is None or dataset.today == today else None


def load_demo_data(*, scale: str, seed: int, today: Date, log: Log = _silent) -> DemoDataset:
    """Replace any demo data with the set for (scale, seed, today), in one transaction."""
    started = time.monotonic()
    with transaction.atomic():
        clear_demo_data(log=log)
        counts = Generator(SCALES[scale], seed, today, log).run()
        dataset = DemoDataset.objects.create(scale=scale, seed=seed, today=today, counts=counts)
    log(f"完了: {describe_counts(counts)}（{time.monotonic() - started:.1f}秒）")
    return dataset


def clear_demo_data(*, log: Log = _silent) -> dict[str, int]:
    """Delete every demo row and the DemoDataset record; real rows are never touched."""
    counts = {
        "parties": Party.objects.filter(is_demo=True).count(),
        "politicians": Politician.objects.filter(is_demo=True).count(),
        "elections": Election.objects.filter(is_demo=True).count(),
        "pledges": Pledge.objects.filter(is_demo=True).count(),
    }
    with transaction.atomic():
        # Pledges go first, their category links in one statement, so deleting
        # the demo elections finds no demo pledges left to SET_NULL.
        Pledge.categories.through.objects.filter(pledge__is_demo=True).delete()
        _delete_in_chunks(Pledge.objects.filter(is_demo=True))
        _delete_in_chunks(Election.objects.filter(is_demo=True))
        _delete_in_chunks(Politician.objects.filter(is_demo=True))
        Party.objects.filter(is_demo=True).delete()
        DemoDataset.objects.all().delete()
    if any(counts.values()):
        log(f"デモデータを削除しました: {describe_counts(counts)}")
    return counts


def describe_counts(counts: dict[str, int]) -> str:
    return "、".join(
        f"{label} {counts[key]:,}件" for key, label in COUNT_LABELS.items() if key in counts
    )


def _delete_in_chunks(queryset: QuerySet[Any]) -> None:
    """Delete by primary-key ranges: cascades run per chunk, neither per row nor all at once."""
    while ids := list(queryset.order_by("pk").values_list("pk", flat=True)[:CHUNK_SIZE]):
        queryset.filter(pk__lte=ids[-1]).only("pk").delete()
        reset_queries()
