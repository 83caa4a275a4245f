"""Re-plan after a ceremony slips: only what changed may move."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from jahesh.planner.engine import Progress, solve
from jahesh.planner.problem import Assignment, Plan, Problem, Slot


def replan(
    problem: Problem,
    *,
    current: Sequence[Assignment],
    moved: Sequence[str],
    time_limit_s: float = 10.0,
    progress: Progress | None = None,
) -> Plan:
    """Re-plan after some ceremonies changed (for example one slipped); nothing else moves.

    Every ceremony of ``current`` other than ``moved`` keeps its wave, day and slot (it becomes a
    lock for this run); ceremonies not in ``current`` may be added where room was freed. A
    ceremony whose current day has fallen out of its window counts as moved even if not named:
    keeping it would break a hard rule."""
    moving = set(moved)
    ceremonies = {c.id: c for c in problem.ceremonies}
    locks = dict(problem.locks)
    for a in current:
        c = ceremonies.get(a.ceremony)
        if c is None or a.ceremony in moving or a.ceremony in locks:
            continue
        if a.day < c.ready_from or (c.latest is not None and a.day > c.latest):
            continue
        locks[a.ceremony] = Slot(a.wave, a.day, a.slot)
    previous = {a.ceremony: Slot(a.wave, a.day, a.slot) for a in current}
    frozen = replace(problem, locks=dict(locks), previous=dict(previous))
    plan = solve(frozen, time_limit_s=time_limit_s, progress=progress)
    original = problem.locks
    return replace(
        plan,
        assignments=tuple(replace(a, locked=a.ceremony in original) for a in plan.assignments),
    )
