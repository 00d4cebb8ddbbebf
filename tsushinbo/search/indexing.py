"""Keep the search index in step with the public rows.

Write paths call index_politician / index_pledge / index_report inside their
transaction after the change. Each call reads the row again and either writes
its document (when the row is public) or removes it (when it is not, or no
longer exists), so a caller never has to know which of the two applies.
Deleting a row removes its document through the foreign keys' cascade.
`manage.py rebuild_search_index` rebuilds everything in batches.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import QuerySet

from tsushinbo.activities.models import ActivityReport
from tsushinbo.lib.bigrams import index_tokens
from tsushinbo.pledges.models import Pledge
from tsushinbo.politicians.models import Politician
from tsushinbo.search.models import DocumentKind, SearchDocument

UPDATE_FIELDS = ["title", "text", "tokens", "party", "prefecture", "office", "date"]
UNIQUE_FIELDS = ["kind", "object_id"]


# Which rows are public: the same querysets every public page starts from.


def public_politicians() -> QuerySet[Politician]:
    return Politician.objects.all()


def public_pledges() -> QuerySet[Pledge]:
    return Pledge.objects.visible().select_related("politician")


def public_reports() -> QuerySet[ActivityReport]:
    return ActivityReport.objects.public().select_related("politician")


# Documents ---------------------------------------------------------------------


def politician_document(politician: Politician) -> SearchDocument:
    """Names and readings: 漢字, ひらがな and (folded to hiragana) カタカナ queries all match."""
    reading = f"{politician.family_name_kana}{politician.given_name_kana}"
    text = " ".join(part for part in (reading, politician.role_label) if part)
    return SearchDocument(
        kind=DocumentKind.POLITICIAN,
        object_id=politician.pk,
        politician_id=politician.pk,
        title=politician.full_name[:200],
        text=text,
        tokens=index_tokens(politician.full_name, reading),
        party_id=politician.party_id,
        prefecture=politician.prefecture,
        office=politician.office,
        date=politician.created_at,
    )


def pledge_document(pledge: Pledge) -> SearchDocument:
    owner = pledge.politician
    return SearchDocument(
        kind=DocumentKind.PLEDGE,
        object_id=pledge.pk,
        pledge_id=pledge.pk,
        politician_id=pledge.politician_id,
        title=pledge.title,
        text=pledge.body,
        tokens=index_tokens(pledge.title, pledge.body),
        party_id=owner.party_id if owner is not None else pledge.party_id,
        prefecture=owner.prefecture if owner is not None else None,
        office=owner.office if owner is not None else "",
        date=pledge.created_at,
    )


def report_document(report: ActivityReport) -> SearchDocument:
    owner = report.politician
    published = report.published_at or datetime.datetime.combine(
        report.date, datetime.time(), tzinfo=datetime.UTC
    )
    return SearchDocument(
        kind=DocumentKind.REPORT,
        object_id=report.pk,
        report_id=report.pk,
        politician_id=report.politician_id,
        title=report.title,
        text=report.body,
        tokens=index_tokens(report.title, report.body),
        party_id=owner.party_id,
        prefecture=owner.prefecture,
        office=owner.office,
        date=published,
    )


def write_documents(documents: Iterable[SearchDocument]) -> None:
    """Insert or update the documents (one statement per call)."""
    rows = list(documents)
    if rows:
        SearchDocument.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=UNIQUE_FIELDS,
            update_fields=UPDATE_FIELDS,
        )


# Per-row maintenance, called by the write paths ---------------------------------


def index_politician(politician: Politician | int) -> None:
    """Index the politician, and copy party, prefecture and office to their documents."""
    pk = _pk(politician)
    row = public_politicians().filter(pk=pk).first()
    if row is None:
        unindex(DocumentKind.POLITICIAN, pk)
        return
    write_documents([politician_document(row)])
    # Pledges and reports filter by their politician's current party, prefecture, office.
    SearchDocument.objects.filter(politician_id=pk).exclude(kind=DocumentKind.POLITICIAN).update(
        party_id=row.party_id, prefecture=row.prefecture, office=row.office
    )


def index_pledge(pledge: Pledge | int) -> None:
    pk = _pk(pledge)
    row = public_pledges().filter(pk=pk).first()
    if row is None:
        unindex(DocumentKind.PLEDGE, pk)
    else:
        write_documents([pledge_document(row)])


def index_report(report: ActivityReport | int) -> None:
    pk = _pk(report)
    row = public_reports().filter(pk=pk).first()
    if row is None:
        unindex(DocumentKind.REPORT, pk)
    else:
        write_documents([report_document(row)])


def unindex(kind: str, object_id: int) -> None:
    SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()


def unindex_pledge(pledge: Pledge | int) -> None:
    unindex(DocumentKind.PLEDGE, _pk(pledge))


def unindex_report(report: ActivityReport | int) -> None:
    unindex(DocumentKind.REPORT, _pk(report))


def _pk(row: Politician | Pledge | ActivityReport | int) -> int:
    return row if isinstance(row, int) else row.pk
