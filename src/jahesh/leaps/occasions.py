"""The occasions calendar: the occasions Jahesh ships, and their Gregorian dates in a solar year.

Lunar-Hijri dates are computed with the Umm al-Qura tables of ``hijridate``. Iran's official
calendar follows moon sighting and can differ from them by a day, so a city may shift an occasion
by keeping its own row with the same code: every year (``Occasion.shift_days``), or one year of
the occasion's own calendar at a time (``Occasion.year_shifts``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from hijridate import Gregorian, Hijri

from jahesh import persian


@dataclass(frozen=True, slots=True)
class ShippedOccasion:
    code: str
    name: str
    calendar: str  # "solar" or "lunar", as in OccasionCalendar
    month: int
    day: int
    length_days: int = 1


SHIPPED_OCCASIONS: tuple[ShippedOccasion, ...] = (
    # Solar (Jalali) occasions.
    # Nowruz holidays run 1–4 Farvardin, but cities tie waves to the whole season up to
    # Sizdah-Bedar, so the occasion spans 13 days.
    ShippedOccasion("nowruz", "نوروز", "solar", 1, 1, 13),
    ShippedOccasion("islamic-republic-day", "روز جمهوری اسلامی", "solar", 1, 12),
    ShippedOccasion("teachers-day", "روز معلم", "solar", 2, 12),
    ShippedOccasion("khorramshahr-liberation", "سالروز آزادسازی خرمشهر", "solar", 3, 3),
    ShippedOccasion("municipality-day", "روز شهرداری و دهیاری", "solar", 4, 14),
    ShippedOccasion("government-week", "هفته دولت", "solar", 6, 2, 7),
    ShippedOccasion("sacred-defence-week", "هفته دفاع مقدس", "solar", 6, 31, 7),
    ShippedOccasion("basij-week", "هفته بسیج", "solar", 9, 1, 7),
    ShippedOccasion("dahe-fajr", "دهه فجر", "solar", 11, 12, 11),
    ShippedOccasion("arbor-day", "روز درختکاری", "solar", 12, 15),
    # Lunar-Hijri occasions.
    ShippedOccasion("mabath", "عید مبعث", "lunar", 7, 27),
    ShippedOccasion("imam-ali-birthday", "میلاد امام علی (ع) و روز پدر", "lunar", 7, 13),
    ShippedOccasion("nimeh-shaban", "نیمه شعبان", "lunar", 8, 15),
    ShippedOccasion("eid-fitr", "عید فطر", "lunar", 10, 1, 2),
    ShippedOccasion("dahe-karamat", "دهه کرامت", "lunar", 11, 1, 11),
    ShippedOccasion("imam-reza-birthday", "میلاد امام رضا (ع)", "lunar", 11, 11),
    ShippedOccasion("eid-qurban", "عید قربان", "lunar", 12, 10),
    ShippedOccasion("eid-ghadir", "عید غدیر", "lunar", 12, 18),
    ShippedOccasion("fatimah-birthday", "میلاد حضرت فاطمه (س) و روز مادر", "lunar", 6, 20),
)

# hijridate's Umm al-Qura tables cover 1343–1500 AH (1924–2077).
_HIJRI_FIRST_YEAR = 1343
_HIJRI_LAST_YEAR = 1500


def jalali_year_bounds(jalali_year: int) -> tuple[dt.date, dt.date]:
    """Return the first and last Gregorian days of a Jalali year."""
    return persian.jalali_year_bounds(jalali_year)


def solar_start(jalali_year: int, month: int, day: int) -> dt.date | None:
    """Return the Gregorian day of ``month``/``day`` in ``jalali_year``, or None without one.

    Esfand 30 exists only in leap years; the occasion is skipped in the others rather than moved.
    """
    try:
        return persian.jalali_to_gregorian(jalali_year, month, day)
    except ValueError:
        return None


def _hijri_month_length(year: int, month: int) -> int:
    return int(Hijri(year, month, 1).month_length())


def lunar_starts(jalali_year: int, month: int, day: int) -> list[dt.date]:
    """Return every Gregorian day in ``jalali_year`` that falls on ``day`` of Hijri ``month``.

    A solar year is about eleven days longer than a lunar one, so an occasion can fall twice in one.
    Day 30 of a 29-day month is taken as the month's last day.
    """
    return [start for _year, start in lunar_occurrences(jalali_year, month, day)]


def lunar_occurrences(jalali_year: int, month: int, day: int) -> list[tuple[int, dt.date]]:
    """Like ``lunar_starts``, with the Hijri year of each occurrence."""
    first, last = jalali_year_bounds(jalali_year)
    try:
        first_hijri = Gregorian(first.year, first.month, first.day).to_hijri().year
        last_hijri = Gregorian(last.year, last.month, last.day).to_hijri().year
    except OverflowError:
        return []
    found: list[tuple[int, dt.date]] = []
    for year in range(first_hijri, last_hijri + 1):
        if not _HIJRI_FIRST_YEAR <= year <= _HIJRI_LAST_YEAR:
            continue
        try:
            real_day = min(day, _hijri_month_length(year, month))
            gregorian = Hijri(year, month, real_day).to_gregorian()
        except (ValueError, OverflowError):
            continue
        start = dt.date(gregorian.year, gregorian.month, gregorian.day)
        if first <= start <= last:
            found.append((year, start))
    return found


def occurrences_in_year(
    *,
    calendar: str,
    month: int,
    day: int,
    shift_days: int,
    jalali_year: int,
    year_shifts: Mapping[int, int] | None = None,
) -> list[tuple[int, dt.date]]:
    """Return (year, first day) of each occurrence of an occasion in a Jalali year, the year
    counted in the occasion's own calendar (Hijri for a lunar one). A shift given for that year
    replaces ``shift_days``."""
    if calendar == "lunar":
        found = lunar_occurrences(jalali_year, month, day)
    else:
        solar = solar_start(jalali_year, month, day)
        found = [] if solar is None else [(jalali_year, solar)]
    shifts = year_shifts or {}
    return [
        (year, start + dt.timedelta(days=shifts.get(year, shift_days))) for year, start in found
    ]


# A one-year shift names a year within this many years of the present one, so a year typed in
# the other calendar (1405 for a lunar occasion, 1448 for a solar one) is caught: the Hijri year
# is about 43 ahead of the Jalali one, so the two windows do not meet.
SHIFT_YEARS_AROUND = 20


def present_year(calendar: str, today: dt.date) -> int:
    """The year ``today`` falls in, in the occasion's own calendar."""
    if calendar == "lunar":
        return int(Gregorian(today.year, today.month, today.day).to_hijri().year)
    return persian.jalali_year(today)
