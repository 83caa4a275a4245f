"""The planning problem and its answer as frozen, slotted dataclasses (plain values only)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal


class ProblemError(ValueError):
    """A problem file or problem object that cannot be planned as given; the message is Persian."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing wrong with the data; errors stop planning, warnings only leave ceremonies out."""

    severity: Literal["error", "warning"]
    field: str
    message: str


class InfeasibleProblemError(ProblemError):
    """The data make a hard rule impossible (for example a lock that breaks one)."""

    def __init__(self, findings: tuple[Finding, ...]) -> None:
        first = findings[0] if findings else Finding("error", "", "مسئله شدنی نیست.")
        super().__init__(" ".join(f.message for f in findings) or first.message, first.field)
        self.findings = findings


@dataclass(frozen=True, slots=True)
class Ceremony:
    id: str
    ready_from: dt.date
    district: str
    sector: str
    latest: dt.date | None = None
    credit_rial: int = 0
    importance: int = 5
    headline: bool = False
    officials: tuple[str, ...] = ()
    duration_min: int | None = None
    title: str = ""


@dataclass(frozen=True, slots=True)
class Wave:
    id: str
    days: tuple[dt.date, ...]
    slots_per_day: int = 6
    min_ceremonies: int = 0
    max_ceremonies: int = 60
    headline_cap: int = 5
    title: str = ""


@dataclass(frozen=True, slots=True)
class Official:
    id: str
    max_per_day: int = 4
    title: str = ""


@dataclass(frozen=True, slots=True)
class Slot:
    wave: str
    day: dt.date
    slot: int


@dataclass(frozen=True, slots=True)
class Weights:
    """Value points of the soft rules; shown to users and overridable per programme."""

    earliness: float = 1.0
    wave_minimum: float = 300.0
    headline: float = 500.0
    sector_presence: float = 200.0
    district_presence: float = 100.0
    sector_share: float = 150.0
    sector_share_max: float = 0.35
    change: float = 200.0


def _empty_travel() -> Mapping[tuple[str, str], int]:
    return {}


def _empty_caps() -> Mapping[str, int]:
    return {}


def _empty_slots() -> Mapping[str, Slot]:
    return {}


def _empty_stats() -> Mapping[str, float | int | str]:
    return {}


@dataclass(frozen=True, slots=True)
class Problem:
    ceremonies: tuple[Ceremony, ...]
    waves: tuple[Wave, ...]
    officials: tuple[Official, ...] = ()
    travel_min: Mapping[tuple[str, str], int] = field(default_factory=_empty_travel)
    district_chiefs_per_day: int = 3
    district_chiefs_per_day_by_district: Mapping[str, int] = field(default_factory=_empty_caps)
    media_crews_per_slot: int = 4
    slot_minutes: int = 90
    default_duration_min: int = 60
    locks: Mapping[str, Slot] = field(default_factory=_empty_slots)
    previous: Mapping[str, Slot] = field(default_factory=_empty_slots)
    weights: Weights = field(default_factory=Weights)

    def chief_cap(self, district: str) -> int:
        """Return how many ceremonies the district's chief can attend in one day."""
        return self.district_chiefs_per_day_by_district.get(district, self.district_chiefs_per_day)

    def duration(self, ceremony: Ceremony) -> int:
        if ceremony.duration_min is None:
            return self.default_duration_min
        return ceremony.duration_min

    def travel(self, a: str, b: str) -> int | None:
        """Return minutes between two districts, or None when the table does not say."""
        if a == b:
            return 0
        found = self.travel_min.get((a, b))
        if found is None:
            found = self.travel_min.get((b, a))
        return found

    def can_follow(self, first: Ceremony, second: Ceremony) -> bool:
        """Tell whether one official can attend ``second`` in the slot right after ``first``."""
        minutes = self.travel(first.district, second.district)
        if minutes is None:
            return False
        return minutes <= self.slot_minutes - self.duration(first)


@dataclass(frozen=True, slots=True)
class Assignment:
    ceremony: str
    wave: str
    day: dt.date
    slot: int
    locked: bool = False


ExplanationKind = Literal[
    "left_out",
    "wave_minimum",
    "headline",
    "sector_presence",
    "district_presence",
    "sector_share",
    "changed",
    "data",
]


@dataclass(frozen=True, slots=True)
class Explanation:
    kind: ExplanationKind
    message: str
    ceremony: str | None = None
    wave: str | None = None
    subject: str | None = None


@dataclass(frozen=True, slots=True)
class Breakdown:
    earliness: float = 0.0
    wave_minimum: float = 0.0
    headline: float = 0.0
    sector_presence: float = 0.0
    district_presence: float = 0.0
    sector_share: float = 0.0
    changes: float = 0.0

    @property
    def total(self) -> float:
        return (
            self.earliness
            + self.wave_minimum
            + self.headline
            + self.sector_presence
            + self.district_presence
            + self.sector_share
            + self.changes
        )


PlanStatus = Literal["optimal", "feasible", "greedy"]


@dataclass(frozen=True, slots=True)
class Plan:
    assignments: tuple[Assignment, ...]
    objective: float
    bound: float | None
    gap: float | None
    status: PlanStatus
    explanations: tuple[Explanation, ...] = ()
    breakdown: Breakdown = field(default_factory=Breakdown)
    stats: Mapping[str, float | int | str] = field(default_factory=_empty_stats)
