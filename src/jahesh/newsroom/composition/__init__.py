"""Compose Persian news texts from data alone: no language model, no typed-in figures.

Every composer takes plain frozen dataclasses (the selectors build them from rows; tests build
them by hand) and returns a ``ComposedArticle`` whose fields have passed
``persian.normalize_for_publish``. Counts, credit and spans are computed here from the facts,
never copied from elsewhere, so the text agrees with the database it was drawn from.

Grammar kept by hand: a noun after a number stays singular in Persian (۹ پروژه), «یک» is written
out for one, a list joins with «،» and a final «و», and plural heads (حوزه‌های، پروژه‌های شاخص)
become singular when the list has one item.

The package is cut by genre: ``facts`` (the dataclasses), ``phrases`` (the shared Persian pieces),
``waves``, ``programme``, ``agenda`` and ``session``; everything public is re-exported here.
"""

from __future__ import annotations

from jahesh.newsroom.composition.agenda import KIND_NOUNS, daily_agenda
from jahesh.newsroom.composition.facts import (
    COMMISSIONING,
    CREDIT_SUM,
    DISTRICT_COUNT,
    GROUNDBREAKING,
    HEADLINES_MAX,
    HEADLINES_MIN,
    INAUGURATION,
    KIND_ORDER,
    PROJECT_COUNT,
    TEHRAN,
    WAVE_COUNT,
    WAVE_ORDINAL,
    AgendaEntry,
    AgendaFacts,
    ComposedArticle,
    Figure,
    OfficialFacts,
    ProgrammeFacts,
    ProjectFacts,
    SessionFacts,
    WaveFacts,
    WaveSummary,
)
from jahesh.newsroom.composition.figures import (
    FIGURE_MEASURES,
    figure_rows,
    figure_value,
    figure_words,
    programme_figures,
    programme_value,
    wave_figures,
)
from jahesh.newsroom.composition.phrases import (
    area_phrase,
    count_of,
    join_fa,
    length_phrase,
    number,
    triad,
)
from jahesh.newsroom.composition.programme import (
    programme_report,
    programme_sentence,
    programme_span,
)
from jahesh.newsroom.composition.session import session_report
from jahesh.newsroom.composition.waves import choose_headlines, wave_announcement, wave_report

__all__ = [
    "COMMISSIONING",
    "CREDIT_SUM",
    "DISTRICT_COUNT",
    "FIGURE_MEASURES",
    "GROUNDBREAKING",
    "HEADLINES_MAX",
    "HEADLINES_MIN",
    "INAUGURATION",
    "KIND_NOUNS",
    "KIND_ORDER",
    "PROJECT_COUNT",
    "TEHRAN",
    "WAVE_COUNT",
    "WAVE_ORDINAL",
    "AgendaEntry",
    "AgendaFacts",
    "ComposedArticle",
    "Figure",
    "OfficialFacts",
    "ProgrammeFacts",
    "ProjectFacts",
    "SessionFacts",
    "WaveFacts",
    "WaveSummary",
    "area_phrase",
    "choose_headlines",
    "count_of",
    "daily_agenda",
    "figure_rows",
    "figure_value",
    "figure_words",
    "join_fa",
    "length_phrase",
    "number",
    "programme_figures",
    "programme_report",
    "programme_sentence",
    "programme_span",
    "programme_value",
    "session_report",
    "triad",
    "wave_announcement",
    "wave_figures",
    "wave_report",
]
