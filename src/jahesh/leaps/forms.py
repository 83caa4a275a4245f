"""Forms of the planning pages: a new programme and a new wave (dates typed in Jalali)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from jahesh import persian
from jahesh.leaps.models import Occasion


class JalaliDateField(forms.CharField):
    """A date typed as «۱۴۰۱/۱۱/۱۲» (Jalali) or 2023-02-01; stored Gregorian."""

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return persian.parse_date(text)
        except ValueError as exc:
            raise forms.ValidationError(f"تاریخ «{text}» خوانا نیست؛ مانند ۱۴۰۲/۰۱/۱۲.") from exc


class ProgrammeForm(forms.Form):
    name = forms.CharField(label="نام", max_length=160)
    wave_noun = forms.CharField(label="نام هر مرحله", max_length=30, initial="مرحله")
    slug = forms.SlugField(label="نامک", max_length=120, required=False, allow_unicode=True)
    started_on = JalaliDateField(label="تاریخ آغاز", required=False)


class WaveForm(forms.Form):
    start_date = JalaliDateField(label="روز نخست")
    end_date = JalaliDateField(label="روز پایانی", required=False)
    occasion = forms.ModelChoiceField(
        label="مناسبت", queryset=Occasion.objects.none(), required=False
    )
    theme = forms.CharField(label="شعار / موضوع", max_length=200, required=False)
    slots_per_day = forms.IntegerField(label="نوبت در روز", min_value=1, max_value=24, initial=6)
    min_ceremonies = forms.IntegerField(label="کمینهٔ آیین‌ها", min_value=0, initial=0)
    max_ceremonies = forms.IntegerField(label="بیشینهٔ آیین‌ها", min_value=0, initial=20)
    headline_cap = forms.IntegerField(label="سقف پروژه‌های شاخص", min_value=0, initial=3)

    def __init__(self, *args: Any, occasions: list[Occasion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["occasion"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Occasion.objects.filter(pk__in=[o.pk for o in occasions])
