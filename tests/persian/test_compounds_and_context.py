"""Persian layer II: «به» set apart, the genre's fixed words, «-ای» decided by context, and words
glued with no space offered apart."""

from __future__ import annotations

import pytest

from jahesh.persian import normalization_suggestions, normalize_for_publish
from jahesh.persian.lexicon import Repairer, load_lexicon, repairer


@pytest.fixture(scope="module")
def fixer() -> Repairer:
    return repairer()


@pytest.mark.parametrize(
    ("joined", "apart"),
    [
        ("بهعنوان", "به‌عنوان"),
        ("بهدنبال", "به‌دنبال"),
        ("بهصورت", "به‌صورت"),
        ("بهمنظور", "به‌منظور"),
        ("بهسرعت", "به‌سرعت"),
        ("بهراحتی", "به‌راحتی"),
        ("بهمناسبت", "به‌مناسبت"),
        ("بهخاطر", "به‌خاطر"),
        ("بهگزارش", "به‌گزارش"),
        ("بهدست", "به‌دست"),
        ("بهنظر", "به‌نظر"),
        ("بهبهرهبرداری", "به‌بهره‌برداری"),
    ],
)
def test_the_preposition_be_written_joined_is_set_apart(
    fixer: Repairer, joined: str, apart: str
) -> None:
    assert fixer.repair(joined) == apart


@pytest.mark.parametrize(
    "word",
    [
        "بهتر",
        "بهترین",
        "بهره",
        "بهار",
        "بهاران",
        "بهداشت",
        "بهداشتی",
        "بهشت",
        "بهشتی",
        "بها",
        "بهانه",
        "بهمن",
        "بهبود",
        "بهینه",
        "بهنام",
        "بهروز",
        "بهنیا",
        "بهزیستی",
    ],
)
def test_words_whose_stem_begins_with_be_stay_whole(fixer: Repairer, word: str) -> None:
    assert fixer.repair(word) == word


def test_a_be_stem_with_an_ending_is_repaired_as_that_stem(fixer: Repairer) -> None:
    assert fixer.repair("بهرهها") == "بهره‌ها"
    assert fixer.repair("بهرهبرداریها") == "بهره‌برداری‌ها"


def test_the_be_stems_come_with_the_lexicon() -> None:
    assert {"بهتر", "بهره", "بهار", "بهداشت", "بهشت", "بها"} <= load_lexicon().be_stems


def test_a_stem_listed_as_short_as_bahaa_does_not_stop_be_before_a_word() -> None:
    # «بها» is a stem, but «بهاجرا» is «به» + «اجرا»: the rest after the stem is no ending.
    assert repairer().repair("بهاجرا") == "به‌اجرا"


@pytest.mark.parametrize(
    ("joined", "repaired"),
    [
        ("بالغبر", "بالغ‌بر"),
        ("هزینهکرد", "هزینه‌کرد"),
        ("اختصاصیافته", "اختصاص‌یافته"),
        ("قائممقام", "قائم‌مقام"),
        ("هیئتمدیره", "هیئت‌مدیره"),
        ("نایبرئیس", "نایب‌رئیس"),
        ("افتتاحشده", "افتتاح‌شده"),
        ("تکمیلشده", "تکمیل‌شده"),
        ("مناسبسازی", "مناسب‌سازی"),
        ("پیادهراهسازی", "پیاده‌راه‌سازی"),
        ("علیرغم", "علی‌رغم"),
        ("لازمالاجرا", "لازم‌الاجرا"),
        ("مصرفکننده", "مصرف‌کننده"),
    ],
)
def test_fixed_words_of_official_and_financial_style_get_their_non_joiners(
    fixer: Repairer, joined: str, repaired: str
) -> None:
    assert fixer.repair(joined) == repaired


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("مجموعهای از پروژهها", "مجموعه‌ای از پروژه‌ها"),
        ("یک خانهای در محله", "یک خانه‌ای در محله"),
        ("هر نامهای که رسید", "هر نامه‌ای که رسید"),
        ("3 هفتهای کار", "۳ هفته‌ای کار"),
        ("سه هفتهای کار", "سه هفته‌ای کار"),
    ],
)
def test_the_indefinite_ending_is_applied_where_the_words_around_decide_it(
    text: str, published: str
) -> None:
    assert normalize_for_publish(text) == published
    assert normalize_for_publish(published) == published
    assert normalization_suggestions(text) == [] or all(
        "دو خوانش" not in s.reason for s in normalization_suggestions(text)
    )


@pytest.mark.parametrize("text", ["محلهای جدید", "نامهای رسیده", "خانهای شهر"])
def test_the_indefinite_ending_stays_a_suggestion_where_both_readings_stand(text: str) -> None:
    assert normalize_for_publish(text) == text
    [suggestion] = normalization_suggestions(text)
    assert "دو خوانش" in suggestion.reason


@pytest.mark.parametrize(
    ("text", "split"),
    [
        ("در بلوارچمران", "بلوار چمران"),
        ("خیابان شهیدبهشتی", "شهید بهشتی"),
        ("اداره میراثفرهنگی", "میراث فرهنگی"),
        ("گزارش شدهاست", "شده است"),
        ("۱۳ میلیاردریال", "میلیارد ریال"),
    ],
)
def test_two_words_glued_with_no_space_are_suggested_apart_and_not_changed(
    text: str, split: str
) -> None:
    assert normalize_for_publish(text) == normalize_for_publish(text.replace(split, split))
    glued = split.replace(" ", "")
    assert glued in normalize_for_publish(text)
    [suggestion] = [s for s in normalization_suggestions(text) if s.replacement == split]
    assert text[suggestion.start : suggestion.end] == glued


@pytest.mark.parametrize("word", ["خسروبیگ", "جاویدی", "مدیرکل", "شهرداری", "پیمانکاران"])
def test_known_words_and_names_are_not_offered_apart(word: str) -> None:
    assert normalization_suggestions(word) == []


def test_every_kind_of_the_genre_vocabulary_is_in_the_shipped_lexicon(fixer: Repairer) -> None:
    import importlib.util
    import sys
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "scripts" / "build_lexicon.py"
    spec = importlib.util.spec_from_file_location("build_lexicon_kinds", path)
    assert spec is not None
    assert spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = build
    spec.loader.exec_module(build)
    kinds = build.GENRE_COMPOUNDS
    assert set(kinds) == {"credit", "office", "ceremony", "infrastructure", "arabic"}
    for kind, text in kinds.items():
        forms = text.split()
        assert forms, kind
        for form in forms:
            assert fixer.repair(form.replace("\u200c", "")) == form, (kind, form)
