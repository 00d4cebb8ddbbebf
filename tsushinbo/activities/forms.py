from __future__ import annotations

from typing import Any

from django import forms

from tsushinbo.activities.models import ActivityReport
from tsushinbo.pledges.models import Pledge
from tsushinbo.politicians.models import Politician

# The newest pledges offered as links; older ones are rarely what a new report is about.
PLEDGE_CHOICES = 200


class ReportForm(forms.ModelForm):
    class Meta:
        model = ActivityReport
        fields = ["title", "date", "body", "source_url", "pledges"]
        labels = {"pledges": "この活動に関係する公約（任意）"}
        help_texts = {
            "title": "何をした・言ったのかが分かる見出し。",
            "body": "HTML は使えません。空行で段落が分かれ、http(s) のURLはリンクになります。",
            "source_url": "議事録・公式サイト・報道など、この活動を確かめられるページ。",
            "pledges": "選んだ公約のページに「…を実現するために以下の活動を行いました」として表示されます。",
        }
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "body": forms.Textarea(attrs={"rows": 10}),
            "pledges": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "title": {"required": "タイトルを入力してください。"},
            "date": {
                "required": "活動日を入力してください。",
                "invalid": "活動日は 2026-04-01 の形式で入力してください。",
            },
            "body": {"required": "本文を入力してください。"},
        }

    def __init__(
        self, *args: Any, politician: Politician, source_required: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        pledges = Pledge.objects.visible().filter(politician=politician).newest_first()
        field = self.fields["pledges"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = pledges[:PLEDGE_CHOICES] if not self.is_bound else pledges
        self.fields["source_url"].required = source_required
        self.fields["source_url"].error_messages["required"] = (
            "出典URLを入力してください（ご本人の投稿では任意です）。"
        )

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError("タイトルを入力してください。")
        return title
