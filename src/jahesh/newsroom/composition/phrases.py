"""Small pieces of Persian shared by every genre: numbers, counts, lists, figures, dates."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence

from jahesh import persian
from jahesh.newsroom.composition.facts import (
    COMMISSIONING,
    INAUGURATION,
    KIND_ORDER,
    TEHRAN,
    ComposedArticle,
    ProjectFacts,
)


def number(n: int) -> str:
    """Digits in Persian with the Persian thousands separator (۱۲٬۵۰۰)."""
    return persian.to_persian_digits(f"{n:,}".replace(",", "٬"))


def count_of(n: int, noun: str) -> str:
    """«یک پروژه», «۲ پروژه», «۲۱ پروژه»: the noun stays singular after a number."""
    if n == 1:
        return f"یک {noun}"
    return f"{number(n)} {noun}"


def join_fa(items: Sequence[str]) -> str:
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return "، ".join(items[:-1]) + " و " + items[-1]


def decimal(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return persian.to_persian_digits(text.replace(".", "٫"))


def length_phrase(length_m: int) -> str:
    if length_m >= 1000:
        return f"{decimal(length_m / 1000)} کیلومتر"
    return f"{number(length_m)} متر"


def area_phrase(area_m2: int) -> str:
    if area_m2 >= 10_000:
        return f"{decimal(area_m2 / 10_000)} هکتار"
    return f"{number(area_m2)} مترمربع"


def credit_text(rial: int, unit: str) -> str:
    return persian.credit_phrase(rial, unit)


def ordinal(n: int) -> str:
    return persian.ordinal_word(n)


def kind_counts(projects: Iterable[ProjectFacts]) -> list[tuple[str, int]]:
    counts = Counter(p.kind for p in projects)
    return [(kind, counts[kind]) for kind in KIND_ORDER if counts[kind]]


def triad(counts: Sequence[tuple[str, int]]) -> str:
    """«افتتاح ۵ پروژه، بهره‌برداری از ۳ پروژه و آغاز عملیات اجرایی ۲ پروژه»."""
    parts = []
    for kind, n in counts:
        projects = count_of(n, "پروژه")
        if kind == INAUGURATION:
            parts.append(f"افتتاح {projects}")
        elif kind == COMMISSIONING:
            parts.append(f"بهره‌برداری از {projects}")
        else:
            parts.append(f"آغاز عملیات اجرایی {projects}")
    return join_fa(parts)


def outcomes(counts: Sequence[tuple[str, int]]) -> str:
    """«۵ پروژه افتتاح شد، ۳ پروژه به بهره‌برداری رسید و عملیات اجرایی ۲ پروژه آغاز شد»."""
    parts = []
    for kind, n in counts:
        projects = count_of(n, "پروژه")
        if kind == INAUGURATION:
            parts.append(f"{projects} افتتاح شد")
        elif kind == COMMISSIONING:
            parts.append(f"{projects} به بهره‌برداری رسید")
        else:
            parts.append(f"عملیات اجرایی {projects} آغاز شد")
    return join_fa(parts)


def days_phrase(start: dt.date, end: dt.date) -> str:
    """«روز ۱۲ بهمن ۱۴۰۱», «روزهای ۱۲ و ۱۳ بهمن ۱۴۰۱», «از ۱۲ تا ۱۴ بهمن ۱۴۰۱»."""
    first = persian.format_jalali(start)
    if start == end:
        return f"روز {first}"
    last = persian.format_jalali(end)
    first_day, _, first_month = first.partition(" ")
    _last_day, _, last_month = last.partition(" ")
    if first_month != last_month:
        return f"از {first} تا {last}"
    if (end - start).days == 1:
        return f"روزهای {first_day} و {last}"
    return f"از {first_day} تا {last}"


def occasion_clause(occasion: str) -> str:
    return f"همزمان با {occasion} " if occasion else ""


def publishable(article: ComposedArticle) -> ComposedArticle:
    clean = persian.normalize_for_publish
    return ComposedArticle(
        kind=article.kind,
        kicker=clean(article.kicker),
        title=clean(article.title),
        lead=clean(article.lead),
        body="\n".join(clean(p) for p in article.body.split("\n") if p.strip()),
        headline_titles=article.headline_titles,
        figures=article.figures,
    )


def clock(value: dt.datetime) -> str:
    local = value.astimezone(TEHRAN)
    return persian.to_persian_digits(f"{local.hour}:{local.minute:02d}")
