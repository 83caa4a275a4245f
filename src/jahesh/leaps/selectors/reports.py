"""Reads that compare and summarise plans: diffs, balance per wave, agendas."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from jahesh.leaps.models import (
    Plan,
    PlanAssignment,
    PlanRun,
    Programme,
    Wave,
)
from jahesh.leaps.selectors.programmes import (
    plan_assignments,
    plan_current,
)
from jahesh.registry.models import (
    Ceremony,
    Official,
)


@dataclass(frozen=True, slots=True)
class PlanChange:
    ceremony_id: int
    title: str
    before: tuple[int, dt.date, int] | None  # (wave number, day, slot)
    after: tuple[int, dt.date, int] | None


@dataclass(slots=True)
class PlanDiff:
    added: list[PlanChange] = field(default_factory=list)
    removed: list[PlanChange] = field(default_factory=list)
    moved: list[PlanChange] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return len(self.added) + len(self.removed) + len(self.moved)


def _placements(plan: Plan | None) -> dict[int, tuple[str, tuple[int, dt.date, int]]]:
    if plan is None:
        return {}
    rows = PlanAssignment.objects.filter(plan=plan).values_list(
        "ceremony_id",
        "ceremony__project__title",
        "ceremony__kind",
        "wave__number",
        "day",
        "slot",
    )
    return {
        ceremony_id: (title, (number, day, slot))
        for ceremony_id, title, _kind, number, day, slot in rows
    }


def plan_diff(*, before: Plan | None, after: Plan) -> PlanDiff:
    """Compare two plans of one programme ceremony by ceremony, in two queries."""
    old = _placements(before)
    new = _placements(after)
    diff = PlanDiff()
    for ceremony_id, (title, place) in sorted(new.items(), key=lambda kv: kv[1][1]):
        if ceremony_id not in old:
            diff.added.append(PlanChange(ceremony_id, title, None, place))
        elif old[ceremony_id][1] != place:
            diff.moved.append(PlanChange(ceremony_id, title, old[ceremony_id][1], place))
        else:
            diff.unchanged += 1
    for ceremony_id, (title, place) in sorted(old.items(), key=lambda kv: kv[1][1]):
        if ceremony_id not in new:
            diff.removed.append(PlanChange(ceremony_id, title, place, None))
    return diff


def plan_run_diff(*, run: PlanRun, programme: Programme) -> PlanDiff | None:
    """Compare a run's plan with the programme's current one; None when the run made no plan or
    its plan is already the current one."""
    if run.plan is None:
        return None
    current = plan_current(programme=programme)
    if current is not None and current.pk == run.plan.pk:
        return None
    return plan_diff(before=current, after=run.plan)


@dataclass(frozen=True, slots=True)
class WaveBalance:
    wave: Wave
    by_sector: list[tuple[str, int]]
    by_district: list[tuple[str, int]]
    total: int


def wave_balance(*, plan: Plan, waves: list[Wave]) -> list[WaveBalance]:
    """Count each wave's ceremonies per sector and per district (a ceremony of a project in two
    sectors counts once in each)."""
    sectors: dict[int, Counter[str]] = defaultdict(Counter)
    districts: dict[int, Counter[str]] = defaultdict(Counter)
    totals: Counter[int] = Counter()
    for assignment in plan_assignments(plan=plan):
        project = assignment.ceremony.project
        totals[assignment.wave_id] += 1
        for sector in project.sectors.all():
            sectors[assignment.wave_id][sector.name] += 1
        district_name = project.district.name if project.district else "فرامنطقه‌ای"
        districts[assignment.wave_id][district_name] += 1
    return [
        WaveBalance(
            wave=wave,
            by_sector=sorted(sectors[wave.pk].items(), key=lambda kv: (-kv[1], kv[0])),
            by_district=sorted(districts[wave.pk].items(), key=lambda kv: (-kv[1], kv[0])),
            total=totals[wave.pk],
        )
        for wave in waves
    ]


@dataclass(frozen=True, slots=True)
class AgendaItem:
    start: dt.datetime  # aware, Asia/Tehran
    end: dt.datetime
    wave: Wave
    ceremony: Ceremony
    assignment_id: int


def official_agenda(*, plan: Plan, official: Official) -> list[AgendaItem]:
    """Return the official's ceremonies in the plan in time order, with aware Tehran times."""
    tehran = ZoneInfo("Asia/Tehran")
    rows = (
        PlanAssignment.objects.filter(plan=plan, ceremony__officials_requested=official)
        .select_related("wave__programme", "ceremony__project__district")
        .order_by("day", "slot", "ceremony_id")
    )
    items = []
    for row in rows:
        start = row.wave.slot_start(row.day, row.slot).replace(tzinfo=tehran)
        end = start + dt.timedelta(minutes=row.ceremony.duration_min)
        items.append(AgendaItem(start, end, row.wave, row.ceremony, row.pk))
    return items
