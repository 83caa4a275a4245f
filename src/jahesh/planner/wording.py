"""Small Persian wording helpers for explanations: digits, names and solar Hijri dates.

The planner may not import ``jahesh.persian``, so the few pieces it needs live here. Digits in
every planner message are Persian.
"""

from __future__ import annotations

import datetime as dt

from jahesh.planner.problem import Ceremony, Official, Wave

_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_MONTHS = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
# 1 Farvardin 1400 fell on 21 March 2021.
_ANCHOR_YEAR = 1400
_ANCHOR = dt.date(2021, 3, 21).toordinal()


def fa(value: object) -> str:
    """Return ``value`` as text with Persian digits."""
    return str(value).translate(_DIGITS)


def _is_leap(year: int) -> bool:
    # The 33-year arithmetic rule; it matches the official calendar for 1300–1500.
    return (25 * year + 11) % 33 < 8


def _year_length(year: int) -> int:
    return 366 if _is_leap(year) else 365


def solar_date(day: dt.date) -> str:
    """Return a date as «۲۲ بهمن ۱۴۰۴»."""
    offset = day.toordinal() - _ANCHOR
    year = _ANCHOR_YEAR
    while offset < 0:
        year -= 1
        offset += _year_length(year)
    while offset >= _year_length(year):
        offset -= _year_length(year)
        year += 1
    if offset < 186:
        month, day_of_month = offset // 31, offset % 31 + 1
    else:
        month, day_of_month = 6 + (offset - 186) // 30, (offset - 186) % 30 + 1
    return fa(f"{day_of_month} {_MONTHS[month]} {year}")


def ceremony_name(c: Ceremony) -> str:
    return f"آیین «{c.title or c.id}»"


def wave_name(w: Wave) -> str:
    return f"مرحلهٔ «{w.title or w.id}»"


def official_name(o: Official | None, official_id: str) -> str:
    title = o.title if o is not None and o.title else official_id
    return f"«{title}»"
