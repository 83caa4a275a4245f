"""The figures a composer prints, kept apart from the words so they can be evaluated again.

A wave's figures are counts and sums over its projects; ``figure_rows`` says which projects a
figure stands on and ``figure_value``/``figure_words`` compute it and write it exactly as the
composer did. The drift check runs the same three functions on today's rows, so "the printed
words are still true" means the same thing at publication and every night after.
"""

from __future__ import annotations

from collections.abc import Sequence

from jahesh.newsroom.composition.facts import (
    CREDIT_SUM,
    DISTRICT_COUNT,
    PROJECT_COUNT,
    WAVE_COUNT,
    WAVE_ORDINAL,
    Figure,
    ProgrammeFacts,
    ProjectFacts,
)
from jahesh.newsroom.composition.phrases import count_of, credit_text, kind_counts, ordinal

FIGURE_MEASURES = (PROJECT_COUNT, CREDIT_SUM, DISTRICT_COUNT, WAVE_COUNT, WAVE_ORDINAL)


def figure_rows(figure: Figure, projects: Sequence[ProjectFacts]) -> list[ProjectFacts]:
    """The projects a figure counts or sums; a district count stands on the projects that have
    a district (city-wide ones are told apart in the text)."""
    if figure.measure == WAVE_ORDINAL:
        return []  # the wave's own number, not a count of its rows
    rows = [p for p in projects if not figure.kinds or p.kind in figure.kinds]
    if figure.measure == DISTRICT_COUNT:
        rows = [p for p in rows if p.district]
    return rows


def figure_value(measure: str, rows: Sequence[ProjectFacts]) -> int:
    if measure == CREDIT_SUM:
        return sum(p.credit_rial for p in rows)
    if measure == DISTRICT_COUNT:
        return len({p.district for p in rows})
    return len(rows)


def figure_words(measure: str, value: int, *, noun: str, credit_unit: str) -> str:
    """The words the composer writes for ``value``: the rounding lives in ``credit_text``."""
    if measure == CREDIT_SUM:
        return credit_text(value, credit_unit)
    if measure == WAVE_ORDINAL:
        return ordinal(value)
    return count_of(value, noun)


def _figure(
    slot: str,
    measure: str,
    projects: Sequence[ProjectFacts],
    *,
    noun: str = "",
    credit_unit: str = "toman",
    kinds: tuple[str, ...] = (),
) -> Figure:
    shape = Figure(slot=slot, measure=measure, value=0, printed="", kinds=kinds, noun=noun)
    value = figure_value(measure, figure_rows(shape, projects))
    return Figure(
        slot=slot,
        measure=measure,
        value=value,
        printed=figure_words(measure, value, noun=noun, credit_unit=credit_unit),
        kinds=kinds,
        noun=noun,
    )


def wave_figures(
    projects: Sequence[ProjectFacts], *, credit_unit: str, number: int = 0
) -> tuple[Figure, ...]:
    """Every figure a wave announcement or report prints: the wave's ordinal («نهمین»), the
    projects, the credit, each kind's count and the number of districts."""
    figures = [] if not number else [Figure("ordinal", WAVE_ORDINAL, number, ordinal(number))]
    figures += [
        _figure("projects", PROJECT_COUNT, projects, noun="پروژه"),
        _figure("credit", CREDIT_SUM, projects, credit_unit=credit_unit),
    ]
    figures.extend(
        _figure(f"kind-{kind}", PROJECT_COUNT, projects, noun="پروژه", kinds=(kind,))
        for kind, _count in kind_counts(projects)
    )
    if any(p.district for p in projects):
        figures.append(_figure("districts", DISTRICT_COUNT, projects, noun="منطقه"))
    return tuple(figures)


def programme_value(measure: str, facts: ProgrammeFacts) -> int:
    """A programme report's figure: waves so far, their projects, or their credit."""
    if measure == WAVE_COUNT:
        return len(facts.waves)
    if measure == CREDIT_SUM:
        return facts.credit_rial
    return facts.project_count


def programme_figures(facts: ProgrammeFacts) -> tuple[Figure, ...]:
    """Every figure a programme report prints about the whole programme («تاکنون ۹ مرحله»)."""
    shapes = (
        ("waves", WAVE_COUNT, facts.wave_noun),
        ("projects", PROJECT_COUNT, "پروژه"),
        ("credit", CREDIT_SUM, ""),
    )
    figures = []
    for slot, measure, noun in shapes:
        value = programme_value(measure, facts)
        printed = figure_words(measure, value, noun=noun, credit_unit=facts.credit_unit)
        figures.append(Figure(slot=slot, measure=measure, value=value, printed=printed, noun=noun))
    return tuple(figures)
