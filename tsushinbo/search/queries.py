"""search(): the one full-text search of the site, for the page and the API.

Two backends give the same result set: the query is compiled by
tsushinbo.lib.bigrams into ASCII tokens, then matched with FTS5 on SQLite or
with a stored tsvector('simple') @@ to_tsquery on PostgreSQL (GIN index). Everything
else (filters, order, counts, paging) is the same ORM query on both.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import cast

from django.core.paginator import Page
from django.db import connections, router
from django.db.models import BooleanField, Case, Count, IntegerField, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.safestring import SafeString

from tsushinbo.lib.bigrams import Phrase, fts5_match, query_phrases, query_terms, tsquery
from tsushinbo.lib.paging import paginate
from tsushinbo.search.models import DocumentKind, SearchDocument
from tsushinbo.search.snippets import highlight, snippet

MAX_QUERY_LENGTH = 100
MAX_QUERY_PARTS = 10
TOO_LONG = f"検索語は{MAX_QUERY_LENGTH}文字以内で入力してください。"
TOO_MANY_PARTS = f"検索語は{MAX_QUERY_PARTS}個までです。"
NOTHING_TO_SEARCH = "文字か数字を含む検索語を入力してください。"
URL_NAMES = {
    DocumentKind.POLITICIAN: "politician-detail",
    DocumentKind.PLEDGE: "pledge-detail",
    DocumentKind.REPORT: "activity-detail",
}


@dataclass(frozen=True)
class SearchResult:
    kind: str  # a DocumentKind value
    kind_label: str
    id: int  # the politician's, pledge's or activity report's id
    title: str
    title_html: SafeString  # the escaped title with <mark> around the matches
    url: str
    snippet: SafeString  # escaped text around the first match, matches in <mark>


@dataclass
class SearchResults:
    query: str
    results: list[SearchResult] = field(default_factory=list)
    # Matches per kind, with the party/prefecture filters but not the kind filter.
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0  # matches with every filter: what the pages go through
    page: Page | None = None
    # Japanese messages about the query or the page number; results may still follow.
    problems: list[str] = field(default_factory=list)


def search(
    query: str,
    *,
    kinds: Collection[str] = (),
    party: int | None = None,
    prefecture: int | None = None,
    page: int | str = 1,
) -> SearchResults:
    """Find public politicians, pledges and activity reports containing `query`.

    `query`: free text; space-separated parts must all match, each as a substring
    of the normalised title or text (see tsushinbo/lib/bigrams.py). `kinds`: any of
    "politician", "pledge", "report" (empty = all; unknown values are ignored).
    `party`: Party id; `prefecture`: JIS code 1–47. `page`: 1-based; a bad or
    out-of-range page gives the nearest page plus a message in `problems`.
    A query that is empty, too long or has nothing to search for returns no results
    (with a message in `problems` unless it is empty). Three queries: the counts per kind, the page's ids, the page's rows.
    """
    results = SearchResults(query=query)
    phrases = _phrases(query, results.problems)
    if not phrases:
        results.counts = {kind: 0 for kind in DocumentKind.values}
        return results
    base = matching(phrases)
    base = _filtered(base, party=party, prefecture=prefecture)
    results.counts = _counts(base)
    chosen = [kind for kind in kinds if kind in DocumentKind.values]
    found = base.filter(kind__in=chosen) if chosen else base
    results.total = sum(results.counts[kind] for kind in (chosen or DocumentKind.values))
    rows = cast(QuerySet[SearchDocument], _Counted(_ordered(found), results.total))
    pages, page_problems = paginate(_page_request(page), rows)
    results.page, terms = pages, query_terms(query)
    results.problems.extend(page_problems)
    results.results = [_result(document, terms) for document in pages.object_list]
    return results


def _phrases(query: str, problems: list[str]) -> list[Phrase]:
    if not query.strip():
        return []
    if len(query) > MAX_QUERY_LENGTH:
        problems.append(TOO_LONG)
        return []
    phrases = query_phrases(query)
    if not phrases:
        problems.append(NOTHING_TO_SEARCH)
    elif len(phrases) > MAX_QUERY_PARTS:
        problems.append(TOO_MANY_PARTS)
        return []
    return phrases


def matching(phrases: list[Phrase]) -> QuerySet[SearchDocument]:
    """Documents matching every phrase, on whichever database holds the index."""
    documents = SearchDocument.objects.all()
    vendor = connections[router.db_for_read(SearchDocument)].vendor
    if vendor == "postgresql":
        return _postgres_matching(documents, phrases)
    if vendor == "sqlite":
        fts = RawSQL(
            "SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [fts5_match(phrases)]
        )
        return documents.filter(id__in=fts)
    raise NotImplementedError(f"No search backend for {vendor}.")


def _postgres_matching(
    documents: QuerySet[SearchDocument], phrases: list[Phrase]
) -> QuerySet[SearchDocument]:
    # tokens_vector is the stored tsvector of migrations/0003_stored_tsvector.py
    # (GIN-indexed); to_tsquery('simple', ...) is what SearchQuery(search_type="raw") renders.
    matches = RawSQL(
        '"search_searchdocument"."tokens_vector" @@ to_tsquery(\'simple\'::regconfig, %s)',
        [tsquery(phrases)],
        output_field=BooleanField(),
    )
    return documents.filter(matches)


def _filtered(
    documents: QuerySet[SearchDocument], *, party: int | None, prefecture: int | None
) -> QuerySet[SearchDocument]:
    if party is not None:
        documents = documents.filter(party_id=party)
    if prefecture is not None:
        documents = documents.filter(prefecture=prefecture)
    return documents


def _counts(documents: QuerySet[SearchDocument]) -> dict[str, int]:
    counts = {kind: 0 for kind in DocumentKind.values}
    rows = documents.order_by().values("kind").annotate(n=Count("id")).values_list("kind", "n")
    counts.update(dict(rows))
    return counts


def _ordered(documents: QuerySet[SearchDocument]) -> QuerySet[SearchDocument]:
    """Politicians first (a name is what most people look for), then newest first."""
    politicians_first = Case(
        When(kind=DocumentKind.POLITICIAN, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return documents.order_by(politicians_first, "-date", "-id")


class _Counted:
    """The ordered matches with their count already known (from the per-kind counts).

    Paginator asks the object list for count() and slices; answering count() from
    memory saves a second full-text COUNT(*) on every page view.
    """

    def __init__(self, documents: QuerySet[SearchDocument], total: int) -> None:
        self.documents, self.total = documents, total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index: slice) -> list[SearchDocument]:
        # Order and slice on the narrow columns first, then read the page's wide rows:
        # sorting whole rows (titles, bodies, tokens) of every match is what is slow.
        ids = list(self.documents.values_list("id", flat=True)[index])
        rows = SearchDocument.objects.defer("tokens").in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]


def _page_request(page: int | str) -> HttpRequest:
    """A request carrying only ?page=, so that search() reuses lib.paging's rules."""
    request = HttpRequest()
    request.GET = QueryDict(mutable=True)
    request.GET["page"] = str(page)
    return request


def _result(document: SearchDocument, terms: list[str]) -> SearchResult:
    return SearchResult(
        kind=document.kind,
        kind_label=document.get_kind_display(),
        id=document.object_id,
        title=document.title,
        title_html=highlight(document.title, terms),
        url=reverse(URL_NAMES[DocumentKind(document.kind)], args=[document.object_id]),
        snippet=snippet(document.text, terms),
    )
