from __future__ import annotations

from typing import Any

from django import forms

from tsushinbo.surveys.actions import CHOOSE_ONE, CHOOSE_SOME, UNKNOWN_OPTION
from tsushinbo.surveys.models import Survey, SurveyOption


class AnswerForm(forms.Form):
    """The voter's choice: radio buttons, or checkboxes for a multiple-choice survey."""

    def __init__(
        self, *args: Any, survey: Survey, options: list[SurveyOption], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [(option.pk, option.label) for option in options]
        field_class = (
            forms.TypedMultipleChoiceField if survey.multiple_choice else forms.TypedChoiceField
        )
        widget = forms.CheckboxSelectMultiple if survey.multiple_choice else forms.RadioSelect
        self.fields["choice"] = field_class(
            label=survey.question,
            choices=choices,
            coerce=int,
            widget=widget,
            error_messages={
                "required": CHOOSE_SOME if survey.multiple_choice else CHOOSE_ONE,
                "invalid_choice": UNKNOWN_OPTION,
            },
        )

    @property
    def option_ids(self) -> list[int]:
        value = self.cleaned_data["choice"]
        return list(value) if isinstance(value, list) else [value]
