from __future__ import annotations

from django import forms

from tsushinbo.ratings.models import Polarity, Reason, VoidReason


class VoteForm(forms.Form):
    polarity = forms.ChoiceField(
        label="支持・不支持",
        choices=Polarity.choices,
        error_messages={
            "required": "支持か不支持かを選んでください。",
            "invalid_choice": "支持か不支持かを選んでください。",
        },
    )
    reason = forms.ChoiceField(
        label="理由",
        choices=Reason.choices,
        error_messages={
            "required": "理由を選んでください。",
            "invalid_choice": "理由を選んでください。",
        },
    )

    def first_error(self) -> str:
        for errors in self.errors.values():
            return str(errors[0])
        return "入力内容をご確認ください。"


class VoidBurstForm(forms.Form):
    reason = forms.ChoiceField(label="公開する理由", choices=VoidReason.choices)
    note = forms.CharField(label="メモ（監査ログのみ）", max_length=200, required=False)


class DismissBurstForm(forms.Form):
    note = forms.CharField(label="メモ（監査ログのみ）", max_length=200, required=False)
