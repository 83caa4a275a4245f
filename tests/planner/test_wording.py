"""The planner's Persian wording: Jalali dates in its messages and Persian digits."""

import datetime as dt
import subprocess
import sys

import pytest

from jahesh.planner import Problem, greedy_plan
from jahesh.planner.wording import fa, solar_date
from tests.planner.scenes import ceremony, wave

# Checked against the official calendar: Nowruz on both sides of Gregorian leap days, Esfand 30
# of leap years (1375, 1399, 1403, 1408) and Esfand 29 of common ones, and the 31/30-day months.
GOLDEN_DAYS = [
    ("1921-03-20", "۲۹ اسفند ۱۲۹۹"),
    ("1921-03-21", "۱ فروردین ۱۳۰۰"),
    ("1979-02-11", "۲۲ بهمن ۱۳۵۷"),
    ("1991-03-20", "۲۹ اسفند ۱۳۶۹"),
    ("1991-03-21", "۱ فروردین ۱۳۷۰"),
    ("1997-03-20", "۳۰ اسفند ۱۳۷۵"),
    ("1997-03-21", "۱ فروردین ۱۳۷۶"),
    ("2000-01-01", "۱۱ دی ۱۳۷۸"),
    ("2020-03-19", "۲۹ اسفند ۱۳۹۸"),
    ("2020-03-20", "۱ فروردین ۱۳۹۹"),
    ("2021-03-20", "۳۰ اسفند ۱۳۹۹"),
    ("2021-03-21", "۱ فروردین ۱۴۰۰"),
    ("2023-02-02", "۱۳ بهمن ۱۴۰۱"),
    ("2023-09-22", "۳۱ شهریور ۱۴۰۲"),
    ("2023-09-23", "۱ مهر ۱۴۰۲"),
    ("2023-10-22", "۳۰ مهر ۱۴۰۲"),
    ("2023-10-23", "۱ آبان ۱۴۰۲"),
    ("2023-12-21", "۳۰ آذر ۱۴۰۲"),
    ("2023-12-22", "۱ دی ۱۴۰۲"),
    ("2024-02-29", "۱۰ اسفند ۱۴۰۲"),
    ("2024-03-19", "۲۹ اسفند ۱۴۰۲"),
    ("2024-03-20", "۱ فروردین ۱۴۰۳"),
    ("2024-04-19", "۳۱ فروردین ۱۴۰۳"),
    ("2024-04-20", "۱ اردیبهشت ۱۴۰۳"),
    ("2025-03-20", "۳۰ اسفند ۱۴۰۳"),
    ("2025-03-21", "۱ فروردین ۱۴۰۴"),
    ("2026-02-11", "۲۲ بهمن ۱۴۰۴"),
    ("2026-03-20", "۲۹ اسفند ۱۴۰۴"),
    ("2026-03-21", "۱ فروردین ۱۴۰۵"),
    ("2029-03-19", "۲۹ اسفند ۱۴۰۷"),
    ("2029-03-20", "۱ فروردین ۱۴۰۸"),
    ("2030-03-20", "۳۰ اسفند ۱۴۰۸"),
    ("2030-03-21", "۱ فروردین ۱۴۰۹"),
    ("2121-03-20", "۲۹ اسفند ۱۴۹۹"),
    ("2121-03-21", "۱ فروردین ۱۵۰۰"),
    ("2122-03-20", "۲۹ اسفند ۱۵۰۰"),
]


@pytest.mark.parametrize(("iso", "text"), GOLDEN_DAYS)
def test_planner_dates_are_the_official_jalali_day(iso: str, text: str) -> None:
    assert solar_date(dt.date.fromisoformat(iso)) == text


def test_a_day_before_the_jalali_calendar_is_named_by_its_gregorian_date() -> None:
    assert solar_date(dt.date(1, 1, 1)) == "۰۰۰۱-۰۱-۰۱"


def test_a_window_that_misses_every_wave_is_told_in_jalali_dates() -> None:
    late = ceremony("late", ready_from=dt.date(2025, 3, 20), latest=dt.date(2025, 3, 21))
    plan = greedy_plan(Problem(ceremonies=(ceremony("A"), late), waves=(wave("w1", 0),)))
    why = [e.message for e in plan.explanations if e.ceremony == "late"]
    assert why
    assert "از ۳۰ اسفند ۱۴۰۳ تا ۱ فروردین ۱۴۰۴" in why[0]


def test_numbers_in_planner_messages_have_persian_digits() -> None:
    assert fa(1403) == "۱۴۰۳"
    assert fa(-0.25) == "-۰.۲۵"
    assert fa("نوبت 2") == "نوبت ۲"


def test_the_solver_child_starts_without_loading_the_persian_layer() -> None:
    # The child imports the planner package on every solve and never words a message.
    probe = "import sys, jahesh.planner.worker; print('jahesh.persian' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
