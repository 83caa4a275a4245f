from __future__ import annotations

from django import forms

from jahesh.core.models import AuditKind


class CodeForm(forms.Form):
    code = forms.CharField(
        label="کد",
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr"}
        ),
        error_messages={"required": "کد را بنویسید."},
    )


class PolicyForm(forms.Form):
    require_two_factor = forms.BooleanField(
        label="ورود دومرحله‌ای برای مدیران و ناشران این شهرداری الزامی باشد", required=False
    )


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="گونه", required=False, choices=[("", "همه گونه‌ها"), *AuditKind.choices]
    )
    person = forms.ChoiceField(label="کاربر", required=False)

    def __init__(self, *args: object, people: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["person"].choices = [("", "همه کاربران"), *((p, p) for p in people)]  # type: ignore[attr-defined]
