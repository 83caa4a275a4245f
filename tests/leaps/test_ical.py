from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from jahesh.leaps.ical import CalendarEvent, escape_text, fold, render_calendar, vtimezone

TEHRAN = ZoneInfo("Asia/Tehran")


def _event(**overrides):
    values = {
        "uid": "a-1@jahesh",
        "start": dt.datetime(2023, 2, 1, 9, 0, tzinfo=TEHRAN),
        "end": dt.datetime(2023, 2, 1, 10, 0, tzinfo=TEHRAN),
        "summary": "افتتاح بوستان، منطقه ۳; مرحله ۱",
    }
    values.update(overrides)
    return CalendarEvent(**values)


def test_every_line_ends_with_crlf_and_fits_75_octets():
    text = render_calendar(
        name="برنامهٔ شهردار",
        events=[_event(description="شرح بلند " * 40)],
        stamp=dt.datetime(2023, 1, 1, tzinfo=dt.UTC),
    )
    assert text.endswith("\r\n")
    lines = text.split("\r\n")[:-1]
    assert all("\n" not in line and "\r" not in line for line in lines)
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)


def test_folding_never_splits_a_persian_letter_and_unfolds_to_the_original():
    line = "SUMMARY:" + "آیین بهره‌برداری از پروژه‌ها " * 10
    folded = fold(line)
    assert folded.replace("\r\n ", "") == line
    for piece in folded.split("\r\n"):
        piece.encode("utf-8").decode("utf-8")


def test_text_values_are_escaped():
    assert escape_text("الف, ب; ج\\د\nه") == "الف\\, ب\\; ج\\\\د\\nه"


def test_times_are_given_in_tehran_with_a_matching_vtimezone():
    text = render_calendar(
        name="x",
        events=[_event(start=dt.datetime(2023, 2, 1, 5, 30, tzinfo=dt.UTC))],
        stamp=dt.datetime(2023, 1, 1, tzinfo=dt.UTC),
    )
    assert "DTSTART;TZID=Asia/Tehran:20230201T090000\r\n" in text
    assert "BEGIN:VTIMEZONE\r\nTZID:Asia/Tehran\r\n" in text
    assert "TZOFFSETTO:+0330" in text
    assert "DTSTAMP:20230101T000000Z" in text
    assert text.count("BEGIN:VEVENT") == text.count("END:VEVENT") == 1


def test_the_vtimezone_records_the_last_summer_time_of_tehran():
    # Iran kept daylight saving time until 21 September 2022.
    lines = vtimezone(dt.date(2022, 3, 1), dt.date(2022, 12, 1))
    assert "BEGIN:DAYLIGHT" in lines
    assert "TZOFFSETTO:+0430" in lines
    starts = [line for line in lines if line.startswith("DTSTART:")]
    assert starts[1:] == ["DTSTART:20220322T000000", "DTSTART:20220922T000000"]


def test_an_empty_calendar_is_still_valid():
    text = render_calendar(name="x", events=[], stamp=dt.datetime(2023, 1, 1, tzinfo=dt.UTC))
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert "VTIMEZONE" not in text
