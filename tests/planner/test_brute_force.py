"""The solver against exhaustive search on problems small enough to enumerate."""

import datetime as dt
import itertools
import random

import pytest

from jahesh.planner import (
    Assignment,
    Ceremony,
    Official,
    Problem,
    Wave,
    evaluate,
    hard_rule_violations,
    solve,
)
from jahesh.planner.worker import Job, run_job

START = dt.date(2026, 5, 1)


def tiny_problem(seed: int) -> Problem:
    rnd = random.Random(seed)
    waves = (
        Wave(
            "w1",
            (START + dt.timedelta(days=2),),
            slots_per_day=2,
            max_ceremonies=3,
            min_ceremonies=2,
            headline_cap=1,
        ),
        Wave(
            "w2",
            (START + dt.timedelta(days=20), START + dt.timedelta(days=21)),
            slots_per_day=1,
            max_ceremonies=2,
            headline_cap=1,
        ),
    )
    ceremonies = tuple(
        Ceremony(
            id=f"c{k}",
            ready_from=START + dt.timedelta(days=rnd.choice((0, 0, 10))),
            latest=rnd.choice((None, START + dt.timedelta(days=20))),
            district=rnd.choice(("d1", "d2")),
            sector=rnd.choice(("s1", "s2")),
            importance=rnd.randint(1, 10),
            headline=rnd.random() < 0.3,
            officials=rnd.choice(((), (), ("mayor",))),
            duration_min=rnd.choice((30, 80)),
        )
        for k in range(5)
    )
    return Problem(
        ceremonies=ceremonies,
        waves=waves,
        officials=(Official("mayor", 1),),
        travel_min={("d1", "d2"): 40},
        district_chiefs_per_day=2,
        media_crews_per_slot=2,
    )


def best_by_enumeration(problem: Problem) -> float:
    seats = [None] + [
        (w.id, day, slot)
        for w in problem.waves
        for day in w.days
        for slot in range(w.slots_per_day)
    ]
    best = float("-inf")
    for choice in itertools.product(seats, repeat=len(problem.ceremonies)):
        plan = [
            Assignment(c.id, *seat)
            for c, seat in zip(problem.ceremonies, choice, strict=True)
            if seat
        ]
        if hard_rule_violations(problem, plan):
            continue
        best = max(best, evaluate(problem, plan).total)
    return best


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_solver_finds_the_enumerated_optimum_and_its_bound_holds(seed):
    problem = tiny_problem(seed)
    best = best_by_enumeration(problem)
    plan = solve(problem, time_limit_s=10)
    assert hard_rule_violations(problem, plan.assignments) == ()
    assert plan.objective == pytest.approx(best)
    assert plan.bound is not None
    assert plan.bound >= best - 1e-6


def windows_cut_the_wave(seed: int) -> Problem:
    """A three-day wave whose days most windows only partly cover, with a chief cap of one."""
    rnd = random.Random(seed)
    days = tuple(START + dt.timedelta(days=20 + k) for k in range(3))
    ceremonies = tuple(
        Ceremony(
            id=f"c{k}",
            ready_from=START + dt.timedelta(days=rnd.choice((0, 20, 21, 22))),
            latest=rnd.choice((None, START + dt.timedelta(days=20), START + dt.timedelta(days=21))),
            district=rnd.choice(("d1", "d1", "d2")),
            sector=rnd.choice(("s1", "s2")),
            importance=rnd.randint(1, 10),
            officials=rnd.choice(((), ("mayor",))),
        )
        for k in range(5)
    )
    ceremonies = tuple(c for c in ceremonies if c.latest is None or c.latest >= c.ready_from)
    return Problem(
        ceremonies=ceremonies,
        waves=(Wave("w1", days, slots_per_day=1, max_ceremonies=5, headline_cap=1),),
        officials=(Official("mayor", 1),),
        district_chiefs_per_day=1,
        media_crews_per_slot=2,
    )


@pytest.mark.parametrize("seed", [11, 12, 13, 14, 15, 16])
def test_the_wave_level_bound_holds_when_windows_cut_a_wave(seed):
    problem = windows_cut_the_wave(seed)
    best = best_by_enumeration(problem)
    outcome = run_job(
        Job(
            problem=problem,
            start=(),
            start_days=(),
            time_limit_s=10,
            granularity="wave",
            warm=False,
        ),
        deadline_s=20,
    )
    assert outcome.bounds
    assert min(outcome.bounds) >= best - 1e-6
    plan = solve(problem, time_limit_s=10)
    assert plan.objective == pytest.approx(best)
