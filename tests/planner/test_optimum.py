import pytest

from jahesh.planner import (
    Problem,
    evaluate,
    greedy_plan,
    hard_rule_violations,
    solve,
)
from jahesh.planner.indexing import earliness_points
from jahesh.planner.synthetic import synthetic_problem
from tests.planner.scenes import (
    ONLY_EARLINESS,
    ceremony,
    one_official_two_districts,
    two_waves_one_seat_each,
    wave,
    with_weights,
)


def test_earliness_is_importance_times_days_late_with_a_floor():
    assert earliness_points(10, 3) == pytest.approx(990.0)
    assert earliness_points(5, 30) == pytest.approx(450.0)
    assert earliness_points(2, 600) == pytest.approx(40.0)


def test_solver_puts_the_more_important_ceremony_first_and_proves_it():
    plan = solve(two_waves_one_seat_each(), time_limit_s=10)
    placed = {a.ceremony: a.wave for a in plan.assignments}
    assert placed == {"A": "w1", "B": "w2"}
    assert plan.objective == pytest.approx(1440.0)
    assert plan.bound == pytest.approx(1440.0)
    assert plan.status == "optimal"


def test_evaluate_scores_the_worse_order_lower():
    problem = two_waves_one_seat_each()
    plan = solve(problem, time_limit_s=10)
    swapped = tuple(
        type(a)(
            a.ceremony,
            "w2" if a.wave == "w1" else "w1",
            problem.waves[0 if a.wave == "w2" else 1].days[0],
            0,
        )
        for a in plan.assignments
    )
    assert evaluate(problem, swapped).total == pytest.approx(1395.0)


def test_official_reaches_the_next_slot_only_when_travel_fits_the_gap():
    near = solve(one_official_two_districts(travel=20), time_limit_s=10)
    far = solve(one_official_two_districts(travel=45), time_limit_s=10)
    assert len(near.assignments) == 2
    assert len(far.assignments) == 1
    assert far.status == "feasible" or far.objective < near.objective


def test_unknown_travel_time_keeps_an_official_out_of_consecutive_slots():
    plan = solve(one_official_two_districts(travel=None), time_limit_s=10)
    assert len(plan.assignments) == 1
    assert any(e.kind == "data" for e in plan.explanations)
    assert any(e.kind == "left_out" for e in plan.explanations)


def test_district_chief_attends_one_ceremony_per_slot_and_crews_cap_a_slot():
    problem = Problem(
        ceremonies=tuple(ceremony(f"c{k}", district="d1" if k < 3 else f"x{k}") for k in range(6)),
        waves=(wave("w1", 0, slots_per_day=2),),
        media_crews_per_slot=2,
        district_chiefs_per_day=3,
        weights=ONLY_EARLINESS,
    )
    plan = solve(problem, time_limit_s=10)
    assert hard_rule_violations(problem, plan.assignments) == ()
    # Two slots × two crews = four seats; district d1 holds at most two (one per slot).
    assert len(plan.assignments) == 4
    assert sum(1 for a in plan.assignments if a.ceremony in {"c0", "c1", "c2"}) == 2


def test_wave_maximum_and_headline_cap_hold():
    problem = Problem(
        ceremonies=tuple(
            ceremony(f"c{k}", district=f"d{k}", headline=k < 3, importance=10 - k) for k in range(6)
        ),
        waves=(wave("w1", 0, max_ceremonies=4, headline_cap=1),),
        weights=ONLY_EARLINESS,
    )
    plan = solve(problem, time_limit_s=10)
    chosen = {a.ceremony for a in plan.assignments}
    assert len(chosen) == 4
    assert len(chosen & {"c0", "c1", "c2"}) == 1
    assert plan.status == "optimal"


@pytest.mark.parametrize(("n", "s"), [(120, 4), (300, 9)])
def test_synthetic_plans_break_no_hard_rule_and_beat_or_match_greedy(n, s):
    problem = synthetic_problem(n, s, seed=3)
    greedy = greedy_plan(problem)
    plan = solve(problem, time_limit_s=20)
    assert hard_rule_violations(problem, greedy.assignments) == ()
    assert hard_rule_violations(problem, plan.assignments) == ()
    assert plan.objective >= greedy.objective - 1e-6
    assert plan.bound is not None
    assert plan.bound >= plan.objective - 1e-6
    assert plan.objective == pytest.approx(evaluate(problem, plan.assignments).total)


def test_sector_presence_bonus_brings_a_second_sector_in():
    base = Problem(
        ceremonies=(
            ceremony("a", importance=10, sector="s1", district="d1"),
            ceremony("b", importance=10, sector="s1", district="d2"),
            ceremony("c", importance=1, sector="s2", district="d3"),
        ),
        waves=(wave("w1", 0, max_ceremonies=2),),
        weights=ONLY_EARLINESS,
    )
    without = solve(base, time_limit_s=10)
    assert {a.ceremony for a in without.assignments} == {"a", "b"}
    rich = with_weights(base, sector_presence=2000.0)
    plan = solve(rich, time_limit_s=10)
    assert "c" in {a.ceremony for a in plan.assignments}
    assert plan.status == "optimal"
