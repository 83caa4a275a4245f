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
