"""Jalali dates: formatting in Tehran time and parsing."""

from __future__ import annotations

import datetime as dt

import pytest

from jahesh.persian import (
    JalaliDate,
    format_jalali,
    jalali_date,
    jalali_month_bounds,
    jalali_to_gregorian,
    jalali_year,
    jalali_year_bounds,
    parse_date,
    parse_jalali,
)

PUBLISHED = dt.datetime(2023, 6, 24, 9, 1, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        ("date", "۳ تیر ۱۴۰۲"),
        ("datetime", "۳ تیر ۱۴۰۲ ساعت ۱۲:۳۱"),
        ("short", "۱۴۰۲/۰۴/۰۳"),
        ("month", "تیر ۱۴۰۲"),
        ("weekday", "شنبه ۳ تیر ۱۴۰۲"),
    ],
)
def test_an_aware_datetime_is_shown_in_tehran_time(pattern: str, text: str) -> None:
    assert format_jalali(PUBLISHED, pattern) == text


def test_tehran_keeps_plus_three_thirty_in_summer_since_2022() -> None:
    # Iran dropped daylight saving in 2022: an older tz database would print ۱۳:۳۱.
    assert format_jalali(PUBLISHED, "datetime").endswith("۱۲:۳۱")
    summer_2021 = dt.datetime(2021, 6, 24, 9, 1, tzinfo=dt.UTC)
    assert format_jalali(summer_2021, "datetime").endswith("۱۳:۳۱")


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(1997, 3, 20), "۳۰ اسفند ۱۳۷۵"),
        (dt.date(2021, 3, 20), "۳۰ اسفند ۱۳۹۹"),
        (dt.date(2021, 3, 21), "۱ فروردین ۱۴۰۰"),
        (dt.date(2024, 3, 19), "۲۹ اسفند ۱۴۰۲"),
        (dt.date(2024, 3, 20), "۱ فروردین ۱۴۰۳"),
        (dt.date(2025, 3, 20), "۳۰ اسفند ۱۴۰۳"),
        (dt.date(2025, 3, 21), "۱ فروردین ۱۴۰۴"),
        (dt.date(2029, 3, 20), "۱ فروردین ۱۴۰۸"),
        (dt.date(2030, 3, 20), "۳۰ اسفند ۱۴۰۸"),
    ],
)
def test_esfand_30_of_leap_years_and_nowruz_fall_on_the_official_days(
    day: dt.date, text: str
) -> None:
    assert format_jalali(day) == text


def test_a_naive_datetime_is_taken_as_tehran_time() -> None:
    assert format_jalali(dt.datetime(2023, 6, 24, 12, 31), "datetime") == "۳ تیر ۱۴۰۲ ساعت ۱۲:۳۱"


def test_a_date_is_shown_without_a_time_even_as_datetime() -> None:
    assert format_jalali(dt.date(2024, 3, 20)) == "۱ فروردین ۱۴۰۳"
    assert format_jalali(dt.date(2024, 3, 20), "datetime") == "۱ فروردین ۱۴۰۳"


def test_an_unknown_pattern_raises() -> None:
    with pytest.raises(ValueError, match="الگوی تاریخ"):
        format_jalali(PUBLISHED, "long")


def test_a_date_before_the_jalali_calendar_raises_in_persian() -> None:
    with pytest.raises(ValueError, match="بیرون از بازه"):
        format_jalali(dt.date(100, 1, 1))


@pytest.mark.parametrize(
    "text",
    [
        "۱۴۰۱/۱۱/۱۲",
        "1401-11-12",
        "1401.11.12",
        "۱۴۰۱ / ۱۱ / ۱۲",
        "١٤٠١/١١/١٢",
        "۱۲ بهمن ۱۴۰۱",
        "12 بهمن 1401",
        "۱۲ بهمن ماه ۱۴۰۱",
        "۱۲ بهمن‌ماه ۱۴۰۱",
        "چهارشنبه ۱۲ بهمن ۱۴۰۱",
        "  ۱۲  بهمن ۱۴۰۱ ",
    ],
)
def test_jalali_dates_are_read_in_every_usual_shape(text: str) -> None:
    assert parse_jalali(text) == dt.date(2023, 2, 1)


def test_esfand_30_exists_only_in_leap_years() -> None:
    assert parse_jalali("۱۴۰۳/۱۲/۳۰") == dt.date(2025, 3, 20)
    with pytest.raises(ValueError, match="کبیسه نیست") as caught:
        parse_jalali("۱۴۰۲/۱۲/۳۰")
    assert "۱۴۰۲" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1402/7/31", "مهر ۳۰ روز دارد"),
        ("1402/13/1", "ماه باید"),
        ("1402/0/1", "ماه باید"),
        ("1402/1/0", "فروردین ۳۱ روز دارد"),
        ("۳۰ فلان ۱۴۰۲", "شناخته نیست"),
        ("02/04/03", "چهاررقمی"),
        ("2023/04/03", "میلادی"),
        ("", "بنویسید"),
        ("فردا", "بنویسید"),
        ("1402/04-03", "بنویسید"),
        ("۱۴۰۲/۰۴/۰۳ ساعت ۱۰", "بنویسید"),
    ],
)
def test_impossible_or_unreadable_jalali_dates_raise_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_jalali(text)


def test_parse_date_reads_years_from_1700_as_gregorian() -> None:
    assert parse_date("2023-06-24") == dt.date(2023, 6, 24)
    assert parse_date("۲۰۲۳/۰۶/۲۴") == dt.date(2023, 6, 24)
    assert parse_date("1700-01-01") == dt.date(1700, 1, 1)


def test_parse_date_reads_smaller_years_and_month_names_as_jalali() -> None:
    assert parse_date("1699-01-01") == parse_jalali("1699-01-01")
    assert parse_date("۱۴۰۲/۰۴/۰۳") == dt.date(2023, 6, 24)
    assert parse_date("۳ تیر ۱۴۰۲") == dt.date(2023, 6, 24)


def test_parse_date_rejects_an_impossible_gregorian_day() -> None:
    with pytest.raises(ValueError, match="میلادی نیست"):
        parse_date("2023-02-30")


# The public Jalali arithmetic every app calls instead of jdatetime


@pytest.mark.parametrize(
    ("day", "jalali"),
    [
        (dt.date(2021, 3, 20), (1399, 12, 30)),
        (dt.date(2021, 3, 21), (1400, 1, 1)),
        (dt.date(2024, 3, 19), (1402, 12, 29)),
        (dt.date(2024, 3, 20), (1403, 1, 1)),
        (dt.date(2025, 3, 20), (1403, 12, 30)),
        (dt.date(2025, 3, 21), (1404, 1, 1)),
        (dt.date(2023, 6, 24), (1402, 4, 3)),
    ],
)
def test_a_gregorian_day_gives_its_jalali_year_month_and_day_and_back(
    day: dt.date, jalali: tuple[int, int, int]
) -> None:
    assert jalali_date(day) == jalali
    assert jalali_date(day).year == jalali_year(day) == jalali[0]
    assert jalali_to_gregorian(*jalali) == day


def test_the_jalali_date_of_a_datetime_is_that_of_its_own_date_part() -> None:
    assert jalali_date(dt.datetime(2024, 3, 20, 23, 59)) == JalaliDate(1403, 1, 1)


@pytest.mark.parametrize(
    ("year", "month", "day", "why"),
    [
        (1402, 12, 30, "سال ۱۴۰۲ کبیسه نیست و اسفند آن ۲۹ روز دارد"),
        (1404, 12, 30, "سال ۱۴۰۴ کبیسه نیست"),
        (1402, 7, 31, "مهر ۳۰ روز دارد"),
        (1402, 13, 1, "ماه باید از ۱ تا ۱۲ باشد"),
        (1402, 1, 0, "فروردین ۳۱ روز دارد"),
        (0, 1, 1, "سال جلالی باید میان"),
    ],
)
def test_a_jalali_day_that_does_not_exist_is_refused_in_persian_naming_the_fault(
    year: int, month: int, day: int, why: str
) -> None:
    with pytest.raises(ValueError, match=why) as caught:
        jalali_to_gregorian(year, month, day)
    assert "درست نیست" in str(caught.value)


@pytest.mark.parametrize(
    ("year", "first", "last", "eve"),
    [
        # 1399 is leap (ends on Esfand 30); 1398 and 1402 are common (end on Esfand 29).
        (1399, dt.date(2020, 3, 20), dt.date(2021, 3, 20), (1398, 12, 29)),
        (1402, dt.date(2023, 3, 21), dt.date(2024, 3, 19), (1401, 12, 29)),
        (1403, dt.date(2024, 3, 20), dt.date(2025, 3, 20), (1402, 12, 29)),
        (1404, dt.date(2025, 3, 21), dt.date(2026, 3, 20), (1403, 12, 30)),
    ],
)
def test_a_jalali_year_runs_from_nowruz_to_the_last_day_of_esfand(
    year: int, first: dt.date, last: dt.date, eve: tuple[int, int, int]
) -> None:
    assert jalali_year_bounds(year) == (first, last)
    assert jalali_date(first - dt.timedelta(days=1)) == eve
    assert jalali_date(last + dt.timedelta(days=1)) == (year + 1, 1, 1)


@pytest.mark.parametrize(
    ("year", "month", "first", "last"),
    [
        (1402, 1, dt.date(2023, 3, 21), dt.date(2023, 4, 20)),
        (1402, 7, dt.date(2023, 9, 23), dt.date(2023, 10, 22)),
        (1402, 12, dt.date(2024, 2, 20), dt.date(2024, 3, 19)),
        (1403, 12, dt.date(2025, 2, 19), dt.date(2025, 3, 20)),
    ],
)
def test_a_jalali_month_spans_its_own_length_in_leap_and_common_years(
    year: int, month: int, first: dt.date, last: dt.date
) -> None:
    assert jalali_month_bounds(year, month) == (first, last)


def test_a_month_that_does_not_exist_has_no_bounds() -> None:
    with pytest.raises(ValueError, match="ماه باید از ۱ تا ۱۲ باشد"):
        jalali_month_bounds(1402, 13)
