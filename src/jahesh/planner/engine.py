"""Plan a problem: a greedy plan at once, then the optimiser in a child process we can stop."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from jahesh.planner.explain import explain_board
from jahesh.planner.flow import Board, improve_days, seat_waves
from jahesh.planner.greedy import fill_board, greedy_board, place_locks
from jahesh.planner.indexing import Index
from jahesh.planner.objective import score
from jahesh.planner.problem import (
    Assignment,
    Explanation,
    Finding,
    Plan,
    PlanStatus,
    Problem,
)
from jahesh.planner.validate import require_plannable, require_size
from jahesh.planner.worker import Job, run_job

Progress = Callable[[str, float], None]

#: Time kept back from the limit for seating the optimiser's plan and writing explanations.
RESERVE_S = 0.1
RESERVE_S_PER_1000 = 0.25
#: Below this much time left after the greedy plan, the optimiser is not started.
MIN_OPTIMISER_S = 0.2
#: The solver child's own limit ends this long before we stop it, so its last plan reaches us.
HANDOFF_S = 0.1
#: The end of a failed solver child's error output kept in the plan's statistics.
ERROR_TAIL_CHARS = 300
#: Relative gap under which a plan counts as proven optimal.
OPTIMAL_GAP = 1e-6


def _finding_ceremony(field: str) -> int | None:
    """Return the ceremony position a finding's field names («ceremonies[12].officials» → 12)."""
    if not field.startswith("ceremonies["):
        return None
    number = field[len("ceremonies[") :].split("]", 1)[0]
    return int(number) if number.isdigit() else None


def _finish(
    index: Index,
    board: Board,
    findings: Sequence[Finding],
    *,
    bound: float | None,
    status: PlanStatus,
    stats: dict[str, float | int | str],
) -> Plan:
    breakdown = score(index, board.seat_of)
    objective = breakdown.total
    gap: float | None = None
    if bound is not None:
        # The solver's bound carries its tolerances; anything beyond them stays visible (a
        # negative gap would mean a modelling error, and the tests look for it).
        if 0 < objective - bound <= OPTIMAL_GAP * max(1.0, abs(bound)):
            bound = objective
        gap = (bound - objective) / abs(bound) if bound else 0.0
        if 0 <= gap <= OPTIMAL_GAP:
            status = "optimal"
    locks = index.problem.locks
    assignments = []
    for i, (wave, day, slot) in sorted(board.seat_of.items()):
        c = index.ceremonies[i]
        assignments.append(
            Assignment(
                ceremony=c.id,
                wave=index.waves[wave].id,
                day=index.waves[wave].days[day],
                slot=slot,
                locked=c.id in locks,
            )
        )
    explained = explain_board(index, board)
    left_out = {
        index.ceremony_pos[e.ceremony]
        for e in explained
        if e.kind == "left_out" and e.ceremony is not None
    }
    # A ceremony the data keep out (its window misses every wave, its official has no capacity)
    # already gets a left-out sentence saying so; the data warning would repeat it.
    data = tuple(
        Explanation("data", f.message, subject=f.field)
        for f in findings
        if f.severity == "warning" and _finding_ceremony(f.field) not in left_out
    )
    return Plan(
        assignments=tuple(assignments),
        objective=objective,
        bound=bound,
        gap=gap,
        status=status,
        explanations=data + explained,
        breakdown=breakdown,
        stats=dict(dict(stats)),
    )


def greedy_plan(problem: Problem) -> Plan:
    """Return the greedy plan (fast, always available); raise if the data break a hard rule."""
    began = time.perf_counter()
    require_size(problem)
    index = Index(problem)
    findings = require_plannable(problem, index)
    board = greedy_board(index)
    return _finish(
        index,
        board,
        findings,
        bound=None,
        status="greedy",
        stats={"method": "greedy", "time_s": round(time.perf_counter() - began, 4)},
    )


def seat_wave_assignment(
    index: Index, waves_of: Sequence[int], days_of: Sequence[int] | None = None
) -> Board:
    """Seat an optimiser's choice on days and slots, then re-place what found no seat.

    ``days_of`` (from the day-level model) says which day each ceremony should get; −1 leaves
    the day to the seating."""
    board = Board(index)
    place_locks(index, board)
    wave_of = {i: w for i, w in enumerate(waves_of) if w >= 0 and i not in index.locked_positions}
    day_of = {i: days_of[i] for i in wave_of if days_of is not None and days_of[i] >= 0}
    unseated = seat_waves(index, board, wave_of, day_of=day_of)
    if unseated:
        fill_board(index, board, unseated)
    improve_days(index, board)
    return board


def solve(
    problem: Problem,
    *,
    time_limit_s: float = 30.0,
    progress: Progress | None = None,
    threads: int = 1,
) -> Plan:
    """Plan ``problem`` within ``time_limit_s`` seconds (we stop the solver ourselves).

    Returns the better of the greedy plan and the optimiser's best plan, with the proven bound."""
    began = time.perf_counter()

    def report(stage: str, fraction: float) -> None:
        if progress is not None:
            progress(stage, fraction)

    report("بررسی داده‌ها", 0.0)
    require_size(problem)
    index = Index(problem)
    findings = require_plannable(problem, index)
    report("برنامهٔ نخست (حریصانه)", 0.05)
    greedy = greedy_board(index)
    greedy_value = score(index, greedy.seat_of).total
    greedy_s = time.perf_counter() - began
    stats: dict[str, float | int | str] = {"greedy_s": round(greedy_s, 4), "greedy": greedy_value}
    reserve = RESERVE_S + RESERVE_S_PER_1000 * len(index.ceremonies) / 1000
    budget = time_limit_s - (time.perf_counter() - began) - reserve
    movable = any(
        cands for i, cands in enumerate(index.candidates) if i not in index.locked_positions
    )
    if budget <= MIN_OPTIMISER_S or not movable:
        stats["stopped_at_limit"] = 0
        stats["method"] = "greedy"
        stats["time_s"] = round(time.perf_counter() - began, 4)
        # With nothing left to place, the locks alone are the one possible plan.
        bound = None if movable else greedy_value
        return _finish(index, greedy, findings, bound=bound, status="greedy", stats=stats)
    report("بهینه‌سازی", 0.1)
    start = [-1] * len(index.ceremonies)
    start_days = [-1] * len(index.ceremonies)
    for i, (wave, day, _s) in greedy.seat_of.items():
        start[i] = wave
        start_days[i] = day
    job = Job(
        problem=problem,
        start=tuple(start),
        start_days=tuple(start_days),
        time_limit_s=max(HANDOFF_S, budget - HANDOFF_S),
    )
    outcome = run_job(job, deadline_s=budget)
    stats.update({k: v for k, v in outcome.stats.items() if isinstance(v, (int, float, str))})
    stats["solver_s"] = round(outcome.elapsed_s, 4)
    stats["solver_peak_mb"] = round(outcome.peak_rss_mb, 1)
    stats["stopped_at_limit"] = int(outcome.killed)
    if outcome.error:
        stats["solver_error"] = outcome.error[-ERROR_TAIL_CHARS:]
    report("چیدن روزها و نوبت‌ها", 0.9)
    best = greedy
    best_value = greedy_value
    # The best model value and the last plan (the exact day choice, when there is one) can
    # differ once seated, so both are seated and the better kept.
    tried: list[tuple[list[int], list[int], float]] = []
    if outcome.incumbents:
        tried.append(max(outcome.incumbents, key=lambda item: item[2]))
        if outcome.incumbents[-1] is not tried[0]:
            tried.append(outcome.incumbents[-1])
    for waves_of, days_of, _value in tried:
        board = seat_wave_assignment(index, waves_of, days_of)
        value = score(index, board.seat_of).total
        if value >= best_value:
            best, best_value = board, value
    bound = min(outcome.bounds) if outcome.bounds else None
    stats["method"] = "optimiser" if best is not greedy else "greedy"
    stats["time_s"] = round(time.perf_counter() - began, 4)
    plan = _finish(index, best, findings, bound=bound, status="feasible", stats=stats)
    report("پایان", 1.0)
    return plan
