"""Search keys."""

from __future__ import annotations

import pytest

from jahesh.persian import search_key, search_phrases


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
    [("شهردار", "شهرداری"), ("مرحله ۹", "مرحله ۱۹"), ("1,2", "12")],
)
def test_different_words_keep_different_keys(one: str, other: str) -> None:
    assert search_key(one) != search_key(other)


def test_a_key_is_single_spaced_and_trimmed() -> None:
    assert search_key("  جهش \n\t عمرانی  ") == "جهش عمرانی"


def test_a_key_of_a_key_is_the_same_key() -> None:
    key = search_key("روابط عمومی‌های شهرداری‌ها در ۳ تير 1402، COVID-19")
    assert search_key(key) == key


@pytest.mark.parametrize(
    "spellings",
    [
        ("بهره برداری", "بهره‌برداری", "بهرهبرداری"),
        ("کلان شهر", "کلان‌شهر", "کلانشهر"),
        ("کلان شهر ها", "کلان‌شهرها", "کلانشهرها"),
        ("به عنوان", "به‌عنوان", "بهعنوان"),
        ("هم زمان", "هم‌زمان", "همزمان"),
        ("بهره برداری ها", "بهره‌برداری‌ها", "بهرهبرداریها"),
    ],
)
def test_a_compound_gets_one_key_with_a_space_a_non_joiner_or_neither(
    spellings: tuple[str, ...],
) -> None:
    assert len({search_key(spelling) for spelling in spellings}) == 1


@pytest.mark.parametrize(
    ("one", "other"),
    [("پروژه‌ای", "پروژهای"), ("مهم‌ترین", "مهمترین"), ("برمی‌گردد", "برمیگردد")],
)
def test_endings_and_verb_prefixes_still_join_their_word(one: str, other: str) -> None:
    assert search_key(one) == search_key(other)
    assert " " not in search_key(one)


def test_the_words_of_a_compound_form_one_phrase_and_other_words_stand_alone() -> None:
    assert search_phrases(search_key("افتتاح بهره‌برداری کلان شهر مرحله نهم")) == [
        ("افتتاح",),
        ("بهره", "برداری"),
        ("کلان", "شهر"),
        ("مرحله",),
        ("نهم",),
    ]


@pytest.mark.parametrize(
    ("form", "stem"),
    [
        ("بوستان‌ها", "بوستان"),
        ("بوستانها", "بوستان"),
        ("بوستان ها", "بوستان"),
        ("بوستان‌های", "بوستان"),
        ("بوستان‌هایشان", "بوستان"),
        ("شهرها", "شهر"),
        ("شهرداری‌ها", "شهرداری"),
        ("پروژه‌های", "پروژه"),
        ("پروژه‌ای", "پروژه"),
        ("کارگران", "کارگر"),
        ("درختان", "درخت"),
        ("شهروندان", "شهروند"),
        ("دانشجویان", "دانشجو"),
        ("آقایان", "آقا"),
        ("نمایندگان", "نماینده"),
        ("دانشجوی", "دانشجو"),
        ("شهدای", "شهدا"),
        ("فرهنگسرای", "فرهنگسرا"),
        ("آب‌ها", "آب"),
        ("بهره‌برداری‌ها", "بهره‌برداری"),
        ("کلان‌شهرها", "کلان‌شهر"),
    ],
)
def test_a_plural_or_a_word_with_its_ezafe_gets_the_key_of_its_stem(form: str, stem: str) -> None:
    assert search_key(form) == search_key(stem)


@pytest.mark.parametrize(
    ("word", "other"),
    [
        # Words that end like a plural or an ezafe and are words of their own.
        ("باران", "بار"),
        ("مهمان", "مهم"),
        ("ایران", "ایر"),
        ("خیابان", "خیاب"),
        ("آسمان", "اسم"),
        ("سازمان", "ساز"),
        ("پایان", "پای"),
        ("زمان", "زم"),
        ("قربان", "قرب"),
        ("گیلان", "گیل"),
        ("تهران", "ته"),
        ("جهان", "جه"),
        ("کمان", "کم"),
        ("انتخابات", "انتخاب"),
        ("خدمات", "خدمت"),
        ("تنها", "تن"),
        ("شهرداری", "شهردار"),
        ("گروهی", "گروه"),
        ("منطقه‌ای", "منطقه"),
        ("برای", "برا"),
        ("روی", "رو"),
    ],
)
def test_a_word_that_only_ends_like_a_plural_keeps_its_own_key(word: str, other: str) -> None:
    assert search_key(word) != search_key(other)
    assert search_key(word) == search_key(word + "‌ها")[: len(search_key(word))]


def test_a_plural_meets_its_stem_inside_a_text_and_in_a_key_of_a_key() -> None:
    key = search_key("افتتاح بوستان‌های محله و تجهیز پارک ها برای شهروندان")
    assert key == search_key("افتتاح بوستان محله و تجهیز پارک برای شهروند")
    assert search_key(key) == key
