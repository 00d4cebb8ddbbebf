"""Model fields shared by several apps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.db import models


class WebURLField(models.URLField):
    """A URL people may follow from our pages: http or https only (SPEC §5).

    Django's URLField also accepts ftp(s); forms here assume https for a bare
    host name, which is Django 6.0's default.
    """

    default_validators = [
        URLValidator(
            schemes=["http", "https"],
            message="http:// または https:// で始まるURLを入力してください。",
        )
    ]

    def formfield(self, **kwargs: Any) -> forms.Field | None:  # type: ignore[override]
        return super().formfield(**{"assume_scheme": "https", **kwargs})
