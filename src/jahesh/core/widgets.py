"""The one Jalali date picker of the staff forms: a text input that a small script enhances.

The input still takes a typed date (Jalali or Gregorian, Persian or Latin digits), so the form
works without JavaScript. The script does no Jalali arithmetic: the widget hands it a table of
Jalali months (name, first Gregorian day, length) computed here through ``jahesh.persian``, and
the script only counts Gregorian days within that table.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django import forms
from django.templatetags.static import static
from django.utils import timezone

from jahesh import persian

# Years of months the picker can show on each side of today (and of the field's own value).
YEARS_AROUND = 2


def month_table(*, around: tuple[dt.date, ...]) -> list[list[object]]:
    """Every Jalali month of the years around the given days, oldest first, as
    ``[year, month, "آذر ۱۴۰۵", first Gregorian day ISO, length in days]``."""
    years = {
        persian.jalali_year(day) + shift for day in around for shift in range(-1, YEARS_AROUND + 1)
    }
    rows: list[list[object]] = []
    for year in range(min(years), max(years) + 1):
        for month in range(1, 13):
            first, last = persian.jalali_month_bounds(year, month)
            # «۱ آذر ۱۴۰۵» without its day is the month's name as the page shows it.
            name = persian.format_jalali(first).partition(" ")[2]
            rows.append([year, month, name, first.isoformat(), (last - first).days + 1])
    return rows


class JalaliDatePicker(forms.TextInput):
    """A text input for a Jalali date, with a keyboard-accessible calendar beside it."""

    template_name = "core/widgets/jalali_date.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "dir": "ltr",
            "inputmode": "numeric",
            "autocomplete": "off",
            "placeholder": "۱۴۰۵/۰۱/۰۱",
            "size": "12",
        }
        super().__init__({**defaults, **(attrs or {})})

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        today = timezone.localdate()
        around: tuple[dt.date, ...] = (today,)
        try:
            typed = persian.parse_date(str(value)) if value not in (None, "") else None
        except (ValueError, TypeError):
            typed = None
        if typed is not None:
            around = (today, typed)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["data-jalali-picker"] = ""
        widget_attrs["data-jalali-today"] = today.isoformat()
        widget_attrs["data-jalali-months"] = json.dumps(
            month_table(around=around), ensure_ascii=False, separators=(",", ":")
        )
        context["picker_js"] = static("core/jalali-picker.js")
        context["picker_css"] = static("core/jalali-picker.css")
        return context
