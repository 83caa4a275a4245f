"""Forms of the registry's staff pages, and the fields that let people enter Jalali dates while
the models keep Gregorian ``DateField``s."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from jahesh import persian
from jahesh.core.widgets import JalaliDatePicker
from jahesh.registry import selectors
from jahesh.registry.importing import MAX_FILE_BYTES
from jahesh.registry.models import Membership, MilestoneKind, Municipality, Role
from jahesh.registry.permissions import Actor


def jalali_input_value(value: dt.date) -> str:
    """The text a date field shows: the Jalali date as ``1402/03/15``, in Latin digits."""
    year, month, day = persian.jalali_date(value)
    return f"{year:04d}/{month:02d}/{day:02d}"


class FiniteJSONDecoder(json.JSONDecoder):
    """Decode JSON with finite numbers only, and turn every failure into ``JSONDecodeError``.

    Python's decoder accepts ``NaN`` and ``Infinity``, reads ``1e400`` as infinity (which no
    database stores as JSON), and raises ``RecursionError`` or a bare ``ValueError`` (a huge
    integer) where Django's JSON form field only catches ``JSONDecodeError``: each was a 500.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("parse_constant", _refuse_constant)
        kwargs.setdefault("parse_float", _finite_float)
        super().__init__(**kwargs)

    def decode(self, s: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().decode(s, *args, **kwargs)
        except json.JSONDecodeError:
            raise
        except (ValueError, RecursionError) as exc:
            raise json.JSONDecodeError(str(exc) or type(exc).__name__, s, 0) from exc


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text[:20]} is too large")
    return number


class GeoJSONField(forms.JSONField):
    """A JSON box that stays empty, instead of showing ``null``, when there is no shape."""

    default_error_messages = {  # noqa: RUF012 - Django merges this class attribute per field
        "invalid": ("هندسه باید JSON درست باشد: عددهای متناهی (نه NaN یا 1e400) و تودرتویی اندک."),
    }

    def __init__(self, **kwargs: Any) -> None:
        # The model field passes its own decoder, None by default.
        if kwargs.get("decoder") is None:
            kwargs["decoder"] = FiniteJSONDecoder
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return "" if value is None else super().prepare_value(value)


class JalaliDateField(forms.Field):
    """Show a Gregorian date as Jalali; accept Jalali or Gregorian, Persian or Latin digits.

    ``clean`` returns a ``datetime.date`` (Gregorian), so the model and the services never see
    Jalali values.
    """

    default_error_messages = {  # noqa: RUF012 - Django merges this class attribute per field
        "invalid": "تاریخ را به شکل ۱۴۰۲/۰۳/۱۵ بنویسید.",
    }

    def __init__(self, *, admin: bool = True, **kwargs: Any) -> None:
        # One picker everywhere, the admin's pages and the staff pages alike; ``admin`` stays
        # for the callers that still name it.
        del admin
        kwargs.setdefault("widget", JalaliDatePicker)
        kwargs.setdefault("help_text", "تاریخ خورشیدی، مانند ۱۴۰۲/۰۳/۱۵")
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return jalali_input_value(value)
        return value

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return persian.parse_date(str(value))
        except (ValueError, TypeError) as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc


class ProjectImportForm(forms.Form):
    """A projects file for one of the cities where the user may import (editor or above)."""

    municipality = forms.ModelChoiceField(
        label="شهرداری",
        queryset=Municipality.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "این شهرداری در فهرست شهرهای شما نیست."},
    )
    file = forms.FileField(
        label="فایل پروژه‌ها (XLSX یا CSV)",
        error_messages={"required": "فایلی برگزینید.", "empty": "فایل خالی است."},
    )
    dry_run = forms.BooleanField(
        label="فقط بررسی شود (چیزی ذخیره نشود)", required=False, initial=True
    )

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = selectors.municipality_list_for(user, minimum=Role.EDITOR)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            limit = persian.to_persian_digits(str(MAX_FILE_BYTES // (1024 * 1024)))
            raise forms.ValidationError(f"فایل بزرگ‌تر از {limit} مگابایت است.")
        return upload


class MembershipAddForm(forms.ModelForm):  # type: ignore[type-arg]
    """A new role is given by typing the person's username: a list of every account on the site
    would show a city's admin the people of every other city."""

    username = forms.CharField(
        label="نام کاربری",
        max_length=150,
        help_text="نام کاربری کسی که این نقش را می‌گیرد، همان که با آن وارد می‌شود.",
    )

    class Meta:
        model = Membership
        fields = ("municipality", "role")

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(f"کاربر فعالی با نام کاربری «{username}» نیست.")
        self.cleaned_data["user"] = user
        return username


PHOTO_SLOTS = 3


class ProgressUpdateForm(forms.Form):
    """One progress update with up to three photos, each with its alt text; the rules (range,
    future dates, going backwards, what a photo may be) are the service's."""

    reported_on = JalaliDateField(
        label="تاریخ گزارش", error_messages={"required": "تاریخ را بنویسید."}
    )
    physical_progress_pct = forms.CharField(
        label="پیشرفت فیزیکی (درصد)",
        max_length=8,
        error_messages={"required": "درصد پیشرفت را بنویسید."},
    )
    note = forms.CharField(
        label="یادداشت",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="اگر پیشرفت از گزارش پیشین کمتر است، دلیل آن را بنویسید.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for slot in range(1, PHOTO_SLOTS + 1):
            self.fields[f"photo_{slot}"] = forms.FileField(
                label=f"عکس {persian.to_persian_digits(str(slot))}", required=False
            )
            self.fields[f"alt_{slot}"] = forms.CharField(
                label=f"متن جایگزین عکس {persian.to_persian_digits(str(slot))}",
                required=False,
                max_length=300,
                help_text="آنچه در عکس دیده می‌شود، برای کسی که آن را نمی‌بیند.",
            )

    def clean_physical_progress_pct(self) -> int:
        text = persian.to_latin_digits(self.cleaned_data["physical_progress_pct"]).strip()
        text = text.rstrip("%٪").strip()
        if not text.lstrip("-").isdigit():
            raise forms.ValidationError("درصد پیشرفت را با عدد بنویسید، مانند ۴۵.")
        return int(text)

    def photo_slots(self) -> list[tuple[Any, str]]:
        """The (uploaded file, alt text) pairs the person filled in."""
        return [
            (self.cleaned_data[f"photo_{slot}"], self.cleaned_data.get(f"alt_{slot}", ""))
            for slot in range(1, PHOTO_SLOTS + 1)
            if self.cleaned_data.get(f"photo_{slot}")
        ]


class MilestoneForm(forms.Form):
    kind = forms.ChoiceField(label="گونه گام", choices=MilestoneKind.choices)
    title = forms.CharField(
        label="عنوان", required=False, max_length=200, help_text="برای گونه «دیگر» لازم است."
    )
    date = JalaliDateField(label="تاریخ", error_messages={"required": "تاریخ را بنویسید."})
