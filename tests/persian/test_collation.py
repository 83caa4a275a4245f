"""Persian dictionary order: the alphabet, not Unicode; Arabic letters, spaces, ZWNJ and
diacritics ignored at the first level."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jahesh.persian import collation_key
from jahesh.persian.collation import ALPHABET


def ordered(words: list[str]) -> list[str]:
    return sorted(words, key=collation_key)


def test_the_four_persian_letters_sit_after_their_arabic_neighbours_not_at_the_end() -> None:
    words = ["گل", "ژاله", "چمن", "پدر", "بابا", "تاب", "جام", "حال", "زمین", "سبز", "کار", "لب"]
    assert ordered(words) == [
        "بابا",
        "پدر",
        "تاب",
        "جام",
        "چمن",
        "حال",
        "زمین",
        "ژاله",
        "سبز",
        "کار",
        "گل",
        "لب",
    ]
    # Code points alone put پ after ت: the very order a dictionary does not use.
    assert sorted(["پدر", "تاب"]) == ["تاب", "پدر"]


def test_every_letter_of_the_alphabet_sorts_in_its_place() -> None:
    shuffled = list(reversed(ALPHABET))
    assert "".join(ordered(shuffled)) == ALPHABET


def test_alef_with_madda_comes_before_plain_alef() -> None:
    assert ordered(["ابر", "آب", "اب", "آسمان"]) == ["آب", "آسمان", "اب", "ابر"]


def test_arabic_yeh_and_kaf_are_the_persian_letters() -> None:
    assert collation_key("كيفيت")[0] == collation_key("کیفیت")[0]
    assert ordered(["یکی", "كتاب", "گل"]) == ["كتاب", "گل", "یکی"]


def test_spaces_zwnj_and_diacritics_are_ignored_at_the_first_level() -> None:
    assert collation_key("روابط عمومی")[0] == collation_key("روابط‌عمومی")[0]
    assert collation_key("مُدیر")[0] == collation_key("مدیر")[0]
    # «روابط عمومی» files between «روابط» and «روابط کاری» by its letters, not by the space.
    assert ordered(["روابط کاری", "روابط عمومی", "روابط"]) == [
        "روابط",
        "روابط عمومی",
        "روابط کاری",
    ]


def test_digits_of_any_script_are_one_digit_and_come_before_letters() -> None:
    assert collation_key("۱۲")[0] == collation_key("12")[0] == collation_key("١٢")[0]
    assert ordered(["الف", "۲ ساعت"]) == ["۲ ساعت", "الف"]


def test_persian_comes_before_latin() -> None:
    assert ordered(["Podcast", "پادکست"]) == ["پادکست", "Podcast"]


@given(st.lists(st.text(alphabet=ALPHABET + " \u200cيك۱2a", max_size=8), max_size=12))
def test_the_order_is_total_and_does_not_depend_on_the_input_order(words: list[str]) -> None:
    assert ordered(words) == ordered(list(reversed(words)))


def test_characters_beyond_the_basic_plane_are_weighed_like_the_rest():
    # The fast path's tables stop at U+FFFF; an emoji is still ignored and a rare letter kept.
    assert collation_key("پل 😀")[0] == collation_key("پل")[0]
    assert collation_key("پل 𠀀")[0] != collation_key("پل")[0]
    assert sorted(["𠀀", "ب", "آ"], key=collation_key) == ["آ", "ب", "𠀀"]
