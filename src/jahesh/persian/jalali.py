"""Jalali (Solar Hijri) dates: formatting in Tehran time and parsing what people type."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo

import jdatetime

from jahesh.persian.digits import to_latin_digits, to_persian_digits
from jahesh.persian.letters import ZWNJ, fold_publish

# Iran has kept +03:30 all year since 2022; the system tz database must be 2022b or newer.
TEHRAN = ZoneInfo("Asia/Tehran")
MONTHS = (
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
WEEKDAYS = ("شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه")
# Years from which a typed year is read as Gregorian (parse_date).
GREGORIAN_FROM_YEAR = 1700

Pattern = Literal["date", "datetime", "short", "month", "weekday"]
PATTERNS: tuple[Pattern, ...] = ("date", "datetime", "short", "month", "weekday")

_MONTH_NUMBERS = {name: number for number, name in enumerate(MONTHS, start=1)}
_MONTH_NUMBERS.update({"امرداد": 5, "مردادماه": 5})
_NUMERIC = re.compile(r"(\d{1,4})\s*([/\-.])\s*(\d{1,2})\s*\2\s*(\d{1,4})")
_WORDS = re.compile(r"(\d{1,2})\s+(\S+?)(?:\s*ماه)?\s+(\d{3,4})")
_WEEKDAY_PREFIX = re.compile(
    "^(?:" + "|".join(w.replace(ZWNJ, f"[{ZWNJ} ]?") for w in WEEKDAYS) + r")[\s،,]+"
)


class JalaliDate(NamedTuple):
    """A day of the Jalali calendar as numbers: ``JalaliDate(1402, 4, 3)`` is 3 Tir 1402."""

    year: int
    month: int
    day: int


@lru_cache(maxsize=4096)
def _jalali_day(value: dt.date) -> tuple[int, int, int, int]:
    """(year, month, day, weekday from Saturday) of a Gregorian day; pages show the same few
    hundred days over and over, so each is converted once."""
    j = jdatetime.date.fromgregorian(date=value)
    return j.year, j.month, j.day, j.weekday()


def format_jalali(value: dt.date | dt.datetime, pattern: str = "date") -> str:
    """Show a Gregorian date or datetime as a Jalali one, with Persian digits.

    Patterns: ``date`` «۳ تیر ۱۴۰۲», ``datetime`` «۳ تیر ۱۴۰۲ ساعت ۱۲:۳۱», ``short``
    «۱۴۰۲/۰۴/۰۳», ``month`` «تیر ۱۴۰۲», ``weekday`` «شنبه ۳ تیر ۱۴۰۲». An aware datetime is
    shown in Asia/Tehran; a naive one is taken as Tehran time. A date shown with ``datetime``
    has no time to show and prints as ``date``. Raises ValueError (Persian message) for an
    unknown pattern or a date the Jalali calendar cannot show (before 622).
    """
    if pattern not in PATTERNS:
        raise ValueError(f"الگوی تاریخ «{pattern}» شناخته نیست.")
    local: dt.datetime | None = None
    try:
        if isinstance(value, dt.datetime):
            # A naive datetime is taken to be Tehran wall-clock time already.
            local = value.astimezone(TEHRAN) if value.tzinfo is not None else value
        year, month_number, day, weekday = _jalali_day(local.date() if local else value)
    except (ValueError, OverflowError):
        raise ValueError(
            f"تاریخ {value.isoformat()} بیرون از بازه‌ی تقویم جلالی (از سال ۶۲۲ میلادی) است."
        ) from None
    month = MONTHS[month_number - 1]
    if pattern == "short":
        text = f"{year:04d}/{month_number:02d}/{day:02d}"
    elif pattern == "month":
        text = f"{month} {year}"
    elif pattern == "weekday":
        text = f"{WEEKDAYS[weekday]} {day} {month} {year}"
    elif pattern == "datetime" and local is not None:
        text = f"{day} {month} {year} ساعت {local.hour:02d}:{local.minute:02d}"
    else:
        text = f"{day} {month} {year}"
    return to_persian_digits(text)


def jalali_date(value: dt.date) -> JalaliDate:
    """Return the Jalali year, month and day of a Gregorian date (a datetime's own date part).

    Raises ValueError (Persian message) for a date before the Jalali calendar (622).
    """
    day = value.date() if isinstance(value, dt.datetime) else value
    try:
        year, month, day_of_month, _weekday = _jalali_day(day)
    except (ValueError, OverflowError):
        raise ValueError(
            f"تاریخ {day.isoformat()} بیرون از بازه‌ی تقویم جلالی (از سال ۶۲۲ میلادی) است."
        ) from None
    return JalaliDate(year, month, day_of_month)


def jalali_year(value: dt.date) -> int:
    """Return the Jalali year a Gregorian day falls in.

    Give it the day in Tehran (Django's ``timezone.localdate()``), not the server's: the two
    differ in the hours around the Nowruz moment.
    """
    return jalali_date(value).year


def _invalid(text: str, why: str) -> ValueError:
    return ValueError(f"تاریخ «{text}» درست نیست: {why}")


def _month_length(year: int, month: int) -> int:
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if jdatetime.date(year, 1, 1).isleap() else 29


def _why_not_a_day(year: int, month: int, day: int) -> str | None:
    """The Persian reason a Jalali year, month and day name no day, or None when they do."""
    if not 1 <= month <= 12:
        return "ماه باید از ۱ تا ۱۲ باشد."
    if not jdatetime.MINYEAR <= year <= jdatetime.MAXYEAR:
        return to_persian_digits(
            f"سال جلالی باید میان {jdatetime.MINYEAR} و {jdatetime.MAXYEAR} باشد."
        )
    length = _month_length(year, month)
    if 1 <= day <= length:
        return None
    if month == 12 and day == 30:
        return to_persian_digits(f"سال {year} کبیسه نیست و اسفند آن ۲۹ روز دارد.")
    return to_persian_digits(f"{MONTHS[month - 1]} {length} روز دارد.")


def jalali_to_gregorian(year: int, month: int, day: int) -> dt.date:
    """Return the Gregorian date of a Jalali year, month and day.

    Raises ValueError with a Persian message naming what is wrong for a day that does not exist
    (Esfand 30 of a common year, Mehr 31, month 13).
    """
    why = _why_not_a_day(year, month, day)
    if why is not None:
        raise _invalid(to_persian_digits(f"{year:04d}/{month:02d}/{day:02d}"), why)
    gregorian: dt.date = jdatetime.date(year, month, day).togregorian()
    return gregorian


def jalali_month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """Return the first and the last Gregorian day of a Jalali month.

    Raises ValueError (Persian message) for a month that does not exist.
    """
    first = jalali_to_gregorian(year, month, 1)
    return first, first + dt.timedelta(days=_month_length(year, month) - 1)


def jalali_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """Return the first Gregorian day of a Jalali year (Nowruz) and its last (Esfand 29 or 30)."""
    return jalali_to_gregorian(year, 1, 1), jalali_month_bounds(year, 12)[1]


def _jalali_to_gregorian(text: str, year: int, month: int, day: int) -> dt.date:
    if not 1 <= month <= 12:
        raise _invalid(text, "ماه باید از ۱ تا ۱۲ باشد.")
    if not 1 <= year < GREGORIAN_FROM_YEAR:
        raise _invalid(text, "سال جلالی باید کمتر از ۱۷۰۰ باشد؛ این سال میلادی به نظر می‌رسد.")
    why = _why_not_a_day(year, month, day)
    if why is not None:
        raise _invalid(text, why)
    gregorian: dt.date = jdatetime.date(year, month, day).togregorian()
    return gregorian


def _clean(text: str) -> str:
    return " ".join(to_latin_digits(fold_publish(text)).split())


def parse_jalali(text: str) -> dt.date:
    """Read a Jalali date as a Gregorian :class:`datetime.date`.

    Accepts ۱۴۰۱/۱۱/۱۲, 1401-11-12, 1401.11.12 and «۱۲ بهمن ۱۴۰۱» (also «۱۲ بهمن ماه ۱۴۰۱»,
    with or without a weekday before it), in any digits. Raises ValueError with a Persian
    message for anything else and for dates that do not exist (۱۴۰۲/۱۲/۳۰).
    """
    cleaned = _WEEKDAY_PREFIX.sub("", _clean(text))
    numeric = _NUMERIC.fullmatch(cleaned)
    if numeric:
        year, month, day = int(numeric[1]), int(numeric[3]), int(numeric[4])
        if len(numeric[1]) < 3:
            raise _invalid(text, "سال را چهاررقمی بنویسید (۱۴۰۲/۰۴/۰۳).")
        return _jalali_to_gregorian(text, year, month, day)
    worded = _WORDS.fullmatch(cleaned)
    if worded:
        month_name = worded[2].replace(ZWNJ, "")
        if month_name.endswith("ماه") and month_name not in _MONTH_NUMBERS:
            month_name = month_name[: -len("ماه")]
        named_month = _MONTH_NUMBERS.get(month_name)
        if named_month is None:
            raise _invalid(text, f"ماه «{worded[2]}» شناخته نیست.")
        return _jalali_to_gregorian(text, int(worded[3]), named_month, int(worded[1]))
    raise _invalid(text, "آن را به شکل ۱۴۰۲/۰۴/۰۳ یا «۳ تیر ۱۴۰۲» بنویسید.")


def parse_date(text: str) -> dt.date:
    """Read a Jalali or a Gregorian date: a year of 1700 or more is Gregorian (2023-06-24).

    Raises ValueError with a Persian message when the text is not a date.
    """
    cleaned = _clean(text)
    numeric = _NUMERIC.fullmatch(cleaned)
    if numeric and int(numeric[1]) >= GREGORIAN_FROM_YEAR:
        try:
            return dt.date(int(numeric[1]), int(numeric[3]), int(numeric[4]))
        except ValueError:
            raise _invalid(text, "چنین روزی در تقویم میلادی نیست.") from None
    return parse_jalali(text)
