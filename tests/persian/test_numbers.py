"""Amounts, numbers in words, ordinals and credits in the press style."""

from __future__ import annotations

import pytest

from jahesh.persian import cardinal_word, credit_phrase, ordinal_word, parse_amount


@pytest.mark.parametrize(
    "text", ["۱۳٬۴۱۰", "13,410", "۱۳،۴۱۰", "13 410", " 13410 ", "١٣٬٤١٠", "۱۳\u200c۴۱۰"]
)
def test_amounts_are_read_in_any_digits_with_any_group_separator(text: str) -> None:
    assert parse_amount(text) == 13410


def test_a_negative_amount_is_read_for_the_caller_to_reject() -> None:
    assert parse_amount("-۵۰۰") == -500
    assert parse_amount("−1,000") == -1000


@pytest.mark.parametrize("text", ["", "abc", "۱۲الف", "12.5", "1,2", "--3", "۱۳٬۴۱"])
def test_a_non_numeric_amount_raises_a_persian_value_error(text: str) -> None:
    with pytest.raises(ValueError, match="عدد درستی نیست"):
        parse_amount(text)


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "صفر"),
        (30, "سی"),
        (31, "سی و یک"),
        (100, "صد"),
        (1000, "هزار"),
        (1100, "هزار و صد"),
        (2_000_000, "دو میلیون"),
        (-5, "منفی پنج"),
    ],
)
def test_cardinal_words_follow_the_press_not_the_cheque(n: int, words: str) -> None:
    assert cardinal_word(n) == words


def test_a_number_too_large_for_words_raises() -> None:
    with pytest.raises(ValueError, match="بزرگ"):
        cardinal_word(10**15)


@pytest.mark.parametrize(
    ("n", "adjective", "number"),
    [
        (1, "نخستین", "اول"),
        (2, "دومین", "دوم"),
        (3, "سومین", "سوم"),
        (9, "نهمین", "نهم"),
        (10, "دهمین", "دهم"),
        (21, "بیست‌ویکمین", "بیست‌ویکم"),
        (30, "سی‌امین", "سی‌ام"),
        (31, "سی‌ویکمین", "سی‌ویکم"),
        (51, "پنجاه‌ویکمین", "پنجاه‌ویکم"),
        (100, "صدمین", "صدم"),
        (105, "صدوپنجمین", "صدوپنجم"),
        (196, "صدونودوششمین", "صدونودوششم"),
    ],
)
def test_ordinals_are_written_close_with_non_joiners(n: int, adjective: str, number: str) -> None:
    assert ordinal_word(n) == adjective
    assert ordinal_word(n, "number") == number


@pytest.mark.parametrize("n", [0, -1])
def test_an_ordinal_below_one_raises(n: int) -> None:
    with pytest.raises(ValueError, match="یک به بالا"):
        ordinal_word(n)


@pytest.mark.parametrize(
    ("rial", "phrase"),
    [
        (134_100_000_000_000, "۱۳ هزار و ۴۱۰ میلیارد تومان"),
        (1_810_000_000_000, "۱۸۱ میلیارد تومان"),
        (25_000_000_000, "۲ میلیارد و ۵۰۰ میلیون تومان"),
        (1_812_500_000_000, "۱۸۱ میلیارد و ۲۵۰ میلیون تومان"),
        (1_812_504_999_990, "۱۸۱ میلیارد و ۲۵۰ میلیون تومان"),
        (1_812_505_000_000, "۱۸۱ میلیارد و ۲۵۱ میلیون تومان"),
        (9_999_996_000, "۱ میلیارد تومان"),
        (130_000_000_000_000, "۱۳ هزار میلیارد تومان"),
        (12_345, "هزار و ۲۳۵ تومان"),
        (4_500_000, "۴۵۰ هزار تومان"),
        (5, "۱ تومان"),
        (0, "۰ تومان"),
    ],
)
def test_credits_are_shown_in_tomans_in_the_press_style(rial: int, phrase: str) -> None:
    assert credit_phrase(rial) == phrase


def test_credits_can_be_shown_in_rials() -> None:
    assert credit_phrase(67_000_000_000_000, unit="rial") == "۶۷ هزار میلیارد ریال"
    assert credit_phrase(6_700_000_000_000, unit="rial") == "۶ هزار و ۷۰۰ میلیارد ریال"
    assert credit_phrase(1_810_000_000_000, unit="rial") == "هزار و ۸۱۰ میلیارد ریال"


def test_a_negative_credit_is_shown_with_its_sign_in_words() -> None:
    assert credit_phrase(-25_000_000_000) == "منفی ۲ میلیارد و ۵۰۰ میلیون تومان"


def test_an_unknown_currency_unit_raises() -> None:
    with pytest.raises(ValueError, match="واحد پول"):
        credit_phrase(10, unit="dollar")
