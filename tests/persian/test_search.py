"""Search keys."""

from __future__ import annotations

import pytest

from jahesh.persian import search_key


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("شهرداری‌ها", "شهرداریها"),
        ("شهرداری ها", "شهرداریها"),
        ("شيراز", "شیراز"),
        ("كلان", "کلان"),
        ("مسئول", "مسؤول"),
        ("مسئول", "مسوول"),
        ("هیئت", "هیأت"),
        ("مسئله", "مسأله"),
        ("سؤال", "سئوال"),
        ("سؤال", "سوال"),
        ("رئیس", "رییس"),
        ("مؤسسه", "موسسه"),
        ("تأمین", "تامین"),
        ("آیین", "ایین"),
        ("۱۴۰۲", "1402"),
        ("١٤٠٢", "1402"),
        ("۱۳٬۴۱۰", "13410"),
        ("13,410", "13410"),
        ("می‌رسد", "می رسد"),
        ("نمی‌رسد", "نمی رسد"),
        ("بِسْمِ", "بسم"),
        ("شـــهر", "شهر"),
        ("COVID-19", "covid 19"),
        ("«جهش»، عمرانی!", "جهش عمرانی"),
        ("\u200fشهر\u202a", "شهر"),
    ],
)
def test_every_spelling_of_a_word_gets_the_same_key(one: str, other: str) -> None:
    assert search_key(one) == search_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [("شهردار", "شهرداری"), ("شهر", "شهرها"), ("مرحله ۹", "مرحله ۱۹"), ("1,2", "12")],
)
def test_different_words_keep_different_keys(one: str, other: str) -> None:
    assert search_key(one) != search_key(other)


def test_a_key_is_single_spaced_and_trimmed() -> None:
    assert search_key("  جهش \n\t عمرانی  ") == "جهش عمرانی"


def test_a_key_of_a_key_is_the_same_key() -> None:
    key = search_key("روابط عمومی‌های شهرداری‌ها در ۳ تير 1402، COVID-19")
    assert search_key(key) == key
