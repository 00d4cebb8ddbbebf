"""Read an elections-and-candidacies CSV into an import plan, or a list of row errors.

Nothing here writes: `plan_import` validates every row, resolves politicians and
parties, and returns either errors (per CSV line) or a plan that
`tsushinbo.elections.actions.apply_election_import` writes in one transaction.
The columns are documented in docs/operations.md (「選挙データの取り込み」).
"""

from __future__ import annotations

import csv
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TextIO, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser, OutputWrapper
from django.db import DatabaseError, transaction
from django.db.models.fields.json import KeyTransform

from tsushinbo.elections.models import Election, ElectionKind, ElectionScope
from tsushinbo.lib.kana import is_hiragana_reading, normalise_reading
from tsushinbo.lib.prefectures import parse_prefecture
from tsushinbo.politicians.models import OfficeKind, Party, Politician

ELECTION_COLUMNS = [
    "election_external_id",
    "election_name",
    "kind",
    "scope",
    "prefecture",
    "municipality",
    "vote_date",
    "notice_date",
    "seats",
    "turnout",
]
CANDIDATE_COLUMNS = [
    "politician_external_id",
    "wikidata_id",
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "politician_prefecture",
    "party",
    "district",
    "votes",
    "rank",
    "elected",
]
COLUMNS = ELECTION_COLUMNS + CANDIDATE_COLUMNS
# Fields of Election a row may set, and those a new election cannot do without.
ELECTION_FIELDS = ELECTION_COLUMNS[1:]
REQUIRED_FOR_NEW = {
    "election_name": "選挙名",
    "kind": "種類",
    "scope": "範囲",
    "vote_date": "投票日",
}
INDEPENDENT = "無所属"
ELECTED_WORDS = {"当選": True, "true": True, "1": True, "落選": False, "false": False, "0": False}


class RowError(Exception):
    """A problem with one row; the message is shown to the person running the import."""


def choice_by_code_or_label(choices: Iterable[tuple[str, str]], value: str) -> str | None:
    for code, label in choices:
        if value in (code, label):
            return code
    return None


class PersonFieldsForm(forms.Form):
    """The politician identity columns shared by the election and politician CSV imports."""

    wikidata_id = forms.RegexField(
        label="Wikidata ID",
        required=False,
        regex=r"^Q[1-9][0-9]*$",
        max_length=20,
        error_messages={"invalid": "「Q」に続く数字で入力してください（例：Q123456）。"},
    )
    family_name = forms.CharField(label="姓", max_length=40, required=False)
    given_name = forms.CharField(label="名", max_length=40, required=False)
    family_name_kana = forms.CharField(label="姓（よみ）", max_length=60, required=False)
    given_name_kana = forms.CharField(label="名（よみ）", max_length=60, required=False)

    def clean_family_name(self) -> str:
        return unicodedata.normalize("NFKC", self.cleaned_data["family_name"]).strip()

    def clean_given_name(self) -> str:
        return unicodedata.normalize("NFKC", self.cleaned_data["given_name"]).strip()

    def clean_family_name_kana(self) -> str:
        return self._reading("family_name_kana")

    def clean_given_name_kana(self) -> str:
        return self._reading("given_name_kana")

    def _reading(self, name: str) -> str:
        value = normalise_reading(self.cleaned_data[name])
        if not is_hiragana_reading(value):
            raise forms.ValidationError("よみがなはひらがな（またはカタカナ）で入力してください。")
        return value.replace(" ", "").replace("\u3000", "")


class CandidacyRowForm(PersonFieldsForm):
    """One CSV row. Every field is optional here; what a row needs is checked later."""

    field_order = COLUMNS

    election_external_id = forms.CharField(label="選挙の外部ID", max_length=100)
    election_name = forms.CharField(label="選挙名", max_length=200, required=False)
    kind = forms.CharField(label="種類", required=False)
    scope = forms.CharField(label="範囲", required=False)
    prefecture = forms.CharField(label="都道府県", required=False)
    municipality = forms.CharField(label="市区町村", max_length=60, required=False)
    vote_date = forms.DateField(label="投票日", required=False, input_formats=["%Y-%m-%d"])
    notice_date = forms.DateField(label="告示日", required=False, input_formats=["%Y-%m-%d"])
    seats = forms.IntegerField(label="定数", required=False, min_value=1)
    turnout = forms.DecimalField(
        label="投票率", required=False, min_value=0, max_value=100, max_digits=5, decimal_places=2
    )
    politician_external_id = forms.RegexField(
        label="政治家の外部ID",
        required=False,
        max_length=200,
        regex=r"^[a-z][a-z0-9_]*:\S.*$",
        error_messages={"invalid": "「種類:値」の形式で入力してください（例：demo:demo-00001）。"},
    )
    politician_prefecture = forms.CharField(label="政治家の都道府県", required=False)
    party = forms.CharField(label="政党", max_length=100, required=False)
    district = forms.CharField(label="選挙区", max_length=100, required=False)
    votes = forms.IntegerField(label="得票数", required=False, min_value=0)
    rank = forms.IntegerField(label="順位", required=False, min_value=1, max_value=32767)
    elected = forms.CharField(label="当落", required=False)

    def clean_kind(self) -> str:
        return self._coded("kind", ElectionKind.choices, "種類")

    def clean_scope(self) -> str:
        return self._coded("scope", ElectionScope.choices, "範囲")

    def _coded(self, name: str, choices: Iterable[tuple[str, str]], label: str) -> str:
        value: str = self.cleaned_data[name]
        if not value:
            return ""
        code = choice_by_code_or_label(choices, value)
        if code is None:
            names = "、".join(f"{c}（{lb}）" for c, lb in choices)
            raise forms.ValidationError(f"{label}「{value}」は使えません。{names} のいずれかです。")
        return code

    def clean_prefecture(self) -> int | None:
        return self._prefecture("prefecture")

    def clean_politician_prefecture(self) -> int | None:
        return self._prefecture("politician_prefecture")

    def _prefecture(self, name: str) -> int | None:
        value: str = self.cleaned_data[name]
        code = parse_prefecture(value)
        if value and code is None:
            raise forms.ValidationError(f"「{value}」は都道府県として認識できません。")
        return code

    def clean_elected(self) -> bool | None:
        value: str = self.cleaned_data["elected"].strip().lower()
        if not value:
            return None
        if value not in ELECTED_WORDS:
            raise forms.ValidationError("当落は「当選」「落選」（または true/false、1/0）です。")
        return ELECTED_WORDS[value]

    @property
    def has_candidate(self) -> bool:
        return any(self.cleaned_data.get(name) not in (None, "") for name in CANDIDATE_COLUMNS)


@dataclass
class NewPolitician:
    """A politician the import creates (only with --create-politicians)."""

    key: tuple[Any, ...]
    fields: dict[str, Any]
    instance: Politician | None = None


@dataclass
class ElectionPlan:
    external_id: str
    line: int
    values: dict[str, Any] = field(default_factory=dict)
    existing: Election | None = None
    districts: list[str] = field(default_factory=list)


@dataclass
class CandidacyPlan:
    line: int
    election_external_id: str
    politician: Politician | NewPolitician
    values: dict[str, Any]


@dataclass
class ImportPlan:
    elections: dict[str, ElectionPlan] = field(default_factory=dict)
    candidacies: list[CandidacyPlan] = field(default_factory=list)
    new_politicians: dict[tuple[Any, ...], NewPolitician] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    rows: int = 0


def plan_import(lines: Iterable[str], *, create_politicians: bool = False) -> ImportPlan:
    """Validate every row of the CSV text; the plan's errors name their CSV line."""
    plan = ImportPlan()
    reader = csv.DictReader(lines)
    header_errors = _check_header(reader.fieldnames)
    if header_errors:
        plan.errors += header_errors
        return plan
    planner = _Planner(plan, create_politicians=create_politicians)
    for row in reader:
        plan.rows += 1
        try:
            planner.add_row(reader.line_num, row)
        except RowError as error:
            plan.errors.append(f"{reader.line_num}行目: {error}")
    planner.check_new_elections()
    return plan


def _check_header(fieldnames: Iterable[str] | None) -> list[str]:
    if not fieldnames:
        return ["1行目: 見出し行がありません。"]
    names = [name.strip() for name in fieldnames]
    errors = [f"1行目: 不明な列「{name}」があります。" for name in names if name not in COLUMNS]
    if "election_external_id" not in names:
        errors.append("1行目: 必須の列「election_external_id」がありません。")
    return errors


class _Planner:
    def __init__(self, plan: ImportPlan, *, create_politicians: bool) -> None:
        self.plan = plan
        self.create_politicians = create_politicians
        self.parties = PartyIndex(Party.objects.all())
        self.seen: set[tuple[str, Any]] = set()

    def add_row(self, line: int, row: dict[str, Any]) -> None:
        if None in row:
            raise RowError("列の数が見出し行より多くなっています。")
        form = CandidacyRowForm({key.strip(): (value or "").strip() for key, value in row.items()})
        if not form.is_valid():
            raise RowError(form_errors(form))
        data = form.cleaned_data
        election = self.merge_election(line, data)
        if form.has_candidate:
            self.add_candidacy(line, data, election)

    def merge_election(self, line: int, data: dict[str, Any]) -> ElectionPlan:
        external_id = data["election_external_id"]
        election = self.plan.elections.get(external_id)
        if election is None:
            existing = Election.objects.filter(external_id=external_id).first()
            election = ElectionPlan(external_id, line, existing=existing)
            self.plan.elections[external_id] = election
        for name in ELECTION_FIELDS:
            value = data.get(name)
            if value in (None, ""):
                continue
            earlier = election.values.setdefault(name, value)
            if earlier != value:
                raise RowError(
                    f"{CandidacyRowForm.base_fields[name].label}が同じ選挙の前の行と異なります"
                    f"（「{earlier}」と「{value}」）。"
                )
        return election

    def add_candidacy(self, line: int, data: dict[str, Any], election: ElectionPlan) -> None:
        politician = self.resolve_politician(data)
        identity = (election.external_id, _identity(politician))
        if identity in self.seen:
            raise RowError("同じ選挙に同じ候補者の行がすでにあります。")
        self.seen.add(identity)
        values: dict[str, Any] = {
            name: data[name] for name in ("district", "votes", "rank", "elected")
        }
        if data["party"]:
            values["party"] = self.parties.find(data["party"])
        if data["district"] and data["district"] not in election.districts:
            election.districts.append(data["district"])
        self.plan.candidacies.append(CandidacyPlan(line, election.external_id, politician, values))

    def resolve_politician(self, data: dict[str, Any]) -> Politician | NewPolitician:
        for found in _politician_matches(data):
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise RowError(
                    "該当する政治家が複数います。politician_external_id か wikidata_id で指定してください。"
                )
        if not (data["family_name"] and data["family_name_kana"]):
            raise RowError(
                "候補者を特定できません。politician_external_id、wikidata_id、"
                "または姓・名とよみがな（family_name・family_name_kana など）を入力してください。"
            )
        if not self.create_politicians:
            raise RowError(
                f"政治家「{data['family_name']}{data['given_name']}」が見つかりません"
                "（新しく登録するには --create-politicians を付けてください）。"
            )
        return self.new_politician(data)

    def new_politician(self, data: dict[str, Any]) -> NewPolitician:
        key = _name_key(data)
        if key not in self.plan.new_politicians:
            external_ids = {}
            if data["politician_external_id"]:
                scheme, value = data["politician_external_id"].split(":", 1)
                external_ids[scheme] = value
            fields = {
                "family_name": data["family_name"],
                "given_name": data["given_name"],
                "family_name_kana": data["family_name_kana"],
                "given_name_kana": data["given_name_kana"],
                "prefecture": data["politician_prefecture"],
                "office": OfficeKind.FORMER,
                "wikidata_id": data["wikidata_id"],
                "external_ids": external_ids,
            }
            self.plan.new_politicians[key] = NewPolitician(key, fields)
        return self.plan.new_politicians[key]

    def check_new_elections(self) -> None:
        for election in self.plan.elections.values():
            merged = _merged_election_values(election)
            if election.existing is None:
                missing = [
                    label for name, label in REQUIRED_FOR_NEW.items() if not merged.get(name)
                ]
                if missing:
                    self.plan.errors.append(
                        f"{election.line}行目: 新しい選挙「{election.external_id}」に"
                        f"{'・'.join(missing)}がありません。"
                    )
                    continue
            notice, vote = merged.get("notice_date"), merged.get("vote_date")
            if notice and vote and notice > vote:
                self.plan.errors.append(
                    f"{election.line}行目: 告示日が投票日より後になっています（{election.external_id}）。"
                )
        self.plan.errors.sort(key=lambda message: int(message.split("行目", 1)[0]))


def _merged_election_values(election: ElectionPlan) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    if election.existing is not None:
        existing = election.existing
        merged = {"notice_date": existing.notice_date, "vote_date": existing.vote_date}
    return merged | election.values


def _politician_matches(data: dict[str, Any]) -> Iterable[list[Politician]]:
    """Candidate lists to try in order: external id, Wikidata id, then name and reading."""
    if data["politician_external_id"]:
        scheme, value = data["politician_external_id"].split(":", 1)
        yield list(
            Politician.objects.alias(external=KeyTransform(scheme, "external_ids")).filter(
                external=value
            )[:2]
        )
    if data["wikidata_id"]:
        yield list(Politician.objects.filter(wikidata_id=data["wikidata_id"])[:2])
    if data["family_name"] and data["family_name_kana"]:
        yield politicians_named(data, prefecture=data["politician_prefecture"])


def politicians_named(data: dict[str, Any], *, prefecture: int | None) -> list[Politician]:
    """Up to two politicians with the row's name and reading (and prefecture, when given)."""
    by_name = Politician.objects.filter(
        family_name=data["family_name"],
        given_name=data["given_name"],
        family_name_kana=data["family_name_kana"],
        given_name_kana=data["given_name_kana"],
    )
    if prefecture:
        by_name = by_name.filter(prefecture=prefecture)
    return list(by_name[:2])


def _name_key(data: dict[str, Any]) -> tuple[Any, ...]:
    if data["politician_external_id"]:
        return ("external", data["politician_external_id"])
    if data["wikidata_id"]:
        return ("wikidata", data["wikidata_id"])
    names = ("family_name", "given_name", "family_name_kana", "given_name_kana")
    return ("name", *(data[n] for n in names), data["politician_prefecture"])


def _identity(politician: Politician | NewPolitician) -> Any:
    return politician.pk if isinstance(politician, Politician) else politician.key


def form_errors(form: forms.Form) -> str:
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts += [f"{label}: {message}" if label else str(message) for message in errors]
    return " / ".join(parts)


class PartyIndex:
    """Parties by name, short name or slug, loaded once for the whole file."""

    def __init__(self, parties: Iterable[Party]) -> None:
        self.by_key: dict[str, list[Party]] = {}
        for party in parties:
            for key in {party.name, party.short_name, party.slug} - {""}:
                self.by_key.setdefault(unicodedata.normalize("NFKC", key), []).append(party)

    def find(self, value: str) -> Party | None:
        if value == INDEPENDENT:
            return None
        found = self.by_key.get(unicodedata.normalize("NFKC", value), [])
        if len(found) == 1:
            return found[0]
        if found:
            raise RowError(
                f"政党「{value}」に当たる政党が複数あります。正式名称で指定してください。"
            )
        raise RowError(f"政党「{value}」は登録されていません（無所属は「{INDEPENDENT}」）。")


def add_csv_arguments(parser: CommandParser) -> None:
    """The file, --dry-run and --encoding arguments of the CSV import commands."""
    parser.add_argument("file", help="CSV ファイル（1行目は列名）")
    parser.add_argument(
        "--dry-run", action="store_true", help="検査と件数の表示だけを行い、書き込まない"
    )
    parser.add_argument(
        "--encoding",
        default="utf-8-sig",
        help="文字コード（既定: utf-8-sig。Excel なら cp932）",
    )


class CsvPlan(Protocol):
    errors: list[str]
    rows: int


PlanT = TypeVar("PlanT", bound=CsvPlan)


def run_csv_import(
    *,
    path: Path,
    encoding: str,
    dry_run: bool,
    make_plan: Callable[[TextIO], PlanT],
    apply: Callable[[PlanT], Counter[str]],
    stderr: OutputWrapper,
) -> tuple[PlanT, Counter[str]]:
    """What the CSV import commands share: read and check the whole file, then write it
    in one transaction (rolled back for a dry run). Every failure is a CommandError."""
    try:
        with path.open(encoding=encoding, newline="") as stream:
            plan = make_plan(stream)
    except FileNotFoundError as error:
        raise CommandError(f"ファイルが見つかりません: {path}") from error
    except (UnicodeDecodeError, LookupError) as error:
        raise CommandError(
            f"文字コード {encoding} として読めません。--encoding を確かめてください（{error}）。"
        ) from error
    if plan.errors:
        for message in plan.errors:
            stderr.write(message)
        raise CommandError(
            f"{len(plan.errors)}件の問題があるため、何も取り込みませんでした（{plan.rows}行）。"
        )
    try:
        with transaction.atomic():
            counts = apply(plan)
            if dry_run:
                transaction.set_rollback(True)
    except (RowError, DatabaseError, ValidationError) as error:
        raise CommandError(f"書き込みに失敗したため、何も取り込みませんでした: {error}") from error
    return plan, counts
