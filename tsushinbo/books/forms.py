from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from tsushinbo.books.models import Book
from tsushinbo.lib.isbn import InvalidISBN, normalise_isbn

ISBN_HELP = "10桁でも13桁でも、ハイフンありでも入力できます。13桁に直して保存します。"
FIRST_YEAR = 1868  # 明治元年: older books are out of scope for politicians' books


def clean_isbn_value(value: str) -> str:
    if not value.strip():
        return ""
    try:
        return normalise_isbn(value)
    except InvalidISBN as error:
        raise forms.ValidationError(str(error)) from error


def clean_year_value(value: int | None) -> int | None:
    last = timezone.localdate().year + 1
    if value is not None and not FIRST_YEAR <= value <= last:
        raise forms.ValidationError(f"発行年は{FIRST_YEAR}年から{last}年の間で入力してください。")
    return value


class BookForm(forms.Form):
    """What a member types to add a book; not a ModelForm because a known ISBN is reused."""

    title = forms.CharField(label="書名", max_length=200)
    authors = forms.CharField(
        label="著者", max_length=200, help_text="複数のときは「、」で区切ります。"
    )
    publisher = forms.CharField(label="出版社", max_length=100, required=False)
    year = forms.IntegerField(label="発行年", required=False, help_text="西暦（例：2021）")
    isbn = forms.CharField(
        label="ISBN",
        max_length=40,
        required=False,
        help_text=ISBN_HELP,
    )
    url = forms.URLField(
        label="リンク（出版社や書店のページ）",
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=Book._meta.get_field("url").validators,
        error_messages={"invalid": "http:// または https:// で始まるURLを入力してください。"},
    )

    def clean_isbn(self) -> str:
        return clean_isbn_value(self.cleaned_data["isbn"])

    def clean_year(self) -> int | None:
        return clean_year_value(self.cleaned_data["year"])


class BookAdminForm(forms.ModelForm):
    """The admin's form: the same ISBN normalisation as the member form."""

    isbn = forms.CharField(label="ISBN", max_length=40, required=False, help_text=ISBN_HELP)

    class Meta:
        model = Book
        fields = ("title", "authors", "publisher", "year", "isbn", "url", "politicians")

    def clean_isbn(self) -> str:
        return clean_isbn_value(self.cleaned_data["isbn"])

    def clean_year(self) -> Any:
        return clean_year_value(self.cleaned_data["year"])
