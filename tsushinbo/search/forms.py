"""The search page's filters; a bad value is dropped with a Japanese message, never a 500."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms

from tsushinbo.lib.prefectures import PREFECTURE_CHOICES
from tsushinbo.politicians.forms import FilterForm
from tsushinbo.politicians.models import Party
from tsushinbo.search.models import DocumentKind


class SearchForm(FilterForm):
    # No max_length here: search() reports a too-long query in its own words.
    q = forms.CharField(label="キーワード", required=False, strip=True)
    kind = forms.ChoiceField(
        label="種類",
        required=False,
        choices=[("", "すべて"), *DocumentKind.choices],
        error_messages={"invalid_choice": "種類の指定が正しくありません。"},
    )
    party = forms.ChoiceField(
        label="政党",
        required=False,
        error_messages={"invalid_choice": "政党の指定が正しくありません。"},
    )
    prefecture = forms.TypedChoiceField(
        label="都道府県",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "すべての都道府県"), *PREFECTURE_CHOICES],
        error_messages={"invalid_choice": "都道府県の指定が正しくありません。"},
    )

    def __init__(self, data: Mapping[str, Any], *, parties: Iterable[Party]) -> None:
        super().__init__(data)
        self.parties_by_slug = {party.slug: party for party in parties}
        party_field = self.fields["party"]
        assert isinstance(party_field, forms.ChoiceField)
        party_field.choices = [
            ("", "すべての政党"),
            *((slug, party.name) for slug, party in self.parties_by_slug.items()),
        ]

    @property
    def query(self) -> str:
        return self.valid_data.get("q") or ""

    @property
    def kinds(self) -> list[str]:
        kind = self.valid_data.get("kind")
        return [kind] if kind else []

    @property
    def party_id(self) -> int | None:
        party = self.parties_by_slug.get(self.valid_data.get("party") or "")
        return party.pk if party else None

    @property
    def prefecture_code(self) -> int | None:
        return self.valid_data.get("prefecture")
