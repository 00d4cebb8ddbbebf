"""Read a politicians CSV into a plan, or a list of errors by line (nothing is written here).

The columns are documented in docs/operations.md (「政治家データの取り込み」).
The patterns follow tsushinbo.elections.importing: every row is validated
first; `apply_politician_import` writes the plan in one transaction only when
no row has a problem.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import transaction
from django.db.models.fields.json import KeyTransform

from tsushinbo.elections.importing import (
    PartyIndex,
    PersonFieldsForm,
    RowError,
    choice_by_code_or_label,
    form_errors,
    politicians_named,
)
from tsushinbo.lib.prefectures import parse_prefecture
from tsushinbo.opendata import actions
from tsushinbo.opendata.models import ExternalId
from tsushinbo.opendata.popolo_parse import RecordError
from tsushinbo.politicians.models import Gender, OfficeKind, Party, Politician

COLUMNS = [
    "external_id",
    "wikidata_id",
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "gender",
    "birth_date",
    "office",
    "prefecture",
    "municipality",
    "district",
    "party",
    "website_url",
    "x_url",
    "youtube_url",
    "facebook_url",
    "wikipedia_url",
    "photo_url",
]
URL_COLUMNS = ["website_url", "x_url", "youtube_url", "facebook_url", "wikipedia_url", "photo_url"]


def _code_or_label(choices: Iterable[tuple[str, str]], value: str, message: str) -> str:
    code = choice_by_code_or_label(choices, value)
    if code is None:
        raise forms.ValidationError(message)
    return code


class PoliticianRowForm(PersonFieldsForm):
    field_order = COLUMNS

    external_id = forms.RegexField(
        label="外部ID",
        required=False,
        max_length=200,
        regex=r"^[a-z][a-z0-9_]*:\S.*$",
        error_messages={"invalid": "「種類:値」の形式で入力してください（例：shugiin:145）。"},
    )
    gender = forms.CharField(label="性別", required=False)
    birth_date = forms.DateField(label="生年月日", required=False, input_formats=["%Y-%m-%d"])
    office = forms.CharField(label="役職", required=False)
    prefecture = forms.CharField(label="都道府県", required=False)
    municipality = forms.CharField(label="市区町村", max_length=60, required=False)
    district = forms.CharField(label="選挙区", max_length=100, required=False)
    party = forms.CharField(label="政党", max_length=100, required=False)
    website_url = forms.URLField(
        label="ウェブサイト", max_length=500, required=False, assume_scheme="https"
    )
    x_url = forms.URLField(label="X", max_length=500, required=False, assume_scheme="https")
    youtube_url = forms.URLField(
        label="YouTube", max_length=500, required=False, assume_scheme="https"
    )
    facebook_url = forms.URLField(
        label="Facebook", max_length=500, required=False, assume_scheme="https"
    )
    wikipedia_url = forms.URLField(
        label="Wikipedia", max_length=500, required=False, assume_scheme="https"
    )
    photo_url = forms.URLField(
        label="写真URL", max_length=500, required=False, assume_scheme="https"
    )

    def clean_gender(self) -> str:
        value = self.cleaned_data["gender"]
        if not value:
            return ""
        return _code_or_label(
            Gender.choices, value, "性別は female・male・other（または 女性・男性・その他）です。"
        )

    def clean_office(self) -> str:
        value = self.cleaned_data["office"]
        if not value:
            return ""
        return _code_or_label(
            OfficeKind.choices,
            value,
            "役職は representative などのコードか「衆議院議員」などです。",
        )

    def clean_prefecture(self) -> int | None:
        value = self.cleaned_data["prefecture"]
        code = parse_prefecture(value)
        if value and code is None:
            raise forms.ValidationError("都道府県は「東京都」「東京」または 1〜47 のコードです。")
        return code


@dataclass
class PoliticianPlan:
    line: int
    politician: Politician | None
    values: dict[str, Any]
    external_id: tuple[str, str] | None


@dataclass
class PoliticianImportPlan:
    politicians: list[PoliticianPlan] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rows: int = 0


def plan_politician_import(lines: Iterable[str]) -> PoliticianImportPlan:
    plan = PoliticianImportPlan()
    reader = csv.DictReader(lines)
    names = [name.strip() for name in reader.fieldnames or []]
    if not names:
        plan.errors.append("1行目: 見出し行がありません。")
        return plan
    plan.errors += [f"1行目: 不明な列「{n}」があります。" for n in names if n not in COLUMNS]
    if plan.errors:
        return plan
    parties = PartyIndex(Party.objects.all())
    seen: dict[Any, int] = {}
    for row in reader:
        plan.rows += 1
        try:
            planned = _plan_row(reader.line_num, row, parties)
        except RowError as error:
            plan.errors.append(f"{reader.line_num}行目: {error}")
            continue
        key = planned.politician.pk if planned.politician else _new_key(planned)
        if key in seen:
            plan.errors.append(f"{reader.line_num}行目: {seen[key]}行目と同じ政治家です。")
            continue
        seen[key] = reader.line_num
        plan.politicians.append(planned)
    return plan


def _new_key(planned: PoliticianPlan) -> Any:
    v = planned.values
    fields = ("family_name", "given_name", "family_name_kana", "given_name_kana", "prefecture")
    return planned.external_id or ("name", *(v.get(name) for name in fields))


def _plan_row(line: int, row: dict[str, Any], parties: PartyIndex) -> PoliticianPlan:
    if None in row:
        raise RowError("列の数が見出し行より多くなっています。")
    form = PoliticianRowForm({k.strip(): (v or "").strip() for k, v in row.items()})
    if not form.is_valid():
        raise RowError(form_errors(form))
    data = form.cleaned_data
    external = _split_external(data["external_id"])
    politician = _find(data, external)
    values = {name: data[name] for name in COLUMNS[1:] if name in row and name != "party"}
    if "party" in row and data["party"]:
        values["party"] = parties.find(data["party"])
    if politician is None:
        missing = [
            label
            for name, label in (
                ("family_name", "姓"),
                ("family_name_kana", "姓（よみ）"),
                ("office", "役職"),
            )
            if not data.get(name)
        ]
        if missing:
            raise RowError(f"新しく登録する政治家に{'・'.join(missing)}がありません。")
        if external:
            values["external_ids"] = {external[0]: external[1]}
    return PoliticianPlan(line, politician, values, external)


def _split_external(value: str) -> tuple[str, str] | None:
    if not value:
        return None
    scheme, identifier = value.split(":", 1)
    return scheme, identifier


def _find(data: dict[str, Any], external: tuple[str, str] | None) -> Politician | None:
    for found in _matches(data, external):
        if len(found) > 1:
            raise RowError(
                "該当する政治家が複数います。external_id か wikidata_id で指定してください。"
            )
        if found:
            return found[0]
    return None


def _matches(data: dict[str, Any], external: tuple[str, str] | None) -> Iterator[list[Politician]]:
    """Candidate lists to try in order: external id, Wikidata id, then name and reading."""
    if external:
        scheme, value = external
        linked = ExternalId.objects.filter(scheme=scheme, value=value, politician__isnull=False)
        found = [e.politician for e in linked.select_related("politician") if e.politician]
        if not found:
            by_json = Politician.objects.alias(ext=KeyTransform(scheme, "external_ids"))
            found = list(by_json.filter(ext=value)[:2])
        yield found
    if data["wikidata_id"]:
        yield list(Politician.objects.filter(wikidata_id=data["wikidata_id"])[:2])
    if data["family_name"] and data["family_name_kana"]:
        yield politicians_named(data, prefecture=data["prefecture"])


def apply_politician_import(*, plan: PoliticianImportPlan, source: str = "") -> Counter[str]:
    """Write a validated plan in one transaction; any failure leaves the database untouched."""
    if plan.errors:
        raise ValueError("An import plan with errors cannot be applied.")
    counts: Counter[str] = Counter()
    with transaction.atomic():
        for row in plan.politicians:
            try:
                politician = actions.save_politician(
                    politician=row.politician, values=dict(row.values), counts=counts
                )
                if row.external_id:
                    actions.link_identifiers(politician, [row.external_id])
            except RecordError as error:
                raise RowError(f"{row.line}行目: {error}") from error
        actions.record_import(
            action="opendata.import_politicians", source=source, counts=counts, errors=0
        )
    return counts
