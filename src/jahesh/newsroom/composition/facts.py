"""The facts composers read: plain frozen dataclasses, built by selectors or by hand."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

TEHRAN = ZoneInfo("Asia/Tehran")

INAUGURATION = "inauguration"
COMMISSIONING = "commissioning"
GROUNDBREAKING = "groundbreaking"
KIND_ORDER = (INAUGURATION, COMMISSIONING, GROUNDBREAKING)

HEADLINES_MIN = 2
HEADLINES_MAX = 5
SECTORS_NAMED_MAX = 5


# Facts


@dataclass(frozen=True, slots=True)
class ProjectFacts:
    """One ceremony's project as a report tells it."""

    title: str
    kind: str  # inauguration, commissioning or groundbreaking
    credit_rial: int
    district: str = ""  # empty: city-wide (فرامنطقه‌ای)
    sectors: tuple[str, ...] = ()
    unit: str = ""
    length_m: int | None = None
    area_m2: int | None = None
    is_headline: bool = False
    importance: int = 5
    # The rows behind the figures (0 where a test builds facts by hand): kept so a printed figure
    # can be traced to them and evaluated again.
    ceremony_id: int = 0
    project_id: int = 0


@dataclass(frozen=True, slots=True)
class OfficialFacts:
    name: str
    position: str
    rank: int


@dataclass(frozen=True, slots=True)
class WaveFacts:
    city_name: str
    outlet_name: str
    programme_name: str
    wave_noun: str
    number: int
    start_date: dt.date
    end_date: dt.date
    projects: tuple[ProjectFacts, ...]
    officials: tuple[OfficialFacts, ...] = ()
    occasion: str = ""
    theme: str = ""
    credit_unit: str = "toman"
    spokesman: str = ""
    headline_cap: int = HEADLINES_MAX


@dataclass(frozen=True, slots=True)
class WaveSummary:
    number: int
    start_date: dt.date
    project_count: int
    credit_rial: int
    end_date: dt.date | None = None

    @property
    def last_day(self) -> dt.date:
        return self.end_date or self.start_date


@dataclass(frozen=True, slots=True)
class ProgrammeFacts:
    city_name: str
    outlet_name: str
    programme_name: str
    wave_noun: str
    as_of: dt.date
    waves: tuple[WaveSummary, ...]
    counts_by_kind: tuple[tuple[str, int], ...] = ()
    first_occasion: str = ""
    credit_unit: str = "toman"

    @property
    def project_count(self) -> int:
        return sum(w.project_count for w in self.waves)

    @property
    def credit_rial(self) -> int:
        return sum(w.credit_rial for w in self.waves)


@dataclass(frozen=True, slots=True)
class AgendaEntry:
    start: dt.datetime  # aware
    end: dt.datetime
    kind: str
    title: str
    district: str = ""
    venue: str = ""


@dataclass(frozen=True, slots=True)
class AgendaFacts:
    official_name: str
    official_position: str
    day: dt.date
    entries: tuple[AgendaEntry, ...]


@dataclass(frozen=True, slots=True)
class SessionFacts:
    """A committee session as the session-report genre tells it (one speaker's account).

    ``statements`` are the speaker's own words (the first is the lead); without them the lead is
    composed from the counts of topics and decisions. ``decisions`` are the session's public
    resolutions; ``extraordinary_dates`` one entry per extraordinary session planned after it
    (None where its day is not set). ``previous_session_topics`` is None for hand-written facts
    (the corpus sentence about the previous session), else the topics carried over from it.
    """

    outlet_name: str
    committee_name: str
    session_number: int
    host: str
    speaker_name: str
    speaker_surname: str
    speaker_position: str
    topics: tuple[str, ...]
    statements: tuple[str, ...]
    headline: str = ""
    previous_session_city: str = ""
    next_steps: str = ""
    programme: ProgrammeFacts | None = None
    programme_started_in: str = ""
    decisions: tuple[str, ...] = ()
    extraordinary_dates: tuple[dt.date | None, ...] = ()
    previous_session_topics: tuple[str, ...] | None = None


PROJECT_COUNT = "project_count"
CREDIT_SUM = "credit_sum"
DISTRICT_COUNT = "district_count"
WAVE_COUNT = "wave_count"
WAVE_ORDINAL = "wave_ordinal"


@dataclass(frozen=True, slots=True)
class Figure:
    """One number a composer printed: what it measures, its exact value and the words written.

    ``kinds`` narrows the rows to ceremonies of those kinds (empty: all of them); ``noun`` is the
    word counted, so the same words can be written again from a new value.
    """

    slot: str
    measure: str
    value: int
    printed: str
    kinds: tuple[str, ...] = ()
    noun: str = ""


@dataclass(frozen=True, slots=True)
class ComposedArticle:
    kind: str
    kicker: str
    title: str
    lead: str
    body: str
    headline_titles: tuple[str, ...] = field(default=())
    figures: tuple[Figure, ...] = field(default=())

    def as_text(self) -> str:
        return f"{self.kicker}\n{self.title}\n\n{self.lead}\n\n{self.body}\n"
