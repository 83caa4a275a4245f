"""Persian slugs."""

from __future__ import annotations

from jahesh.persian import slugify_fa


def test_a_title_becomes_hyphenated_persian_words() -> None:
    assert slugify_fa("جهش عمرانی: مصداق امیدآفرینی به جامعه") == (
        "جهش-عمرانی-مصداق-امیدآفرینی-به-جامعه"
    )


def test_slugs_fold_arabic_letters_repair_joins_and_split_at_non_joiners() -> None:
    assert slugify_fa("بهرهبرداری از پروژههای شيراز") == "بهره-برداری-از-پروژه-های-شیراز"


def test_latin_is_lower_cased_and_digits_keep_their_script() -> None:
    assert slugify_fa("مرحله ۹ (COVID-19)") == "مرحله-۹-covid-19"


def test_a_long_title_is_cut_at_a_word_boundary() -> None:
    slug = slugify_fa("افتتاح " * 30, max_length=20)
    assert slug == "افتتاح-افتتاح-افتتاح"
    assert len(slug) <= 20


def test_a_single_long_word_is_cut_at_the_limit() -> None:
    assert slugify_fa("ب" * 50, max_length=10) == "ب" * 10


def test_a_title_without_letters_or_digits_gives_an_empty_slug() -> None:
    assert slugify_fa(" «،؛» ") == ""
    assert slugify_fa("") == ""
