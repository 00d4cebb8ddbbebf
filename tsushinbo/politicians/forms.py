"""Filter forms for the politician and party pages.

Bad values never fail the page: the field is left out of cleaned_data, its
Japanese message is shown, and the list renders without that filter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms

from tsushinbo.lib.prefectures import PREFECTURE_CHOICES
from tsushinbo.pledges.models import PledgeQuerySet, ProgressStatus
from tsushinbo.politicians.models import OfficeKind, Party, PoliticianQuerySet

QUERY_MAX_LENGTH = 100


class FilterForm(forms.Form):
    @property
    def valid_data(self) -> dict[str, Any]:
        """The cleaned values of the fields that validated; bad ones are absent."""
        self.is_valid()  # runs full_clean once; errors are cached
        return self.cleaned_data

    @property
    def problems(self) -> list[str]:
        return [str(message) for errors in self.errors.values() for message in errors]


class DirectoryFilterForm(FilterForm):
    q = forms.CharField(
        label="名前・よみがな",
        required=False,
        max_length=QUERY_MAX_LENGTH,
        error_messages={
            "max_length": f"検索語が長すぎます（{QUERY_MAX_LENGTH}文字まで）。",
        },
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
    office = forms.ChoiceField(
        label="役職",
        required=False,
        choices=[("", "すべての役職"), *OfficeKind.choices],
        error_messages={"invalid_choice": "役職の指定が正しくありません。"},
    )

    def __init__(self, data: Mapping[str, Any], *, parties: Iterable[Party]) -> None:
        super().__init__(data)
        # The caller loads the parties once; they serve both the dropdown and validation.
        self.parties_by_slug = {party.slug: party for party in parties}
        party_field = self.fields["party"]
        assert isinstance(party_field, forms.ChoiceField)
        party_field.choices = [
            ("", "すべての政党"),
            *((slug, party.name) for slug, party in self.parties_by_slug.items()),
        ]

    @property
    def selected_party(self) -> Party | None:
        return self.parties_by_slug.get(self.valid_data.get("party") or "")

    def apply(self, politicians: PoliticianQuerySet) -> PoliticianQuerySet:
        data = self.valid_data
        if data.get("q"):
            politicians = politicians.matching(data["q"])
        if self.selected_party is not None:
            politicians = politicians.filter(party=self.selected_party)
        if data.get("prefecture"):
            politicians = politicians.filter(prefecture=data["prefecture"])
        if data.get("office"):
            politicians = politicians.filter(office=data["office"])
        return politicians

    @property
    def is_filtered(self) -> bool:
        return any(self.valid_data.get(name) for name in self.fields)


class PledgeFilterForm(FilterForm):
    status = forms.ChoiceField(
        label="進捗状況",
        required=False,
        choices=[("", "すべて"), *ProgressStatus.choices],
        error_messages={"invalid_choice": "進捗状況の指定が正しくありません。"},
    )
    # A select, not a checkbox: ?overdue=1 reads the same and matches the other filters.
    overdue = forms.ChoiceField(
        label="期限",
        required=False,
        choices=[("", "すべて"), ("1", "期限超過のみ")],
        error_messages={"invalid_choice": "期限の指定が正しくありません。"},
    )

    def apply(self, pledges: PledgeQuerySet) -> PledgeQuerySet:
        data = self.valid_data
        if data.get("status"):
            pledges = pledges.with_status(data["status"])
        if data.get("overdue"):
            pledges = pledges.overdue()
        return pledges

    @property
    def is_filtered(self) -> bool:
        return bool(self.valid_data.get("status") or self.valid_data.get("overdue"))
