"""Golden test on a committee-session report the repository owns (written for these tests).

``golden/committee-session-report.txt`` is written the way such reports reach us: words joined
without their non-joiners, an Arabic yeh and kaf here and there, Latin digits, compounds split
by a space, and one address. The normaliser must repair each, keep the address byte for byte and
leave names and correctly written words alone. The same checks run on the shared corpus article
when ``../shared`` is present (test_golden_article.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jahesh.persian import normalization_suggestions, normalize_for_publish
from jahesh.persian.letters import ZWNJ

GOLDEN = Path(__file__).parent / "golden"
REPORT = GOLDEN / "committee-session-report.txt"
PUBLISHED = GOLDEN / "committee-session-report.published.txt"
URL = re.compile(r"https://\S+")


@pytest.fixture(scope="module")
def report() -> str:
    return REPORT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def published(report: str) -> str:
    return normalize_for_publish(report)


def _alone(word: str) -> str:
    return rf"(?<![\w{ZWNJ}]){word}(?![\w{ZWNJ}])"


def test_the_report_is_published_exactly_as_the_golden_file(published: str) -> None:
    assert published + "\n" == PUBLISHED.read_text(encoding="utf-8")


def test_the_report_holds_every_defect_it_is_meant_to_test(report: str) -> None:
    outside = URL.sub("", report)
    assert re.search("[يكى]", outside)
    assert re.search("[0-9]", outside)
    assert ZWNJ not in report


def test_its_address_is_byte_identical(report: str, published: str) -> None:
    url = URL.search(report)
    assert url is not None
    assert re.search("[0-9]", url.group())
    assert url.group().encode("utf-8") in published.encode("utf-8")


def test_no_arabic_letter_or_latin_digit_is_left_outside_the_address(published: str) -> None:
    outside = URL.sub("", published)
    assert not re.search("[يكى]", outside)
    assert not re.search("[0-9]", outside)


@pytest.mark.parametrize(
    ("joined", "repaired"),
    [
        ("سیویکمین", "سی‌ویکمین"),
        ("شهرداریهای", "شهرداری‌های"),
        ("کلانشهرهای", "کلان‌شهرهای"),
        ("شهرداریها", "شهرداری‌ها"),
        ("حوزههای", "حوزه‌های"),
        ("بینالملل", "بین‌الملل"),
        ("برنامهریزی", "برنامه‌ریزی"),
        ("پروژههای", "پروژه‌های"),
        ("استانها", "استان‌ها"),
        ("میرسد", "می‌رسد"),
        ("آییننامه", "آیین‌نامه"),
        ("وظایفها", "وظایف‌ها"),
        ("بخشهای", "بخش‌های"),
        ("میکند", "می‌کند"),
        ("بهرهبرداری", "بهره‌برداری"),
        ("کلنگزنی", "کلنگ‌زنی"),
        ("فعالیتهای", "فعالیت‌های"),
        ("عمومیهای", "عمومی‌های"),
        ("دستگاههای", "دستگاه‌های"),
        ("ذیربط", "ذی‌ربط"),
        ("میدهند", "می‌دهند"),
        ("فوقالعادهای", "فوق‌العاده‌ای"),
        ("پیشبینی", "پیش‌بینی"),
        ("واژههای", "واژه‌های"),
        ("واژهای", "واژه‌ای"),
        ("گزارشهای", "گزارش‌های"),
        ("میپردازد", "می‌پردازد"),
    ],
)
def test_every_word_written_joined_gets_its_non_joiner(
    report: str, published: str, joined: str, repaired: str
) -> None:
    assert re.search(_alone(joined), report)
    assert not re.search(_alone(joined), published)
    assert repaired in published


def test_names_and_correct_words_survive(published: str) -> None:
    for word in [
        "فرزانه میرزایی",
        "کامران رستگار",
        "بهرامی",
        "امیدآفرینی",
        "پیشتازان",
        "مسؤول",
        "مهرماه",
        "پیشنهادها",
    ]:
        assert re.search(_alone(word), published), word


def test_the_arabic_letters_become_persian_in_place(published: str) -> None:
    for word in ["مدیران", "دستور کار", "تاکید کرد", "مصطفی بهرامی"]:
        assert word in published


def test_words_separated_by_a_space_stay_apart_and_are_suggested(
    report: str, published: str
) -> None:
    for spaced in ["کلان شهر", "پیش نویس", "تعریف شده", "جمع بندی", "بخش ها"]:
        assert spaced in published
    offered = {(s.original, s.replacement) for s in normalization_suggestions(report)}
    assert ("کلان شهر", "کلان‌شهر") in offered
    assert ("پیش نویس", "پیش‌نویس") in offered
    assert ("جمع بندی", "جمع‌بندی") in offered
    assert ("بخش ها", "بخش‌ها") in offered
    assert not any(original == "تعریف شده" for original, _ in offered)


def test_the_date_line_and_figures_are_persian(published: str) -> None:
    assert "۱۴ مهر ۱۴۰۳ ساعت ۰۹:۴۵" in published
    assert "کد خبر: ۵۸۲۱۳" in published
    assert "۱۲ پروژه" in published
    assert "گزارشگر: فرزانه میرزایی" in published
