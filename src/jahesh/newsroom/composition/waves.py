"""Wave announcements (before) and wave reports (after)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from jahesh import persian
from jahesh.newsroom.composition.facts import (
    COMMISSIONING,
    HEADLINES_MAX,
    HEADLINES_MIN,
    INAUGURATION,
    SECTORS_NAMED_MAX,
    ComposedArticle,
    OfficialFacts,
    ProjectFacts,
    WaveFacts,
)
from jahesh.newsroom.composition.figures import wave_figures
from jahesh.newsroom.composition.phrases import (
    area_phrase,
    count_of,
    credit_text,
    days_phrase,
    join_fa,
    kind_counts,
    length_phrase,
    occasion_clause,
    ordinal,
    outcomes,
    publishable,
    triad,
)
from jahesh.newsroom.errors import AnnouncementAfterTheWaveError


def _top_official(officials: Sequence[OfficialFacts]) -> OfficialFacts | None:
    if not officials:
        return None
    return sorted(officials, key=lambda o: (-o.rank, o.name))[0]


def _sector_counts(projects: Sequence[ProjectFacts]) -> list[tuple[str, int]]:
    counts = Counter(s for p in projects for s in p.sectors)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _sectors_sentence(projects: Sequence[ProjectFacts]) -> str:
    sectors = [name for name, _ in _sector_counts(projects)]
    if not sectors:
        return ""
    named = sectors[:SECTORS_NAMED_MAX]
    rest = len(sectors) - len(named)
    listing = join_fa([*named, f"{count_of(rest, 'حوزه')} دیگر"] if rest else named)
    head = "حوزه" if len(sectors) == 1 else "حوزه‌های"
    return f"{head} {listing}"


def _bundles(districts: Sequence[tuple[str, int]]) -> list[str]:
    """«منطقه ۷ با ۲ پروژه»; districts with the same count share one phrase
    («مناطق ۱، ۳ و ۵ هر کدام با یک پروژه»)."""
    by_count: dict[int, list[str]] = {}
    for name, n in districts:
        by_count.setdefault(n, []).append(name)
    phrases = []
    for n in sorted(by_count, reverse=True):
        names = by_count[n]
        if len(names) == 1:
            phrases.append(f"{names[0]} با {count_of(n, 'پروژه')}")
        else:
            phrases.append(f"{join_fa(names)} هر کدام با {count_of(n, 'پروژه')}")
    return phrases


def _district_counts(projects: Sequence[ProjectFacts]) -> tuple[list[tuple[str, int]], int]:
    counts = Counter(p.district for p in projects if p.district)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], _district_sort_key(item[0])))
    citywide = sum(1 for p in projects if not p.district)
    return ordered, citywide


def _district_sort_key(name: str) -> tuple[int, str]:
    digits = "".join(ch for ch in persian.to_latin_digits(name) if ch.isdigit())
    return (int(digits) if digits else 10_000, name)


def choose_headlines(
    projects: Sequence[ProjectFacts], cap: int = HEADLINES_MAX
) -> list[ProjectFacts]:
    """Two to five flagships: flagged ones first, then by credit and importance."""
    cap = max(1, min(cap, HEADLINES_MAX))
    ranked = sorted(
        projects, key=lambda p: (not p.is_headline, -p.credit_rial, -p.importance, p.title)
    )
    flagged = [p for p in ranked if p.is_headline][:cap]
    if len(flagged) >= HEADLINES_MIN:
        return flagged
    return ranked[: max(HEADLINES_MIN, len(flagged))][:cap]


def _figures(project: ProjectFacts, credit_unit: str) -> str:
    parts = []
    if project.length_m:
        parts.append(f"به طول {length_phrase(project.length_m)}")
    if project.area_m2:
        parts.append(f"به مساحت {area_phrase(project.area_m2)}")
    if project.credit_rial:
        parts.append(f"با اعتبار {credit_text(project.credit_rial, credit_unit)}")
    return join_fa(parts)


def _headline_sentence(project: ProjectFacts, credit_unit: str) -> str:
    where = f" در {project.district}" if project.district else ""
    figures = _figures(project, credit_unit)
    middle = f"{where}، {figures}،" if figures else where
    if project.kind == INAUGURATION:
        sentence = f"«{project.title}»{middle} افتتاح شد."
    elif project.kind == COMMISSIONING:
        sentence = f"«{project.title}»{middle} به بهره‌برداری رسید."
    else:
        sentence = f"عملیات اجرایی «{project.title}»{middle} آغاز شد."
    if project.unit:
        sentence += f" این پروژه از پروژه‌های {project.unit} است."
    return sentence


def _wave_name(facts: WaveFacts) -> str:
    return f"{ordinal(facts.number)} {facts.wave_noun} {facts.programme_name}"


# Genres


def wave_announcement(facts: WaveFacts, *, written_on: dt.date) -> ComposedArticle:
    """The spokesman's pre-announcement, a day or two before the wave, written on ``written_on``.

    Raise ``AnnouncementAfterTheWaveError`` when the wave's last day is before ``written_on``:
    the genre speaks of what is coming, and a wave already over gets a report instead.
    """
    if not facts.projects:
        raise ValueError("wave_announcement needs at least one project")
    if written_on > facts.end_date:
        raise AnnouncementAfterTheWaveError(
            f"{_wave_name(facts)} {days_phrase(facts.start_date, facts.end_date)} برگزار شده "
            "است؛ پیش‌خبر از آینده سخن می‌گوید، پس به جای آن گزارش این مرحله را بنویسید."
        )
    # On the wave's own days «طی روزهای آتی» would be wrong: it is happening now.
    when = "در همین روزها" if written_on >= facts.start_date else "طی روزهای آتی"
    projects = facts.projects
    total = len(projects)
    credit = credit_text(sum(p.credit_rial for p in projects), facts.credit_unit)
    counts = kind_counts(projects)
    speaker = (
        f"{facts.spokesman}، سخنگوی شهرداری {facts.city_name}،"
        if facts.spokesman
        else f"سخنگوی شهرداری {facts.city_name}"
    )
    kicker = f"سخنگوی شهرداری {facts.city_name} خبر داد"
    title = (
        f"{_wave_name(facts)} با {count_of(total, 'پروژه')} "
        f"{occasion_clause(facts.occasion)}برگزار می‌شود"
    )
    lead = (
        f"{speaker} از برگزاری {_wave_name(facts)} {occasion_clause(facts.occasion)}"
        f"با {triad(counts)} به ارزش {credit} {when} خبر داد."
    )
    paragraphs = [
        f"به گفته {'او' if facts.spokesman else 'سخنگوی شهرداری'}، آیین‌های این {facts.wave_noun} "
        f"{days_phrase(facts.start_date, facts.end_date)} برگزار می‌شود."
    ]
    sectors = _sectors_sentence(projects)
    districts, citywide = _district_counts(projects)
    where = []
    if districts:
        where.append(f"{count_of(len(districts), 'منطقه')} شهر")
    if citywide:
        where.append(f"{count_of(citywide, 'پروژه')} فرامنطقه‌ای")
    if sectors:
        paragraphs.append(
            f"پروژه‌های این {facts.wave_noun} در {sectors} است و {join_fa(where)} را در بر می‌گیرد."
        )
    headlines = choose_headlines(projects, facts.headline_cap) if total > 1 else list(projects)
    if headlines:
        names = join_fa([f"«{p.title}»" for p in headlines])
        head = "پروژه شاخص" if len(headlines) == 1 else "از جمله پروژه‌های شاخص"
        paragraphs.append(f"{head} این {facts.wave_noun} {names} است.")
    if facts.theme:
        paragraphs.append(f"شعار این {facts.wave_noun} «{facts.theme}» است.")
    return publishable(
        ComposedArticle(
            kind="wave_announcement",
            kicker=kicker,
            title=title,
            lead=lead,
            body="\n".join(paragraphs),
            headline_titles=tuple(p.title for p in headlines),
            figures=wave_figures(projects, credit_unit=facts.credit_unit, number=facts.number),
        )
    )


def wave_report(facts: WaveFacts) -> ComposedArticle:
    """The report after the wave: counts by kind, credit, places, flagships, bundles."""
    if not facts.projects:
        raise ValueError("wave_report needs at least one project")
    projects = facts.projects
    total = len(projects)
    credit = credit_text(sum(p.credit_rial for p in projects), facts.credit_unit)
    counts = kind_counts(projects)
    official = _top_official(facts.officials)
    presence = f" و با حضور {official.name}، {official.position}،" if official else ""
    kicker = (
        f"همزمان با {facts.occasion}"
        if facts.occasion
        else f"{facts.programme_name} {facts.city_name}"
    )
    title = f"{count_of(total, 'پروژه')} با {credit} اعتبار در {_wave_name(facts)}"
    lead = (
        f"به گزارش {facts.outlet_name}، {_wave_name(facts)} {occasion_clause(facts.occasion)}"
        f"با {triad(counts)} به ارزش {credit}{presence} "
        f"{days_phrase(facts.start_date, facts.end_date)} در {facts.city_name} برگزار شد."
    )
    paragraphs = []
    if len(counts) > 1:
        paragraphs.append(f"در این {facts.wave_noun}، {outcomes(counts)}.")
    sectors = _sectors_sentence(projects)
    districts, citywide = _district_counts(projects)
    if sectors:
        place = f" و در {count_of(len(districts), 'منطقه')} شهر" if districts else ""
        head = "این پروژه" if total == 1 else f"پروژه‌های این {facts.wave_noun}"
        paragraphs.append(f"{head} در {sectors}{place} اجرا شده است.")
    headlines = choose_headlines(projects, facts.headline_cap) if total > 1 else list(projects)
    if headlines:
        paragraphs.append(
            ("پروژه شاخص" if len(headlines) == 1 else "پروژه‌های شاخص") + f" این {facts.wave_noun}:"
        )
        paragraphs.extend(_headline_sentence(p, facts.credit_unit) for p in headlines)
    shown = {id(p) for p in headlines}
    rest = [p for p in projects if id(p) not in shown]
    if rest and (districts or citywide):
        rest_districts, rest_citywide = _district_counts(rest)
        bundles = _bundles(rest_districts)
        if rest_citywide:
            bundles.append(f"{count_of(rest_citywide, 'پروژه')} فرامنطقه‌ای")
        paragraphs.append(
            f"{count_of(len(rest), 'پروژه')} دیگر این {facts.wave_noun} "
            f"به تفکیک منطقه: {join_fa(bundles)}."
        )
    if facts.theme:
        paragraphs.append(f"شعار این {facts.wave_noun} «{facts.theme}» بود.")
    return publishable(
        ComposedArticle(
            kind="wave_report",
            kicker=kicker,
            title=title,
            lead=lead,
            body="\n".join(paragraphs),
            headline_titles=tuple(p.title for p in headlines),
            figures=wave_figures(projects, credit_unit=facts.credit_unit, number=facts.number),
        )
    )
