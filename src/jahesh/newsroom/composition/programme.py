"""The cumulative report of a programme so far."""

from __future__ import annotations

from jahesh import persian
from jahesh.newsroom.composition.facts import ComposedArticle, ProgrammeFacts
from jahesh.newsroom.composition.figures import programme_figures
from jahesh.newsroom.composition.phrases import (
    count_of,
    credit_text,
    ordinal,
    publishable,
    triad,
)


def programme_span(facts: ProgrammeFacts) -> tuple[str, str]:
    """The first wave's month and the phrase closing the span, both computed."""
    first = min(w.start_date for w in facts.waves)
    last = max(w.last_day for w in facts.waves)
    start = persian.format_jalali(first, "month")
    end_month = persian.format_jalali(last, "month")
    month_over = persian.format_jalali(facts.as_of, "month") != end_month and facts.as_of > last
    end = f"تا پایان {end_month}" if month_over else f"تا {persian.format_jalali(last)}"
    return start, end


def programme_sentence(facts: ProgrammeFacts, *, place: str) -> str:
    """«تاکنون ۹ مرحله جهش عمرانی در … از بهمن ۱۴۰۱ همزمان با … تا پایان خرداد ۱۴۰۲ تعریف و اجرا
    شده است»."""
    start, end = programme_span(facts)
    occasion = f" همزمان با {facts.first_occasion}" if facts.first_occasion else ""
    return (
        f"تاکنون {count_of(len(facts.waves), facts.wave_noun)} {facts.programme_name} "
        f"در {place} از {start}{occasion} {end} تعریف و اجرا شده است."
    )


def programme_report(facts: ProgrammeFacts) -> ComposedArticle:
    """The cumulative account of a programme so far."""
    if not facts.waves:
        raise ValueError("programme_report needs at least one held wave")
    credit = credit_text(facts.credit_rial, facts.credit_unit)
    kicker = f"کارنامه {facts.programme_name}"
    title = (
        f"{count_of(len(facts.waves), facts.wave_noun)} {facts.programme_name}؛ "
        f"{count_of(facts.project_count, 'پروژه')} به ارزش {credit}"
    )
    lead = f"به گزارش {facts.outlet_name}، " + programme_sentence(
        facts, place=f"شهر {facts.city_name}"
    )
    paragraphs = []
    counts = [(k, n) for k, n in facts.counts_by_kind if n]
    if counts:
        paragraphs.append(
            f"در این {facts.wave_noun}‌ها {triad(counts)} به ارزش {credit} انجام شده است."
        )
    else:
        paragraphs.append(f"ارزش پروژه‌های این {facts.wave_noun}‌ها {credit} است.")
    biggest = sorted(facts.waves, key=lambda w: (-w.project_count, w.number))[0]
    if len(facts.waves) > 1:
        paragraphs.append(
            f"بیشترین شمار پروژه در {ordinal(biggest.number)} {facts.wave_noun} "
            f"با {count_of(biggest.project_count, 'پروژه')} بود."
        )
    paragraphs.append(f"کارنامه {facts.wave_noun} به {facts.wave_noun}:")
    for wave in sorted(facts.waves, key=lambda w: w.number):
        day = persian.format_jalali(wave.start_date)
        wave_credit = credit_text(wave.credit_rial, facts.credit_unit)
        paragraphs.append(
            f"{ordinal(wave.number)} {facts.wave_noun} ({day}): "
            f"{count_of(wave.project_count, 'پروژه')}، {wave_credit}"
        )
    return publishable(
        ComposedArticle(
            kind="programme_report",
            kicker=kicker,
            title=title,
            lead=lead,
            body="\n".join(paragraphs),
            figures=programme_figures(facts),
        )
    )
