from __future__ import annotations

from typing import Any

from django import forms

from tsushinbo.moderation.models import RejectReason


class CommentForm(forms.Form):
    nickname = forms.CharField(
        label="ニックネーム",
        max_length=30,
        required=False,
        help_text="コメントとともに表示されます。本名やメールアドレスは書かないでください。",
    )
    body = forms.CharField(
        label="コメント",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "コメントを入力してください。",
            "max_length": "コメントは%(limit_value)d文字以内で入力してください。",
        },
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, anonymous: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.anonymous = anonymous
        if not anonymous:
            del self.fields["nickname"]

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("コメントを入力してください。")
        return body

    def clean_nickname(self) -> str:
        nickname = " ".join(self.cleaned_data.get("nickname", "").split())
        if self.anonymous and not nickname:
            raise forms.ValidationError("ニックネームを入力してください。")
        return nickname


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label="通報の理由",
        choices=RejectReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "通報の理由を選んでください。"},
    )
    note = forms.CharField(
        label="補足（任意・モデレーターだけが読みます）", max_length=200, required=False
    )
