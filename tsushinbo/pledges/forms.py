"""Forms for adding and editing pledges and for progress reports (Japanese messages)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone

from tsushinbo.elections.models import Candidacy, Election, ElectionScope
from tsushinbo.lib.fields import WebURLField
from tsushinbo.pledges.actions import REPORT_STATUSES, Evidence, PledgeContent
from tsushinbo.pledges.models import Category, Pledge, ProgressStatus
from tsushinbo.pledges.queries import similar_pledges
from tsushinbo.politicians.models import Party, Politician

WEB_URL_MESSAGE = "http:// または https:// で始まるURLを入力してください。"
DATE_MESSAGE = "日付は 2026-03-31 のように「年-月-日」の形で入力してください。"
PERCENT_MESSAGE = "進捗率は0から100までの整数で入力してください。"
BODY_MAX_LENGTH = 10000
NOTE_MAX_LENGTH = 2000
EVIDENCE_ROWS = 3


class WebURLFormField(forms.URLField):
    """http(s) only, one Japanese message; a bare host name becomes https://."""

    default_validators = list(WebURLField.default_validators)
    default_error_messages = {"invalid": WEB_URL_MESSAGE}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(assume_scheme="https", max_length=500, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ElectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        day: datetime.date = obj.vote_date
        return f"{obj.name}（{day.year}年{day.month}月{day.day}日）"


def election_choices(
    politician: Politician | None, party: Party | None, current: int | None = None
) -> Any:
    """Elections the owner stood in (a politician) or national ones (a party)."""
    if politician is not None:
        owned = Q(pk__in=Candidacy.objects.filter(politician=politician).values("election_id"))
    else:
        owned = Q(scope=ElectionScope.NATIONAL, candidacies__party=party)
    if current is not None:
        owned |= Q(pk=current)
    return Election.objects.filter(owned).distinct().order_by("-vote_date", "-id")


class PledgeForm(forms.Form):
    title = forms.CharField(
        label="タイトル",
        max_length=200,
        error_messages={
            "required": "タイトルを入力してください。",
            "max_length": "タイトルは200文字以内で入力してください。",
        },
    )
    body = forms.CharField(
        label="内容",
        required=False,
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="公約・政策の内容を、出典に書かれているとおりに要約してください。",
        error_messages={"max_length": f"内容は{BODY_MAX_LENGTH}文字以内で入力してください。"},
    )
    categories = forms.ModelMultipleChoiceField(
        label="分野",
        queryset=Category.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "分野の指定が正しくありません。"},
    )
    source_url = WebURLFormField(
        label="出典URL",
        help_text="この公約・政策が示されたページ（選挙公報、公式サイト、報道など）。",
        error_messages={
            "required": "出典URL（公約・政策が示されたページ）を入力してください。",
            "max_length": "URLは500文字以内で入力してください。",
        },
    )
    election = ElectionChoiceField(
        label="選挙",
        queryset=Election.objects.none(),
        required=False,
        empty_label="（選挙を指定しない）",
        error_messages={"invalid_choice": "選挙の指定が正しくありません。"},
    )
    deadline = forms.DateField(
        label="期限",
        required=False,
        widget=DateInput(),
        help_text="期限が示されている場合のみ。",
        error_messages={"invalid": DATE_MESSAGE},
    )

    def __init__(
        self,
        data: Any = None,
        *,
        politician: Politician | None = None,
        party: Party | None = None,
        pledge: Pledge | None = None,
    ) -> None:
        initial = _initial_for(pledge) if pledge is not None else None
        super().__init__(data, initial=initial)
        field = self.fields["election"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = election_choices(
            politician, party, pledge.election_id if pledge is not None else None
        )

    def content(self) -> PledgeContent:
        data = self.cleaned_data
        return PledgeContent(
            title=data["title"],
            body=data["body"],
            source_url=data["source_url"],
            categories=list(data["categories"]),
            election=data["election"],
            deadline=data["deadline"],
        )


def _initial_for(pledge: Pledge) -> dict[str, Any]:
    return {
        "title": pledge.title,
        "body": pledge.body,
        "categories": [category.pk for category in pledge.categories.all()],
        "source_url": pledge.source_url,
        "election": pledge.election_id,
        "deadline": pledge.deadline,
    }


class AddPledgeForm(PledgeForm):
    """Asks for a confirmation when the owner already has a pledge with a similar title."""

    confirm_not_duplicate = forms.BooleanField(
        label="表示された公約・政策とは別のものであることを確認しました",
        required=False,
    )

    def __init__(
        self, data: Any = None, *, politician: Politician | None = None, party: Party | None = None
    ) -> None:
        super().__init__(data, politician=politician, party=party)
        self.owner_ids = (
            politician.pk if politician else None,
            party.pk if party else None,
        )
        self.similar: list[Pledge] = []

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        title = cleaned.get("title")
        if title and not cleaned.get("confirm_not_duplicate"):
            politician_id, party_id = self.owner_ids
            self.similar = similar_pledges(
                title=title, politician_id=politician_id, party_id=party_id
            )
            if self.similar:
                raise forms.ValidationError(
                    "似たタイトルの公約・政策がすでに登録されています。"
                    "同じものでないか確認し、別のものなら確認欄にチェックを入れて、もう一度登録してください。"
                )
        return cleaned


class EditPledgeForm(PledgeForm):
    summary = forms.CharField(
        label="編集の要約",
        max_length=200,
        help_text="何を、なぜ変えたか（例：出典を公式サイトのページに変更）。履歴に公開されます。",
        error_messages={
            "required": "編集の要約を入力してください。",
            "max_length": "編集の要約は200文字以内で入力してください。",
        },
    )


class ProgressReportForm(forms.Form):
    """Status, percent, a note and up to EVIDENCE_ROWS dated evidence URLs."""

    status = forms.ChoiceField(
        label="進捗状況",
        choices=[("", "選んでください"), *((v, ProgressStatus(v).label) for v in REPORT_STATUSES)],
        error_messages={
            "required": "進捗状況を選んでください。",
            "invalid_choice": "進捗状況の指定が正しくありません。",
        },
    )
    percent = forms.IntegerField(
        label="進捗度・達成度（%）",
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "進捗率（0〜100）を入力してください。",
            "invalid": PERCENT_MESSAGE,
            "min_value": PERCENT_MESSAGE,
            "max_value": PERCENT_MESSAGE,
        },
    )
    note = forms.CharField(
        label="説明",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="根拠から分かること（例：2025年度予算に関連経費が計上された）。",
        error_messages={"max_length": f"説明は{NOTE_MAX_LENGTH}文字以内で入力してください。"},
    )

    def __init__(self, data: Any = None) -> None:
        super().__init__(data)
        for index in range(1, EVIDENCE_ROWS + 1):
            self.fields[f"evidence_url_{index}"] = WebURLFormField(
                label=f"根拠のURL（{index}）",
                required=False,
                error_messages={"max_length": "URLは500文字以内で入力してください。"},
            )
            self.fields[f"evidence_date_{index}"] = forms.DateField(
                label=f"根拠の日付（{index}）",
                required=False,
                widget=DateInput(),
                error_messages={"invalid": DATE_MESSAGE},
            )

    @property
    def evidence_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"evidence_url_{index}"], self[f"evidence_date_{index}"])
            for index in range(1, EVIDENCE_ROWS + 1)
        ]

    @property
    def main_fields(self) -> list[forms.BoundField]:
        return [self["status"], self["percent"], self["note"]]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        complete = 0
        for index in range(1, EVIDENCE_ROWS + 1):
            url_name, date_name = f"evidence_url_{index}", f"evidence_date_{index}"
            if url_name in self.errors or date_name in self.errors:
                continue
            url, date = cleaned.get(url_name), cleaned.get(date_name)
            if url and not date:
                self.add_error(date_name, "この根拠の日付（いつの情報か）を入力してください。")
            elif date and not url:
                self.add_error(url_name, "この日付の根拠となるURLを入力してください。")
            elif date and date > timezone.localdate():
                self.add_error(date_name, "根拠の日付に未来の日付は指定できません。")
            elif url and date:
                complete += 1
        if complete == 0 and not any(name.startswith("evidence_") for name in self.errors):
            raise forms.ValidationError("根拠のURLと日付を1件以上入力してください。")
        return cleaned

    def evidence(self) -> list[Evidence]:
        rows = []
        for index in range(1, EVIDENCE_ROWS + 1):
            url = self.cleaned_data.get(f"evidence_url_{index}")
            date = self.cleaned_data.get(f"evidence_date_{index}")
            if url and date:
                rows.append(Evidence(url=url, date=date))
        return rows


class DecisionForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=200, required=False)


class RequiredReasonForm(forms.Form):
    reason = forms.CharField(
        label="理由",
        max_length=200,
        error_messages={
            "required": "理由を入力してください。",
            "max_length": "理由は200文字以内で入力してください。",
        },
    )
