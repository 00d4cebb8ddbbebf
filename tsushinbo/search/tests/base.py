"""Builders for the search tests: rows made public through the index functions."""

from __future__ import annotations

from typing import Any

from tsushinbo.activities.models import ActivityReport
from tsushinbo.activities.tests.base import make_report
from tsushinbo.pledges.models import Pledge
from tsushinbo.politicians.models import Politician
from tsushinbo.search.indexing import index_pledge, index_politician, index_report
from tsushinbo.search.queries import search
from tsushinbo.testing import make_pledge, make_politician


def indexed_politician(**fields: Any) -> Politician:
    politician = make_politician(**fields)
    index_politician(politician)
    return politician


def indexed_pledge(**fields: Any) -> Pledge:
    pledge = make_pledge(**fields)
    index_pledge(pledge)
    return pledge


def indexed_report(politician: Politician | None = None, **fields: Any) -> ActivityReport:
    report = make_report(politician, **fields)
    index_report(report)
    return report


def found(query: str, **filters: Any) -> set[tuple[str, int]]:
    """(kind, id) of every match, across all pages."""
    first = search(query, **filters)
    hits = {(result.kind, result.id) for result in first.results}
    if first.page is not None:
        for number in first.page.paginator.page_range[1:]:
            hits |= {(r.kind, r.id) for r in search(query, page=number, **filters).results}
    return hits
