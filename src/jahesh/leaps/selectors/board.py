"""Everything the planning board shows, read in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from jahesh import persian
from jahesh.leaps.models import (
    Plan,
    PlanAssignment,
    Programme,
    Wave,
)
from jahesh.leaps.selectors.programmes import (
    officials_of,
    plan_assignments,
    plan_current,
    plannable_ceremonies,
    wave_list,
)
from jahesh.registry.models import (
    Ceremony,
    District,
    Official,
    Sector,
)

# The planning board


@dataclass(frozen=True, slots=True)
class BoardFilters:
    sector: int | None = None
    district: int | None = None
    official: int | None = None
    kind: str = ""
    query: str = ""

    @property
    def active(self) -> bool:
        return bool(self.sector or self.district or self.official or self.kind or self.query)


@dataclass(frozen=True, slots=True)
class Card:
    ceremony: Ceremony
    assignment: PlanAssignment | None
    sectors: list[str]
    district: str
    officials: list[Official]
    start: dt.datetime | None  # naive local time of its slot
    notes: tuple[str, ...] = ()  # the plan's explanations about this ceremony

    @property
    def misplaced(self) -> bool:
        """Whether its day has fallen out of the ceremony's window (the ceremony slipped)."""
        if self.assignment is None:
            return False
        day, ceremony = self.assignment.day, self.ceremony
        return day < ceremony.ready_from or (
            ceremony.latest_date is not None and day > ceremony.latest_date
        )


@dataclass(slots=True)
class BoardColumn:
    wave: Wave
    cards: list[Card] = field(default_factory=list)  # after filters
    all_cards: list[Card] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.all_cards)


@dataclass(slots=True)
class Board:
    programme: Programme
    plan: Plan | None
    columns: list[BoardColumn]
    left_out: list[Card]
    sectors: list[tuple[int, str]]
    districts: list[tuple[int, str]]
    officials: list[Official]

    @property
    def misplaced_count(self) -> int:
        """Slipped ceremonies a repair can move (those in waves that are not frozen)."""
        return sum(
            1
            for column in self.columns
            if not column.wave.is_frozen
            for card in column.all_cards
            if card.misplaced
        )


def _card(
    ceremony: Ceremony, assignment: PlanAssignment | None, notes: dict[int, list[str]]
) -> Card:
    project = ceremony.project
    start = None
    if assignment is not None:
        start = assignment.wave.slot_start(assignment.day, assignment.slot)
    return Card(
        ceremony=ceremony,
        assignment=assignment,
        sectors=[s.name for s in project.sectors.all()],
        district=project.district.name if project.district else "فرامنطقه‌ای",
        officials=list(ceremony.officials_requested.all()),
        start=start,
        notes=tuple(notes.get(ceremony.pk, ())),
    )


def _matches(card: Card, filters: BoardFilters) -> bool:
    project = card.ceremony.project
    if filters.sector and filters.sector not in {s.pk for s in project.sectors.all()}:
        return False
    if filters.district and project.district_id != filters.district:
        return False
    if filters.official and filters.official not in {o.pk for o in card.officials}:
        return False
    if filters.kind and card.ceremony.kind != filters.kind:
        return False
    return not (
        filters.query and persian.search_key(filters.query) not in persian.search_key(project.title)
    )


def board_get(*, programme: Programme, filters: BoardFilters) -> Board:
    """Everything the board shows, in a fixed number of queries however many cards there are."""
    waves = wave_list(programme=programme)
    plan = plan_current(programme=programme)
    columns = {w.pk: BoardColumn(wave=w) for w in waves}
    notes: dict[int, list[str]] = defaultdict(list)
    if plan is not None:
        for item in plan.explanations:
            if item.get("ceremony"):
                notes[int(item["ceremony"])].append(str(item["message"]))
    placed: set[int] = set()
    if plan is not None:
        for assignment in plan_assignments(plan=plan):
            placed.add(assignment.ceremony_id)
            column = columns.get(assignment.wave_id)
            if column is None:
                continue
            # The wave row was already read; reuse it so the card's times cost no query.
            assignment.wave = column.wave
            card = _card(assignment.ceremony, assignment, notes)
            column.all_cards.append(card)
            if _matches(card, filters):
                column.cards.append(card)
    left_out = [
        card
        for card in (
            _card(c, None, notes)
            for c in plannable_ceremonies(municipality=programme.municipality)
            if c.pk not in placed
        )
        if _matches(card, filters)
    ]
    municipality = programme.municipality
    return Board(
        programme=programme,
        plan=plan,
        columns=list(columns.values()),
        left_out=left_out,
        sectors=list(
            Sector.objects.filter(municipality=municipality)
            .order_by("name")
            .values_list("pk", "name")
        ),
        districts=list(
            District.objects.filter(municipality=municipality)
            .order_by("number")
            .values_list("pk", "name")
        ),
        officials=officials_of(municipality=municipality),
    )
