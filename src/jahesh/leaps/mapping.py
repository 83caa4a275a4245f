"""The one boundary between database rows and the pure planner (``jahesh.planner``).

Rows in: a programme's waves, the city's plannable ceremonies, its officials and districts, the
travel-time table, locks (ceremonies of announced waves, and assignments people locked) and the
current plan; held waves, and frozen ones whose days are over, are history and are copied into
the new plan as they are. A planning problem out. And back: a solved plan into unsaved
``PlanAssignment`` rows, which ``services`` writes in one transaction.

Ceremonies and waves are named in the problem by their primary keys (as strings), because
they come back. Districts, sectors and officials never come back, and the planner quotes their ids
in its Persian explanations, so they are named by their Persian names (with the key added only
when two share a name). A ceremony without a district is citywide (no district chief limits it);
a project without a sector counts under «بدون حوزه».
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from jahesh import persian, planner
from jahesh.leaps.models import (
    Plan,
    PlanAssignment,
    Programme,
    TravelTime,
    Wave,
    WaveStatus,
)
from jahesh.leaps.selectors import plannable_ceremonies, wave_list
from jahesh.registry.models import Ceremony, District, Official, Sector

CITYWIDE = "فرامنطقه‌ای"
NO_SECTOR = "بدون حوزه"
# A citywide ceremony has no district chief to limit; this only has to exceed any real day.
_UNLIMITED_PER_DAY = 1000


@dataclass(slots=True)
class MappedProblem:
    """A planning problem with the rows its ids stand for."""

    problem: planner.Problem
    programme: Programme
    waves: dict[str, Wave]
    ceremonies: dict[str, Ceremony]
    scope_wave: Wave | None = None
    # Assignments of the current plan outside the scope, copied unchanged into the new plan.
    kept: list[PlanAssignment] = field(default_factory=list)
    current: Plan | None = None


def readable_ids(rows: list[tuple[int, str]]) -> dict[int, str]:
    """Name each row by its label, adding the key only where two labels are the same."""
    counts: dict[str, int] = {}
    for _pk, label in rows:
        counts[label] = counts.get(label, 0) + 1
    return {
        pk: label if counts[label] == 1 else persian.to_persian_digits(f"{label} ({pk})")
        for pk, label in rows
    }


def ceremony_sector_pk(ceremony: Ceremony) -> int | None:
    """The sector a ceremony counts under: its project's first sector by code."""
    sectors = sorted(ceremony.project.sectors.all(), key=lambda s: (s.code, s.pk))
    return sectors[0].pk if sectors else None


def _to_ceremony(
    row: Ceremony,
    *,
    district_ids: dict[int, str],
    sector_ids: dict[int, str],
    official_ids: dict[int, str],
) -> planner.Ceremony:
    project = row.project
    sector_pk = ceremony_sector_pk(row)
    return planner.Ceremony(
        id=str(row.pk),
        ready_from=row.ready_from,
        latest=row.latest_date,
        district=CITYWIDE if project.district_id is None else district_ids[project.district_id],
        sector=NO_SECTOR if sector_pk is None else sector_ids[sector_pk],
        credit_rial=project.credit_rial,
        importance=row.importance,
        headline=project.is_headline,
        officials=tuple(
            official_ids[o.pk] for o in row.officials_requested.all() if o.pk in official_ids
        ),
        duration_min=row.duration_min,
        title=f"{row.get_kind_display()} {project.title}",
    )


def _wave_title(row: Wave) -> str:
    # The planner's sentences already say «مرحلهٔ …»; other nouns (گام، خوان) are kept in.
    noun = row.programme.wave_noun
    text = str(row.number) if noun == "مرحله" else f"{noun} {row.number}"
    return persian.to_persian_digits(text)


def _to_wave(row: Wave, locked_count: int | None) -> planner.Wave:
    """Map a wave; a frozen wave holds exactly what it already has (``locked_count``)."""
    if locked_count is None:
        minimum, maximum = row.min_ceremonies, row.max_ceremonies
    else:
        minimum, maximum = min(row.min_ceremonies, locked_count), locked_count
    return planner.Wave(
        id=str(row.pk),
        days=tuple(row.days),
        slots_per_day=row.slots_per_day,
        min_ceremonies=minimum,
        max_ceremonies=maximum,
        headline_cap=max(row.headline_cap, 0),
        title=_wave_title(row),
    )


def _slot(assignment: PlanAssignment) -> planner.Slot:
    return planner.Slot(wave=str(assignment.wave_id), day=assignment.day, slot=assignment.slot)


def _weights(programme: Programme) -> planner.Weights:
    known = set(planner.Weights.__dataclass_fields__)
    given = {k: float(v) for k, v in (programme.weights or {}).items() if k in known}
    return planner.Weights(**given)


def _travel(programme: Programme, district_ids: dict[int, str]) -> dict[tuple[str, str], int]:
    ids = [*district_ids.values(), CITYWIDE]
    table: dict[tuple[str, str], int] = {}
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            table[(a, b)] = programme.default_travel_minutes
    for row in TravelTime.objects.filter(municipality_id=programme.municipality_id):
        first = district_ids.get(row.from_district_id)
        second = district_ids.get(row.to_district_id)
        if first is None or second is None or first == second:
            continue
        key = (first, second) if (first, second) in table else (second, first)
        table[key] = row.minutes
    return table


def is_history(wave: Wave, *, today: dt.date) -> bool:
    """Whether the wave's plan is a record of the past: held, or frozen with its days over."""
    if wave.status == WaveStatus.HELD:
        return True
    return wave.is_frozen and wave.end_date < today


def build_problem(
    *, programme: Programme, scope_wave: Wave | None = None, current: Plan | None = None
) -> MappedProblem:
    """Turn a programme's rows into a planning problem (the whole programme, or one wave).

    ``current`` defaults to the programme's current plan; its assignments become locks (announced
    and held waves, locked cards) or the previous plan (everything else).
    """
    municipality = programme.municipality
    if current is None:
        current = Plan.objects.current_for(programme)
    waves = wave_list(programme=programme)
    current_rows: list[PlanAssignment] = []
    if current is not None:
        current_rows = list(
            PlanAssignment.objects.filter(plan=current).select_related("wave__programme")
        )
    today = timezone.localdate()
    # What happened is a fact, not a constraint: a held wave (or a frozen one whose days are
    # over) keeps its rows unchanged in the new plan and stays out of the problem, so a later
    # change of travel times or limits cannot make planning the waves to come impossible.
    in_scope = [
        w
        for w in waves
        if (scope_wave is None or w.pk == scope_wave.pk) and not is_history(w, today=today)
    ]
    scope_ids = {w.pk for w in in_scope}
    kept = [a for a in current_rows if a.wave_id not in scope_ids]
    kept_ceremonies = {a.ceremony_id for a in kept}
    scoped_rows = [a for a in current_rows if a.wave_id in scope_ids]

    frozen_counts: dict[int, int] = {}
    for wave in in_scope:
        if wave.is_frozen:
            frozen_counts[wave.pk] = sum(1 for a in scoped_rows if a.wave_id == wave.pk)

    plannable = list(plannable_ceremonies(municipality=municipality))
    plannable_ids = {c.pk for c in plannable}
    # Ceremonies pinned in the plan stay in the problem even when their status (held, cancelled)
    # would leave them out, or the locks would point at nothing.
    pinned_ids = {
        a.ceremony_id
        for a in scoped_rows
        if (a.locked or a.wave_id in frozen_counts) and a.ceremony_id not in plannable_ids
    }
    if pinned_ids:
        plannable += list(
            Ceremony.objects.filter(pk__in=pinned_ids)
            .select_related("project__district")
            .prefetch_related("project__sectors", "officials_requested")
        )
    ceremony_rows = [c for c in plannable if c.pk not in kept_ceremonies]

    officials = list(Official.objects.filter(municipality=municipality, is_active=True))
    official_ids = readable_ids([(o.pk, o.name) for o in officials])
    district_ids = readable_ids(
        list(District.objects.filter(municipality=municipality).values_list("pk", "name"))
    )
    sector_ids = readable_ids(
        list(Sector.objects.filter(municipality=municipality).values_list("pk", "name"))
    )

    locks: dict[str, planner.Slot] = {}
    previous: dict[str, planner.Slot] = {}
    for assignment in scoped_rows:
        key = str(assignment.ceremony_id)
        if assignment.locked or assignment.wave_id in frozen_counts:
            locks[key] = _slot(assignment)
        else:
            previous[key] = _slot(assignment)

    slot_minutes = min((w.slot_minutes for w in in_scope), default=90)
    problem = planner.Problem(
        ceremonies=tuple(
            _to_ceremony(
                c, district_ids=district_ids, sector_ids=sector_ids, official_ids=official_ids
            )
            for c in ceremony_rows
        ),
        waves=tuple(_to_wave(w, frozen_counts.get(w.pk)) for w in in_scope),
        officials=tuple(
            planner.Official(
                id=official_ids[o.pk], max_per_day=o.max_ceremonies_per_day, title=o.name
            )
            for o in officials
        ),
        travel_min=_travel(programme, district_ids),
        district_chiefs_per_day=programme.district_ceremonies_per_day,
        district_chiefs_per_day_by_district={CITYWIDE: _UNLIMITED_PER_DAY},
        media_crews_per_slot=programme.media_crews_per_slot,
        slot_minutes=slot_minutes,
        locks=locks,
        previous=previous,
        weights=_weights(programme),
    )
    return MappedProblem(
        problem=problem,
        programme=programme,
        waves={str(w.pk): w for w in in_scope},
        ceremonies={str(c.pk): c for c in ceremony_rows},
        scope_wave=scope_wave,
        kept=kept,
        current=current,
    )


def current_assignments(mapped: MappedProblem) -> list[planner.Assignment]:
    """The current plan's assignments inside the problem's scope, as planner values."""
    if mapped.current is None:
        return []
    rows = PlanAssignment.objects.filter(
        plan=mapped.current,
        wave_id__in=[int(k) for k in mapped.waves],
        ceremony_id__in=[int(k) for k in mapped.ceremonies],
    )
    return [
        planner.Assignment(
            ceremony=str(a.ceremony_id),
            wave=str(a.wave_id),
            day=a.day,
            slot=a.slot,
            locked=a.locked,
        )
        for a in rows
    ]


def misplaced(mapped: MappedProblem, current: list[planner.Assignment]) -> list[str]:
    """Ceremonies of the current plan whose day has fallen out of their window (they slipped)."""
    by_id = {c.id: c for c in mapped.problem.ceremonies}
    out = []
    for a in current:
        c = by_id.get(a.ceremony)
        if c is not None and (a.day < c.ready_from or (c.latest is not None and a.day > c.latest)):
            out.append(a.ceremony)
    return out


def assignment_rows(
    mapped: MappedProblem, solved: planner.Plan, plan: Plan
) -> list[PlanAssignment]:
    """Turn a solved plan into unsaved rows of ``plan`` (plus the kept rows outside the scope).

    Raises ``planner.ProblemError`` when the solution names a ceremony, wave, day or slot the
    problem did not have, so nothing of a broken answer reaches the database.
    """
    rows: list[PlanAssignment] = []
    seen: set[str] = set()
    for item in solved.assignments:
        ceremony = mapped.ceremonies.get(item.ceremony)
        wave = mapped.waves.get(item.wave)
        if ceremony is None or wave is None or item.ceremony in seen:
            raise planner.ProblemError("پاسخ برنامه‌ریز با مسئله نمی‌خواند.")
        if item.day not in wave.days or not 0 <= item.slot < wave.slots_per_day:
            raise planner.ProblemError("پاسخ برنامه‌ریز روز یا نوبتی بیرون از مرحله دارد.")
        seen.add(item.ceremony)
        rows.append(
            PlanAssignment(
                plan=plan,
                ceremony=ceremony,
                wave=wave,
                day=item.day,
                slot=item.slot,
                locked=item.locked or item.ceremony in mapped.problem.locks,
            )
        )
    for kept in mapped.kept:
        rows.append(
            PlanAssignment(
                plan=plan,
                ceremony_id=kept.ceremony_id,
                wave_id=kept.wave_id,
                day=kept.day,
                slot=kept.slot,
                locked=kept.locked,
            )
        )
    return rows


def explanation_rows(mapped: MappedProblem, solved: planner.Plan) -> list[dict[str, Any]]:
    """Explanations as JSON-ready dicts whose ids are row primary keys."""
    return [
        {
            "kind": e.kind,
            "message": e.message,
            "ceremony": int(e.ceremony) if e.ceremony and e.ceremony.isdigit() else None,
            "wave": int(e.wave) if e.wave and e.wave.isdigit() else None,
            "subject": e.subject,
        }
        for e in solved.explanations
    ]


def solver_stats(solved: planner.Plan, *, elapsed_s: float, time_limit_s: float) -> dict[str, Any]:
    breakdown = solved.breakdown
    return {
        "status": solved.status,
        "elapsed_s": round(elapsed_s, 3),
        "time_limit_s": time_limit_s,
        "breakdown": {
            "earliness": breakdown.earliness,
            "wave_minimum": breakdown.wave_minimum,
            "headline": breakdown.headline,
            "sector_presence": breakdown.sector_presence,
            "district_presence": breakdown.district_presence,
            "sector_share": breakdown.sector_share,
            "changes": breakdown.changes,
            "total": breakdown.total,
        },
        "solver": dict(solved.stats),
    }


def move_violations(
    mapped: MappedProblem, *, ceremony_id: int, target: tuple[Wave, dt.date, int] | None
) -> list[str]:
    """Return the hard rules (Persian) that moving one ceremony would newly break.

    Rules the current plan already breaks (after data changed under it) are not blamed on the
    move; ``target`` None takes the ceremony out of the plan, which no hard rule forbids.
    """
    before = current_assignments(mapped)
    key = str(ceremony_id)
    after = [a for a in before if a.ceremony != key]
    if target is not None:
        wave, day, slot = target
        after.append(planner.Assignment(ceremony=key, wave=str(wave.pk), day=day, slot=slot))
    # Locks describe the plan as it stands; the move is checked against the rules, not the locks.
    unlocked = _without_lock(mapped.problem, key)
    old = set(planner.hard_rule_violations(unlocked, before))
    return [reason for reason in planner.hard_rule_violations(unlocked, after) if reason not in old]


def _without_lock(problem: planner.Problem, ceremony_id: str) -> planner.Problem:
    from dataclasses import replace

    if ceremony_id not in problem.locks:
        return problem
    locks = {k: v for k, v in problem.locks.items() if k != ceremony_id}
    return replace(problem, locks=locks)
