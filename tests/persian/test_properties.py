"""Bad input, by property: random Unicode, mixed scripts, huge strings, malformed dates.

No exception escapes but the documented ValueError (with a Persian message); the normalisers
are idempotent; protected spans survive byte for byte; time grows linearly with the input.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from functools import partial

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jahesh.persian import (
    credit_phrase,
    format_jalali,
    normalization_suggestions,
    normalize_for_publish,
    normalize_name,
    ordinal_word,
    parse_amount,
    parse_date,
    parse_jalali,
    search_key,
    slugify_fa,
)

PERSIAN_MESSAGE = re.compile("[\u0600-\u06ff]")


def _outcome(call: Callable[[], object]) -> object:
    """Return what ``call`` returns, or the ValueError it raises."""
    try:
        return call()
    except ValueError as error:
        return error


def _check_persian_error(outcome: object) -> None:
    if isinstance(outcome, ValueError):
        assert PERSIAN_MESSAGE.search(str(outcome)), outcome


FRAGMENTS = [
    "شهرداریها",
    "میرسد",
    "بینالملل",
    "کلان شهر",
    "شيراز",
    "كلان",
    "ـــ",
    "\u200c",
    "\u200d",
    "\u200f",
    "\u202e",
    "\u2066",
    "\u064e",
    "\u0654",
    "\u0653",
    "ﻻ",
    "ﷲ",
    "\ufffc",
    "3 تير 1402",
    "۱۳٬۴۱۰",
    "13,410",
    "https://x.ir/شيراز",
    "a@b.ir",
    "www.",
    "COVID-19",
    " . ",
    " ، ",
    "«",
    "»",
    "(",
    ":",
    "\n",
    "\t",
]
mixed_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), max_size=30).map(
    "".join
)
any_text = st.one_of(st.text(max_size=60), mixed_text)
NORMALISERS: list[Callable[[str], str]] = [
    normalize_for_publish,
    normalize_name,
    search_key,
    slugify_fa,
]


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_the_text_functions_never_raise_and_are_idempotent(text: str) -> None:
    for function in NORMALISERS:
        once = function(text)
        assert function(once) == once, function.__name__
    normalization_suggestions(text)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(categories=["Mn", "Me", "Cf", "Zs"]), max_size=20))
def test_lone_combining_marks_and_format_characters_are_harmless(text: str) -> None:
    for function in NORMALISERS:
        once = function(text)
        assert function(once) == once


PROTECTED_SPANS = st.sampled_from(
    [
        "https://www.hafezkhabar.ir/news/27561/جهش-عمرانی-مصداق",
        "http://example.com/path?q=ي&x=1",
        "press@shiraz.ir",
        "COVID-19",
        "OC4IDS",
        "v2.0",
        "Wi-Fi",
        "13,410",
        "۱۳٬۴۱۰",
        "۱۳،۴۱۰",
        "2.5",
    ]
)
persian_filler = st.lists(
    st.sampled_from(["شهرداریها", "كلان", "میرسد", "جهش", "، ", "12", "ـ", "\u200c", ":"]),
    max_size=5,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(persian_filler, PROTECTED_SPANS), min_size=1, max_size=6))
def test_protected_spans_survive_byte_for_byte(pieces: list[tuple[str, str]]) -> None:
    text = " ".join(f"{filler} {span}" for filler, span in pieces) + " پایان"
    published = normalize_for_publish(text)
    position = 0
    for _, span in pieces:
        found = published.find(span, position)
        assert found >= 0, span
        position = found + len(span)


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_date_and_amount_parsers_raise_only_value_errors_in_persian(text: str) -> None:
    for parse in (parse_jalali, parse_date, parse_amount):
        _check_persian_error(_outcome(partial(parse, text)))


malformed_dates = st.builds(
    "{}{}{}{}{}".format,
    st.integers(-10, 99999),
    st.sampled_from(["/", "-", ".", " ", "/ "]),
    st.integers(-5, 40),
    st.sampled_from(["/", "-", ".", " "]),
    st.integers(-5, 40),
)


@settings(max_examples=300, deadline=None)
@given(malformed_dates)
def test_malformed_numeric_dates_give_a_date_or_a_persian_value_error(text: str) -> None:
    for parse in (parse_jalali, parse_date):
        outcome = _outcome(partial(parse, text))
        _check_persian_error(outcome)
        assert isinstance(outcome, dt.date | ValueError)


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.dates(), st.datetimes(timezones=st.timezones()), st.datetimes()))
def test_formatting_any_date_gives_persian_text_or_a_persian_value_error(
    value: dt.date,
) -> None:
    for pattern in ("date", "datetime", "short", "month", "weekday"):
        outcome = _outcome(partial(format_jalali, value, pattern))
        _check_persian_error(outcome)
        if isinstance(outcome, str):
            assert not re.search("[0-9]", outcome)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-(10**20), max_value=10**20), st.sampled_from(["toman", "rial"]))
def test_any_credit_has_a_phrase(rial: int, unit: str) -> None:
    phrase = credit_phrase(rial, unit)
    assert phrase.endswith("تومان" if unit == "toman" else "ریال")
    assert not re.search("[0-9]", phrase)


@settings(max_examples=80, deadline=None)
@given(st.integers(min_value=1, max_value=10**15 - 1))
def test_any_positive_ordinal_has_a_word(n: int) -> None:
    assert ordinal_word(n).endswith("ین")
    assert ordinal_word(n, "number")


TEN_MB = 10_000_000


@pytest.mark.slow
@settings(
    max_examples=1,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=20, max_size=40).map("".join))
def test_ten_megabyte_strings_are_normalised_without_error(chunk: str) -> None:
    text = (chunk + " ") * (TEN_MB // len((chunk + " ").encode("utf-8")) + 1)
    published = normalize_for_publish(text)
    assert normalize_for_publish(published) == published
    assert search_key(text)


def _cpu_seconds(function: Callable[[str], str], text: str) -> float:
    best = float("inf")
    for _ in range(2):
        started = time.process_time()
        function(text)
        best = min(best, time.process_time() - started)
    return best


@pytest.mark.slow
@pytest.mark.parametrize("function", [normalize_for_publish, search_key])
def test_time_grows_linearly_with_the_input(function: Callable[[str], str]) -> None:
    chunk = "".join(FRAGMENTS) + " مرحله ۹ جهش عمرانی با ۱۳٬۴۱۰ میلیارد تومان. "
    small = chunk * (250_000 // len(chunk.encode("utf-8")))
    large = small * 8
    normalize_for_publish(chunk)  # loads the lexicon
    ratio = _cpu_seconds(function, large) / _cpu_seconds(function, small)
    # Linear time gives about 8; quadratic time would give about 64. CPU time, not wall time,
    # so that other processes on a shared machine do not count.
    assert ratio < 20, ratio
