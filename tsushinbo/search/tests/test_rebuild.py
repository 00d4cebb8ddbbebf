from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.db import connection

from tsushinbo.activities.tests.base import make_report
from tsushinbo.lib.bigrams import query_phrases
from tsushinbo.moderation.models import ReviewStatus
from tsushinbo.pledges.models import ReviewStatus as PledgeStatus
from tsushinbo.search.models import SearchDocument
from tsushinbo.search.queries import matching
from tsushinbo.search.tests.base import found
from tsushinbo.testing import BaseTestCase, make_pledge, make_politician


def rebuild(*args: str) -> str:
    out = StringIO()
    call_command("rebuild_search_index", *args, stdout=out)
    return out.getvalue()


class RebuildTests(BaseTestCase):
    def test_it_indexes_rows_loaded_in_bulk(self) -> None:
        politician = make_politician(family_name="防衛", given_name="")
        pledges = [make_pledge(politician=politician, title=f"防衛{n}") for n in range(7)]
        make_pledge(
            politician=politician, title="防衛 確認待ち", review_status=PledgeStatus.PENDING
        )
        report = make_report(politician, title="防衛の報告")
        make_report(politician, title="防衛 却下", status=ReviewStatus.REJECTED)
        output = rebuild("--batch-size", "3")
        self.assertIn("pledge: 7 documents", output)
        expected = {("pledge", p.pk) for p in pledges} | {("report", report.pk)}
        self.assertEqual(found("防衛"), expected | {("politician", politician.pk)})

    def test_it_removes_documents_of_rows_no_longer_public(self) -> None:
        pledge = make_pledge(title="年金")
        rebuild()
        type(pledge).objects.filter(pk=pledge.pk).update(review_status=PledgeStatus.REJECTED)
        rebuild("--kind", "pledge", "--batch-size", "1")
        self.assertEqual(found("年金"), set())
        self.assertFalse(SearchDocument.objects.filter(kind="pledge").exists())

    def test_it_is_idempotent(self) -> None:
        make_pledge(title="年金", body="年金の改革")
        rebuild()
        rebuild()
        self.assertEqual(SearchDocument.objects.count(), 2)
        self.assertEqual(matching(query_phrases("年金")).count(), 1)

    def test_it_counts_without_writing_on_dry_run(self) -> None:
        make_pledge(title="年金")
        self.assertIn("pledge: 1 public rows (dry run)", rebuild("--dry-run"))
        self.assertFalse(SearchDocument.objects.exists())


class IndexUseTests(BaseTestCase):
    def explain(self, query: str) -> str:
        sql, params = matching(query_phrases(query)).query.sql_with_params()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET enable_seqscan = off")
                cursor.execute("EXPLAIN " + sql, params)
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return "\n".join(str(row) for row in cursor.fetchall())

    def test_it_uses_the_full_text_index(self) -> None:
        make_pledge(title="防衛")
        rebuild()
        plan = self.explain("防衛")
        if connection.vendor == "postgresql":
            self.assertIn("search_tokens_vector_gin", plan)
        else:
            self.assertIn("search_fts VIRTUAL TABLE INDEX", plan)
