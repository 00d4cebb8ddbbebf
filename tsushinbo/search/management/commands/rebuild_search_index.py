"""Rebuild the search index from the public rows, in batches (flat memory).

Run after bulk loads that bypass the write paths (seed_demo, imports) or to
repair the index. Each batch covers an id range of one kind: the documents of
that range are replaced by those of its public rows, so rows that stopped being
public lose their documents too. Safe to run while the site serves traffic.

    manage.py rebuild_search_index              # everything
    manage.py rebuild_search_index --kind pledge --batch-size 5000
    manage.py rebuild_search_index --dry-run    # count what would be indexed
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, reset_queries, transaction
from django.db.models import Max, QuerySet

from tsushinbo.search import indexing
from tsushinbo.search.models import DocumentKind, SearchDocument

SOURCES: dict[str, tuple[Callable[[], QuerySet[Any]], Callable[[Any], SearchDocument]]] = {
    DocumentKind.POLITICIAN: (indexing.public_politicians, indexing.politician_document),
    DocumentKind.PLEDGE: (indexing.public_pledges, indexing.pledge_document),
    DocumentKind.REPORT: (indexing.public_reports, indexing.report_document),
}


class Command(BaseCommand):
    help = "Rebuild the full-text search index of politicians, pledges and activity reports."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", choices=DocumentKind.values, action="append")
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        batch = max(1, options["batch_size"])
        for kind in options["kind"] or DocumentKind.values:
            started = time.monotonic()
            public, _ = SOURCES[kind]
            if options["dry_run"]:
                self.stdout.write(f"{kind}: {public().count()} public rows (dry run)")
                continue
            indexed = self.rebuild_kind(kind, batch)
            seconds = time.monotonic() - started
            self.stdout.write(f"{kind}: {indexed} documents in {seconds:.1f}s")
        if not options["dry_run"]:
            self.optimise()

    def rebuild_kind(self, kind: str, batch: int) -> int:
        public, document = SOURCES[kind]
        model = public().model
        highest = model._default_manager.aggregate(top=Max("pk"))["top"] or 0
        indexed = 0
        for low in range(0, highest + 1, batch):
            high = low + batch
            rows = public().filter(pk__gte=low, pk__lt=high).order_by("pk")
            documents = [document(row) for row in rows.iterator(chunk_size=batch)]
            with transaction.atomic():
                ids = SearchDocument.objects.filter(kind=kind, object_id__gte=low)
                ids.filter(object_id__lt=high).exclude(
                    object_id__in=[doc.object_id for doc in documents]
                ).delete()
                indexing.write_documents(documents)
            indexed += len(documents)
            reset_queries()  # with DEBUG on, the query log would keep every batch's SQL
        SearchDocument.objects.filter(kind=kind, object_id__gt=highest).delete()
        return indexed

    def optimise(self) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                # Merge the FTS5 segments written batch by batch into one b-tree.
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
            elif connection.vendor == "postgresql":
                cursor.execute("ANALYZE search_searchdocument")
