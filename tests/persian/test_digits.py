"""Digits: Persian, Arabic-Indic and Latin."""

from __future__ import annotations

from persiantools import digits as reference

from jahesh.persian import to_latin_digits, to_persian_digits


def test_latin_and_arabic_indic_digits_become_persian() -> None:
    assert to_persian_digits("1402 و ١٤٠٢ و ۱۴۰۲") == "۱۴۰۲ و ۱۴۰۲ و ۱۴۰۲"


def test_persian_and_arabic_indic_digits_become_latin() -> None:
    assert to_latin_digits("۱۳٬۴۱۰ و ١٢") == "13٬410 و 12"


def test_text_without_digits_is_returned_unchanged() -> None:
    text = "شهرداری شیراز"
    assert to_persian_digits(text) == text
    assert to_latin_digits(text) == text


def test_every_digit_agrees_with_persiantools() -> None:
    latin = "0123456789"
    assert to_persian_digits(latin) == reference.en_to_fa(latin)
    assert to_latin_digits(to_persian_digits(latin)) == latin
