"""Forms of the planning pages: a new programme, a new wave (dates typed in Jalali), and the
planning settings (numbers typed in Persian or Latin digits)."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from django import forms

from jahesh import persian
from jahesh.core.widgets import JalaliDatePicker
from jahesh.leaps.models import Occasion
from jahesh.leaps.services.settings import WEIGHT_LABELS
from jahesh.registry.models import District

# The largest value a PositiveSmallIntegerField holds on every database we support.
SMALL_INT_MAX = 32_767
_WHOLE = re.compile(r"[+-]?[0-9]{1,18}", re.ASCII)
_DECIMAL = re.compile(r"[+-]?(?:[0-9]{1,18}(?:\.[0-9]{0,12})?|\.[0-9]{1,12})", re.ASCII)


def whole_number(value: object) -> int:
    """Read a whole number typed with Latin, Persian or Arabic-Indic digits.

    Python's int() also reads Devanagari digits and «1_0», and raises on a 5,000-digit string
    in English; here only the digits a person in Iran writes pass, and at most 18 of them.
    Raise ``ValueError`` on anything else.
    """
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    text = persian.to_latin_digits(str(value).strip())
    if not _WHOLE.fullmatch(text):
        raise ValueError(text[:40])
    return int(text)


class WholeNumberField(forms.IntegerField):
    """A whole number typed in Persian, Arabic-Indic or Latin digits, bounded by its column;
    every refusal is a Persian sentence."""

    def __init__(self, *, min_value: int, max_value: int, **kwargs: Any) -> None:
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)
        self.error_messages.update(
            invalid="باید عدد درست باشد.",
            required="لازم است.",
            min_value=persian.to_persian_digits(f"کمترین مقدار {min_value} است."),
            max_value=persian.to_persian_digits(f"بیشترین مقدار {max_value} است."),
        )

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        try:
            return whole_number(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class JalaliDateField(forms.CharField):
    """A date typed as «۱۴۰۱/۱۱/۱۲» (Jalali) or 2023-02-01, or picked on the Jalali calendar;
    stored Gregorian."""

    widget = JalaliDatePicker

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dt.date):
            year, month, day = persian.jalali_date(value)
            return persian.to_persian_digits(f"{year:04d}/{month:02d}/{day:02d}")
        return value

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
    slots_per_day = WholeNumberField(label="نوبت در روز", min_value=1, max_value=24, initial=6)
    min_ceremonies = WholeNumberField(
        label="کمینهٔ آیین‌ها", min_value=0, max_value=SMALL_INT_MAX, initial=0
    )
    max_ceremonies = WholeNumberField(
        label="بیشینهٔ آیین‌ها", min_value=0, max_value=SMALL_INT_MAX, initial=20
    )
    headline_cap = WholeNumberField(
        label="سقف پروژه‌های شاخص", min_value=0, max_value=SMALL_INT_MAX, initial=3
    )

    def __init__(self, *args: Any, occasions: list[Occasion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["occasion"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Occasion.objects.filter(pk__in=[o.pk for o in occasions])


class PersianNumberField(forms.Field):
    """A number typed with Persian or Latin digits («۱۲٫۵», "12.5"); blank is None. With
    ``whole`` it must be a whole number and comes back as an int. Infinities and "nan" are
    not numbers here."""

    def __init__(self, *, invalid: str, not_whole: str = "", whole: bool = False, **kwargs: Any):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.whole = whole
        self.error_messages.update(invalid=invalid, not_whole=not_whole or invalid)

    def to_python(self, value: Any) -> float | int | None:
        text = persian.to_latin_digits(str(value or "").strip()).replace("٫", ".").replace("٬", "")
        if not text:
            return None
        # float() alone also reads "1e400", "infinity", "1_0" and Devanagari digits.
        if not _DECIMAL.fullmatch(text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        number = float(text)
        if not math.isfinite(number):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if not self.whole:
            return number
        if not number.is_integer():
            raise forms.ValidationError(self.error_messages["not_whole"], code="not_whole")
        return int(number)


def travel_field(first: District, second: District) -> str:
    """The form field of a pair of districts, the same whichever comes first."""
    a, b = sorted((first.pk, second.pk))
    return f"t-{a}-{b}"


class PlanningSettingsForm(forms.Form):
    """The planning settings page: a field per soft-rule weight (``w-<name>``), the default
    travel time, and a field per pair of the city's districts (``t-<smaller id>-<larger id>``)."""

    def __init__(self, *args: Any, districts: list[District], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in WEIGHT_LABELS.items():
            self.fields[f"w-{name}"] = PersianNumberField(invalid=f"«{label}» عدد نیست.")
        self.fields["default_travel_minutes"] = PersianNumberField(
            invalid="زمان جابه‌جایی پیش‌فرض عدد نیست."
        )
        self.pairs = [
            (first, second) for first in districts for second in districts if first.pk < second.pk
        ]
        for first, second in self.pairs:
            self.fields[travel_field(first, second)] = PersianNumberField(
                whole=True,
                invalid=f"زمان میان «{first}» و «{second}» عدد نیست.",
                not_whole=f"زمان میان «{first}» و «{second}» باید دقیقهٔ درست باشد.",
            )

    def problems(self) -> str:
        """Every error, in the order of the fields, as one Persian paragraph."""
        return " ".join(
            str(message) for name in self.fields for message in self.errors.get(name, [])
        )

    def weights(self) -> dict[str, float | None]:
        return {name: self.cleaned_data[f"w-{name}"] for name in WEIGHT_LABELS}

    def default_travel_minutes(self) -> int:
        return int(self.cleaned_data["default_travel_minutes"] or 0)

    def travel_minutes(self) -> dict[tuple[int, int], int | None]:
        return {
            (first.pk, second.pk): self.cleaned_data[travel_field(first, second)]
            for first, second in self.pairs
        }
