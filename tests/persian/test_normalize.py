"""Publish-grade normalisation, names on the way in, and suggestions for editors."""

from __future__ import annotations

import pytest

from jahesh.persian import (
    Suggestion,
    normalization_suggestions,
    normalize_for_publish,
    normalize_name,
)
from jahesh.persian.letters import ZWNJ


def test_arabic_letters_diacritics_and_tatweel_are_folded() -> None:
    assert normalize_for_publish("شيرازِ زيبـــا كه") == "شیراز زیبا که"


def test_latin_digits_become_persian_outside_protected_spans() -> None:
    assert normalize_for_publish("ساعت 12:31 روز 1402/04/03") == "ساعت ۱۲:۳۱ روز ۱۴۰۲/۰۴/۰۳"


@pytest.mark.parametrize(
    "span",
    [
        "https://www.hafezkhabar.ir/news/27561/جهش-عمرانی-شيراز",
        "http://example.com/a?b=1&c=ي",
        "www.shiraz.ir/fa",
        "press-office@shiraz.ir",
        "COVID-19",
        "OC4IDS",
        "v2.0",
        "13,410",
        "2.5",
        "۱۳٬۴۱۰",
        "۱۳،۴۱۰",
        "١٣٬٤١٠",
    ],
)
def test_protected_spans_survive_byte_for_byte(span: str) -> None:
    text = f"مبلغ {span} در شيراز اعلام شد"
    published = normalize_for_publish(text)
    assert span in published
    assert published.replace(span, "") == "مبلغ  در شیراز اعلام شد"


def test_a_url_ends_before_trailing_punctuation() -> None:
    published = normalize_for_publish("نشانی: https://shiraz.ir/a. بعد")
    assert published == "نشانی: https://shiraz.ir/a. بعد"


def test_joined_words_get_non_joiners_and_spaced_words_are_never_joined() -> None:
    assert normalize_for_publish("شهرداریها و کلانشهرها") == "شهرداری‌ها و کلان‌شهرها"
    assert normalize_for_publish("کلان شهر تعریف شده") == "کلان شهر تعریف شده"


def test_words_with_a_non_joiner_already_keep_it() -> None:
    text = "شهرداری‌ها می‌رسد"
    assert normalize_for_publish(text) == text


def test_stray_and_doubled_non_joiners_are_tidied() -> None:
    assert normalize_for_publish(f"{ZWNJ}شهر{ZWNJ} و {ZWNJ}{ZWNJ}") == "شهر و"
    assert normalize_for_publish(f"می{ZWNJ}{ZWNJ}رسد") == f"می{ZWNJ}رسد"


def test_spacing_around_punctuation_is_fixed() -> None:
    assert normalize_for_publish("گفت :امروز ( شیراز ) ، «جهش»را دید .") == (
        "گفت: امروز (شیراز)، «جهش» را دید."
    )
    assert normalize_for_publish("او گفت«سلام»") == "او گفت «سلام»"


def test_runs_of_spaces_and_spaces_at_line_edges_go_but_lines_stay() -> None:
    assert normalize_for_publish("  یک   دو\t سه \n  چهار  ") == "یک دو سه\nچهار"


def test_a_full_stop_inside_latin_is_not_treated_as_the_end_of_a_sentence() -> None:
    assert normalize_for_publish("با .NET و ...") == "با .NET و ..."


def test_the_placeholder_character_in_the_input_is_handled_like_any_other() -> None:
    text = "شهرداریها \ufffc COVID-19 \ufffc 12"
    assert normalize_for_publish(text) == "شهرداری‌ها \ufffc COVID-19 \ufffc ۱۲"


def test_empty_and_blank_text_normalise_to_empty() -> None:
    assert normalize_for_publish("") == ""
    assert normalize_for_publish(" \n\t ") == ""


def test_normalising_twice_changes_nothing() -> None:
    text = "گزارشگر : منیره خسروبیگ\n3 تير 1402 ساعت 12:31 https://x.ir/ي شهرداریها ."
    once = normalize_for_publish(text)
    assert normalize_for_publish(once) == once


def test_names_are_one_line_with_letters_folded_and_digits_kept() -> None:
    assert normalize_name("  بوستان\n  ولايت   22 ") == "بوستان ولایت 22"
    assert normalize_name("تقاطع غیرهمسطح ٢٢ بهمن") == "تقاطع غیرهم‌سطح ۲۲ بهمن"


def test_proper_names_survive_name_normalisation() -> None:
    assert normalize_name("منیره خسروبیگ") == "منیره خسروبیگ"


def test_suggestions_point_into_the_text_as_given() -> None:
    text = "چند كلان شهر و بخش ها می رسد"
    suggestions = normalization_suggestions(text)
    assert [(s.original, s.replacement) for s in suggestions] == [
        ("كلان شهر", "کلان‌شهر"),
        ("بخش ها", "بخش‌ها"),
        ("می رسد", "می‌رسد"),
    ]
    for suggestion in suggestions:
        assert text[suggestion.start : suggestion.end] == suggestion.original
        assert suggestion.reason


def test_a_word_that_reads_two_ways_is_suggested_with_both() -> None:
    [suggestion] = normalization_suggestions("نامهای رسیده")
    assert suggestion == Suggestion(
        start=0,
        end=6,
        original="نامهای",
        replacement="نام‌های",
        reason="این واژه دو خوانش دارد: نام‌های یا نامه‌ای.",
    )


def test_no_suggestion_for_correct_phrases_or_inside_protected_spans() -> None:
    assert normalization_suggestions("به صورت همزمان تعریف شده است") == []
    assert normalization_suggestions("https://x.ir/کلان شهر") == []
    assert normalization_suggestions("") == []
