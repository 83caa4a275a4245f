"""Letter folding tables shared by the normaliser and the search keys."""

from __future__ import annotations

import pytest

from jahesh.persian.letters import JOINING, ZWNJ, fold_publish, fold_search


@pytest.mark.parametrize(
    ("arabic", "persian"),
    [("شيراز", "شیراز"), ("كلان", "کلان"), ("مصطفى", "مصطفی"), ("ههه", "ههه")],
)
def test_publishing_fold_writes_arabic_letters_the_persian_way(arabic: str, persian: str) -> None:
    assert fold_publish(arabic) == persian


def test_publishing_fold_drops_harakat_and_tatweel_but_keeps_tanwin_and_ezafe() -> None:
    assert fold_publish("بِسْمِ") == "بسم"
    assert fold_publish("شـــهر") == "شهر"
    assert fold_publish("حتماً") == "حتماً"
    assert fold_publish("خانهٔ") == "خانهٔ"


def test_presentation_forms_copied_from_pdfs_become_plain_letters() -> None:
    assert fold_publish("\ufeb7\ufeec\ufeae") == "شهر"
    assert fold_publish("\ufefb") == "لا"


def test_a_decomposed_hamza_or_madda_is_composed_not_dropped() -> None:
    assert fold_publish("\u0627\u0653ب") == "آب"
    assert fold_publish("مسو\u0654ول") == "مسؤول"
    assert fold_publish("ا\u064e\u0654") == "أ"


def test_search_fold_removes_joiners_bidi_controls_and_hamza_seats() -> None:
    assert fold_search("شهرداری" + ZWNJ + "ها") == "شهرداریها"
    assert fold_search("\u200fرئیس\u202a") == "رییس"
    assert fold_search("۱۲۳") == "123"
    assert fold_search("«سلام»") == " سلام "


def test_only_dual_joining_letters_count_as_joining() -> None:
    assert "ی" in JOINING
    assert "ه" in JOINING
    assert not {"ا", "د", "ر", "ز", "و", "ژ", "ذ"} & JOINING
