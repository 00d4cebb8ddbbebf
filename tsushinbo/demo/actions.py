"""Load and clear the demo data set behind `manage.py seed_demo`.

Every row created here is invented. Parties, politicians, elections and
pledges are flagged `is_demo=True`; memberships, candidacies, votes, progress
and activity reports and comments hang off those; accounts, surveys, books
and announcements are listed in DemoObject. `clear_demo_data` removes exactly
those rows. tsushinbo/demo/generate/ makes the rows.
"""

from __future__ import annotations

import time
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.db import connection, reset_queries, transaction
from django.db.models import Q, QuerySet

from tsushinbo.activities.models import ActivityReport
from tsushinbo.comments.models import Comment
from tsushinbo.demo.generate import CHUNK_SIZE, COUNT_LABELS, SCALES, Date, Generator, Log
from tsushinbo.demo.models import DemoDataset, DemoObject
from tsushinbo.elections.models import Election
from tsushinbo.pledges.models import Pledge
from tsushinbo.politicians.models import Party, Politician
from tsushinbo.ratings.models import Vote
from tsushinbo.ratings.statistics import recompute_statistics

# Models whose demo rows DemoObject lists, in the order they are deleted (accounts last:
# votes and answers protect them).
LISTED_MODELS = ["surveys.survey", "books.book", "news.announcement", "accounts.user"]
# Commands other apps provide to rebuild derived data; run after loading when present.
REFRESH_COMMANDS = ["refresh_rankings", "rebuild_search_index"]


def _silent(message: str) -> None:
    pass


def find_loaded_dataset(*, scale: str, seed: int, today: Date | None) -> DemoDataset | None:
    """The loaded data set if it is this one (`today` None: whatever date it was laid out for)."""
    dataset = DemoDataset.objects.current()
    if dataset is None or (dataset.scale, dataset.seed) != (scale, seed):
        return None
    return dataset if today is None or dataset.today == today else None


def load_demo_data(
    *, scale: str, seed: int, today: Date, refresh: bool = True, log: Log = _silent
) -> DemoDataset:
    """Replace any demo data with the set for (scale, seed, today), in one transaction."""
    started = time.monotonic()
    with transaction.atomic():
        clear_demo_data(log=log)
        counts = Generator(SCALES[scale], seed, today, log).run()
        dataset = DemoDataset.objects.create(scale=scale, seed=seed, today=today, counts=counts)
    if refresh:
        refresh_derived_data(log=log)
    log(f"完了: {describe_counts(counts)}（{time.monotonic() - started:.1f}秒）")
    return dataset


def refresh_derived_data(*, log: Log = _silent) -> None:
    """Gather planner statistics, then rebuild the rankings and the search index.

    Without statistics right after a bulk load, both SQLite and PostgreSQL pick
    full scans for some page queries (seconds instead of milliseconds).
    """
    analyze_database()
    for name in REFRESH_COMMANDS:
        step = time.monotonic()
        call_command(name, stdout=_NullWriter())
        log(f"{name} を実行しました（{time.monotonic() - step:.1f}秒）")


def analyze_database() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # A sampled ANALYZE: exact statistics would read every row of a 5 GB file.
            cursor.execute("PRAGMA analysis_limit=1000")
        cursor.execute("ANALYZE")


def clear_demo_data(*, log: Log = _silent) -> dict[str, int]:
    """Delete every demo row and the DemoDataset record; real rows are never touched."""
    counts = {
        "parties": Party.objects.filter(is_demo=True).count(),
        "politicians": Politician.objects.filter(is_demo=True).count(),
        "elections": Election.objects.filter(is_demo=True).count(),
        "pledges": Pledge.objects.filter(is_demo=True).count(),
    }
    counts["users"] = DemoObject.objects.filter(model="accounts.user").count()
    with transaction.atomic():
        # The big leaf tables first, by ranges of demo pledges and politicians,
        # so the cascades below find little left to collect.
        _delete_by_owner(Vote, "pledge_id", Pledge.objects.filter(is_demo=True))
        _delete_by_owner(Comment, "pledge_id", Pledge.objects.filter(is_demo=True))
        reports = ActivityReport.objects.filter(politician__is_demo=True)
        _delete_by_owner(Comment, "report_id", reports)
        _delete_in_chunks(reports)
        # Pledges go first, their category links in one statement, so deleting
        # the demo elections finds no demo pledges left to SET_NULL.
        Pledge.categories.through.objects.filter(pledge__is_demo=True).delete()
        _delete_in_chunks(Pledge.objects.filter(is_demo=True))
        _delete_in_chunks(Election.objects.filter(is_demo=True))
        _delete_in_chunks(Politician.objects.filter(is_demo=True))
        Party.objects.filter(is_demo=True).delete()
        _delete_listed()
        DemoDataset.objects.all().delete()
        if counts["pledges"]:
            recompute_statistics()  # the demo votes no longer count
    if any(counts.values()):
        log(f"デモデータを削除しました: {describe_counts(counts)}")
    return counts


def describe_counts(counts: dict[str, int]) -> str:
    return "、".join(
        f"{label} {counts[key]:,}件" for key, label in COUNT_LABELS.items() if key in counts
    )


def _delete_listed() -> None:
    for label in LISTED_MODELS:
        listed = DemoObject.objects.filter(model=label)
        model = apps.get_model(label)
        _delete_in_chunks(model._default_manager.filter(pk__in=listed.values("object_id")))
        listed.delete()


def _delete_by_owner(model: type[Any], column: str, owners: QuerySet[Any]) -> None:
    """Delete `model` rows whose `column` points at `owners`, one range of owners at a time."""
    last = 0
    while ids := list(
        owners.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:CHUNK_SIZE]
    ):
        condition = Q(**{f"{column}__gte": ids[0], f"{column}__lte": ids[-1]})
        model._default_manager.filter(condition, **{f"{column}__in": ids}).delete()
        last = ids[-1]
        reset_queries()


class _NullWriter:
    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass


def _delete_in_chunks(queryset: QuerySet[Any]) -> None:
    """Delete by primary-key ranges: cascades run per chunk, neither per row nor all at once."""
    while ids := list(queryset.order_by("pk").values_list("pk", flat=True)[:CHUNK_SIZE]):
        queryset.filter(pk__lte=ids[-1]).only("pk").delete()
        reset_queries()
