from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from tsushinbo.lib.fields import WebURLField
from tsushinbo.lib.isbn import is_valid_isbn13
from tsushinbo.lib.weburl import is_web_url


def validate_isbn13(value: str) -> None:
    if value and not is_valid_isbn13(value):
        raise ValidationError("ISBNは、チェックディジットの正しい13桁の数字で保存してください。")


class BookQuerySet(models.QuerySet["Book"]):
    def for_politician(self, politician_id: int) -> BookQuerySet:
        """A politician's books, newest year first (undated last)."""
        return self.filter(politicians=politician_id).order_by(
            F("year").desc(nulls_last=True), "title", "id"
        )


class Book(models.Model):
    title = models.CharField("書名", max_length=200)
    authors = models.CharField("著者", max_length=200, help_text="複数のときは「、」で区切ります。")
    publisher = models.CharField("出版社", max_length=100, blank=True)
    year = models.PositiveSmallIntegerField("発行年", null=True, blank=True)
    # Stored as ISBN-13 digits only; forms turn ISBN-10 and hyphenated input into this.
    isbn = models.CharField(
        "ISBN", max_length=13, blank=True, validators=[validate_isbn13], db_index=True
    )
    url = WebURLField("リンク", max_length=500, blank=True)
    politicians = models.ManyToManyField(
        "politicians.Politician", verbose_name="関連する政治家", related_name="books"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登録者",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="books_added",
    )
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    objects = BookQuerySet.as_manager()

    class Meta:
        verbose_name = "関連書籍"
        verbose_name_plural = "関連書籍"
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["isbn"],
                condition=~Q(isbn=""),
                name="book_isbn_unique",
                violation_error_message="このISBNの書籍はすでに登録されています。",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def web_url(self) -> str:
        return self.url if is_web_url(self.url) else ""
