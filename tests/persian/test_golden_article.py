"""Golden test: the committee-session article from ../shared/corpus, as published.

An extra check where the shared corpus is present: every behaviour here is also tested on a
report the repository owns (test_golden_report.py), so a plain clone loses no coverage.

The article was published without non-joiners, with an Arabic yeh and with Latin digits; the
normaliser must repair each of those and keep its URL byte for byte.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jahesh.persian import normalization_suggestions, normalize_for_publish
from jahesh.persian.letters import ZWNJ
from tests.shared_data import SHARED_DIR

ARTICLE = SHARED_DIR / "corpus" / "committee-session-article.txt"
GOLDEN = Path(__file__).parent / "golden" / "committee-session-article.published.txt"


if not ARTICLE.exists():
    # One skip for the whole module: these are extra checks of what test_golden_report tests.
    pytest.skip(
        "extra checks on the shared corpus (absent); test_golden_report covers them",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def article() -> str:
    return ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def published(article: str) -> str:
    return normalize_for_publish(article)


def test_the_article_is_published_exactly_as_the_golden_file(published: str) -> None:
    assert published + "\n" == GOLDEN.read_text(encoding="utf-8")


def test_its_url_is_byte_identical(article: str, published: str) -> None:
    url = re.search(r"https://\S+", article)
    assert url is not None
    assert url.group() in published
    assert url.group().encode("utf-8") in published.encode("utf-8")


def test_no_arabic_letter_or_latin_digit_is_left_outside_the_url(published: str) -> None:
    outside = re.sub(r"https://\S+", "", published)
    assert not re.search("[يكى]", outside)
    assert not re.search("[0-9]", outside)


@pytest.mark.parametrize(
    ("joined", "repaired"),
    [
        ("بینالملل", "بین‌الملل"),
        ("شهرداریها", "شهرداری‌ها"),
        ("شهرداریهای", "شهرداری‌های"),
        ("میرسد", "می‌رسد"),
        ("کلانشهرهای", "کلان‌شهرهای"),
        ("عمومیهای", "عمومی‌های"),
        ("سیویکمین", "سی‌ویکمین"),
        ("بخشهای", "بخش‌های"),
        ("وظایفها", "وظایف‌ها"),
        ("واژههای", "واژه‌های"),
        ("واژهای", "واژه‌ای"),
        ("فعالیتهای", "فعالیت‌های"),
        ("حوزههای", "حوزه‌های"),
        ("برنامهریزی", "برنامه‌ریزی"),
        ("میدهند", "می‌دهند"),
        ("بهرهبرداری", "بهره‌برداری"),
        ("کلنگزنی", "کلنگ‌زنی"),
        ("پروژههای", "پروژه‌های"),
        ("میپردازد", "می‌پردازد"),
        ("فوقالعادهای", "فوق‌العاده‌ای"),
        ("پیشبینی", "پیش‌بینی"),
        ("ذیربط", "ذی‌ربط"),
    ],
)
def test_every_word_written_joined_gets_its_non_joiner(
    article: str, published: str, joined: str, repaired: str
) -> None:
    assert re.search(rf"(?<![\w{ZWNJ}]){joined}(?![\w{ZWNJ}])", article)
    assert not re.search(rf"(?<![\w{ZWNJ}]){joined}(?![\w{ZWNJ}])", published)
    assert repaired in published


def test_names_and_correct_words_survive(published: str) -> None:
    for word in ["خسروبیگ", "جاویدی", "امیدآفرینی", "پیشتازان", "حافظ خبر", "مسؤول", "تیرماه"]:
        assert word in published


def test_words_separated_by_a_space_stay_apart_and_are_suggested(
    article: str, published: str
) -> None:
    for spaced in ["کلان شهر", "پیش نویس", "اطلاع رسانی", "تعریف شده", "جمع بندی", "بخش ها"]:
        assert spaced in published
    offered = {(s.original, s.replacement) for s in normalization_suggestions(article)}
    assert ("کلان شهر", "کلان‌شهر") in offered
    assert ("پیش نویس", "پیش‌نویس") in offered
    assert ("بخش ها", "بخش‌ها") in offered
    assert not any(original == "تعریف شده" for original, _ in offered)


def test_the_date_line_is_persian(published: str) -> None:
    assert "۳ تیر ۱۴۰۲ ساعت ۱۲:۳۱" in published
    assert "گزارشگر: منیره خسروبیگ" in published
