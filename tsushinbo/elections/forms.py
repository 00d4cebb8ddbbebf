"""Filter forms for the election pages.

As on the politician pages, a bad value never fails the page: it is dropped,
its Japanese message is shown and the list renders without that filter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms

from tsushinbo.elections.models import CandidacyQuerySet, ElectionKind, ElectionQuerySet
from tsushinbo.lib.prefectures import PREFECTURE_CHOICES
from tsushinbo.politicians.forms import FilterForm

UPCOMING = "upcoming"
PAST = "past"


class ElectionFilterForm(FilterForm):
    when = forms.ChoiceField(
        label="時期",
        required=False,
        choices=[(UPCOMING, "今後の選挙"), (PAST, "過去の選挙")],
        error_messages={"invalid_choice": "時期の指定が正しくありません。"},
    )
    kind = forms.ChoiceField(
        label="種類",
        required=False,
        choices=[("", "すべての種類"), *ElectionKind.choices],
        error_messages={"invalid_choice": "選挙の種類の指定が正しくありません。"},
    )
    prefecture = forms.TypedChoiceField(
        label="都道府県（国政選挙も含む）",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "すべての都道府県"), *PREFECTURE_CHOICES],
        error_messages={"invalid_choice": "都道府県の指定が正しくありません。"},
    )

    @property
    def when_value(self) -> str:
        return self.valid_data.get("when") or UPCOMING

    @property
    def shows_past(self) -> bool:
        return self.when_value == PAST

    def apply(self, elections: ElectionQuerySet) -> ElectionQuerySet:
        data = self.valid_data
        elections = elections.past() if self.shows_past else elections.upcoming()
        if data.get("kind"):
            elections = elections.of_kind(data["kind"])
        if data.get("prefecture"):
            elections = elections.for_prefecture(data["prefecture"])
        return elections

    @property
    def is_filtered(self) -> bool:
        return bool(self.valid_data.get("kind") or self.valid_data.get("prefecture"))


class DistrictFilterForm(FilterForm):
    district = forms.ChoiceField(
        label="選挙区",
        required=False,
        error_messages={"invalid_choice": "選挙区の指定が正しくありません。"},
    )

    def __init__(self, data: Mapping[str, Any], *, districts: Iterable[str]) -> None:
        super().__init__(data)
        field = self.fields["district"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "すべての選挙区"), *((name, name) for name in districts)]

    def apply(self, candidacies: CandidacyQuerySet) -> CandidacyQuerySet:
        district = self.valid_data.get("district")
        return candidacies.filter(district=district) if district else candidacies
