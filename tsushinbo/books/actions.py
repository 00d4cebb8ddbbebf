from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from tsushinbo.accounts.models import User
from tsushinbo.audit.actions import record
from tsushinbo.books.models import Book
from tsushinbo.politicians.models import Politician


def add_book(*, actor: User, politician: Politician, data: dict[str, Any]) -> tuple[Book, bool]:
    """Link a book to the politician; a book already known by its ISBN is reused.

    Returns the book and whether it was created.
    """
    with transaction.atomic():
        book, created = _find_or_create(actor=actor, data=data)
        book.politicians.add(politician)
        record(
            actor=actor,
            action="books.add" if created else "books.link",
            target=book,
            politician=politician.pk,
        )
    return book, created


def _find_or_create(*, actor: User, data: dict[str, Any]) -> tuple[Book, bool]:
    existing = Book.objects.filter(isbn=data["isbn"]).first() if data["isbn"] else None
    if existing is not None:
        return existing, False
    book = Book(created_by=actor, **data)
    book.full_clean(exclude=["politicians"], validate_constraints=False)
    try:
        with transaction.atomic():
            book.save()
    except IntegrityError:
        # Someone added the same ISBN a moment ago: link theirs.
        return Book.objects.get(isbn=data["isbn"]), False
    return book, True
