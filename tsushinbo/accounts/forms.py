from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms

from tsushinbo.accounts.models import PoliticianClaim, User

HONEYPOT_FIELD = "website"
HONEYPOT_MESSAGE = "登録できませんでした。入力内容をご確認のうえ、もう一度お試しください。"


class SignupForm(AllauthSignupForm):
    display_name = forms.CharField(
        label="表示名",
        max_length=50,
        help_text="投稿とともに公開される名前です。本名でなくてもかまいません。",
    )
    # Hidden from people (and from assistive technology); bots fill it in.
    website = forms.CharField(
        label="ウェブサイト（入力しないでください）",
        required=False,
        template_name="accounts/_honeypot_field.html",  # type: ignore[call-arg]
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    field_order = ["display_name", "email", "password1", "password2", HONEYPOT_FIELD]

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError("表示名を入力してください。")
        return name

    def clean(self) -> dict[str, Any]:
        if self.data.get(HONEYPOT_FIELD):
            raise forms.ValidationError(HONEYPOT_MESSAGE, code="honeypot")
        return super().clean()


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "digest_frequency"]
        labels = {"digest_frequency": "フォロー中の政治家のお知らせメール"}
        help_texts = {
            "display_name": "投稿とともに公開される名前です。",
            "digest_frequency": "フォロー中の政治家に新しい公約などが登録されたとき、まとめてメールでお知らせします。",
        }
        widgets = {"digest_frequency": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError("表示名を入力してください。")
        return name


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="現在のパスワード",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label="退会すると元に戻せないことを理解しました",
        error_messages={"required": "確認のチェックを入れてください。"},
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("パスワードが正しくありません。")
        return password


class ClaimForm(forms.ModelForm):
    evidence_url = forms.URLField(
        label="公式ページのURL",
        max_length=500,
        assume_scheme="https",
        help_text=PoliticianClaim._meta.get_field("evidence_url").help_text,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )

    class Meta:
        model = PoliticianClaim
        fields = ["contact", "evidence_url", "note"]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"note": "モデレーターへの補足があれば記入してください（公開されません）。"}


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=200, required=False)


class RequiredReasonForm(forms.Form):
    reason = forms.CharField(
        label="理由",
        max_length=200,
        error_messages={"required": "理由を入力してください。"},
    )
