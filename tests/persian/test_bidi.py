"""Directional overrides never survive normalisation; balanced isolates and marks do."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from jahesh.persian import (
    normalize_for_publish,
    normalize_name,
    remove_bidi_overrides,
    search_key,
)
from jahesh.persian.normalize import normalize_words

LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
LRM, RLM, ALM = "\u200e", "\u200f", "\u061c"
OVERRIDES = (LRE, RLE, PDF, LRO, RLO)
NORMALISERS = (normalize_for_publish, normalize_name, normalize_words)


@pytest.mark.parametrize("normalise", NORMALISERS)
@pytest.mark.parametrize("control", OVERRIDES)
def test_every_embedding_and_override_is_dropped_by_every_normaliser(
    normalise: Callable[[str], str], control: str
) -> None:
    result = normalise(f"افتتاح {control}پروژه{PDF} بوستان")
    assert not set(result) & set(OVERRIDES)
    assert "پروژه" in result


@pytest.mark.parametrize("normalise", NORMALISERS)
def test_an_override_inside_a_protected_url_is_dropped_too(normalise: Callable[[str], str]) -> None:
    result = normalise(f"نشانی https://shiraz.ir/{RLO}fdp.exe را ببینید")
    assert RLO not in result
    assert "fdp.exe" in result


def test_a_spoofed_file_name_reads_in_its_real_order() -> None:
    assert normalize_name(f"گزارش{RLO}fdp.exe") == "گزارشfdp.exe"


def test_balanced_isolates_and_directional_marks_are_kept() -> None:
    text = f"نام {FSI}Shiraz Metro{PDI} و {LRI}COVID-19{PDI}{RLM} و {RLI}شیراز{PDI}{LRM}{ALM}"
    assert remove_bidi_overrides(text) == text
    result = normalize_for_publish(text)
    for mark in (FSI, LRI, RLI, PDI, RLM, LRM, ALM):
        assert result.count(mark) == text.count(mark)


def test_an_isolate_left_open_or_a_stray_closer_is_dropped() -> None:
    assert remove_bidi_overrides(f"الف {RLI}ب") == "الف ب"
    assert remove_bidi_overrides(f"الف{PDI} ب") == "الف ب"
    assert remove_bidi_overrides(f"{LRI}a{LRI}b{PDI}") == f"a{LRI}b{PDI}"


def test_a_paragraph_end_closes_every_isolate_open_in_it() -> None:
    assert remove_bidi_overrides(f"{FSI}الف\nب{PDI}") == "الف\nب"
    assert normalize_for_publish(f"{FSI}الف\nب{PDI}") == "الف\nب"


def test_removing_overrides_is_idempotent_and_leaves_plain_text_alone() -> None:
    plain = "جهش عمرانی شیراز، مرحله ۵۱"
    assert remove_bidi_overrides(plain) is plain
    messy = f"{RLO}{LRI}{PDI}{PDI}الف{RLI}{LRE}ب{PDF}{PDI}{FSI}"
    once = remove_bidi_overrides(messy)
    assert remove_bidi_overrides(once) == once
    assert once == f"{LRI}{PDI}الف{RLI}ب{PDI}"
    assert normalize_for_publish(normalize_for_publish(messy)) == normalize_for_publish(messy)


def test_search_keys_ignore_every_directional_control() -> None:
    assert search_key(f"{RLO}شیراز{PDF}") == search_key("شیراز")
