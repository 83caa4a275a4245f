import dataclasses

import pytest

from jahesh.planner import (
    Assignment,
    InfeasibleProblemError,
    Official,
    Problem,
    ProblemError,
    Slot,
    check_problem,
    explain,
    greedy_plan,
    hard_rule_violations,
    solve,
)
from tests.planner.scenes import ONLY_EARLINESS, ceremony, day, wave


def _problem(**kwargs):
    values = {
        "ceremonies": (ceremony("A"), ceremony("B", district="d2")),
        "waves": (wave("w1", 0), wave("w2", 7)),
        "weights": ONLY_EARLINESS,
    }
    values.update(kwargs)
    return Problem(**values)


def test_a_wave_with_no_days_is_an_error_naming_the_wave():
    problem = _problem(waves=(wave("w1", 0), wave("empty")))
    errors = [f for f in check_problem(problem) if f.severity == "error"]
    assert errors
    assert errors[0].field == "waves[1].days"
    with pytest.raises(InfeasibleProblemError, match="empty"):
        solve(problem, time_limit_s=1)


def test_a_window_that_misses_every_wave_is_explained_not_fatal():
    late = ceremony("late", ready_from=day(100), latest=day(110))
    plan = greedy_plan(_problem(ceremonies=(ceremony("A"), late)))
    assert [a.ceremony for a in plan.assignments] == ["A"]
    why = [e for e in plan.explanations if e.ceremony == "late"]
    assert why
    assert "هیچ مرحله‌ای" in why[0].message


def test_an_official_with_zero_capacity_leaves_their_ceremonies_out_with_a_reason():
    problem = _problem(
        ceremonies=(ceremony("A", officials=("gov",)), ceremony("B", district="d2")),
        officials=(Official("gov", 0, "استاندار"),),
    )
    assert any(f.severity == "warning" for f in check_problem(problem))
    plan = greedy_plan(problem)
    assert {a.ceremony for a in plan.assignments} == {"B"}
    assert any("استاندار" in e.message for e in plan.explanations if e.ceremony == "A")


def test_an_unknown_official_is_an_error():
    problem = _problem(ceremonies=(ceremony("A", officials=("nobody",)),))
    with pytest.raises(InfeasibleProblemError, match="nobody"):
        solve(problem, time_limit_s=1)


def test_locks_hold_even_against_the_objective():
    problem = _problem(locks={"A": Slot("w2", day(7), 3)})
    plan = solve(problem, time_limit_s=5)
    placed = {a.ceremony: a for a in plan.assignments}
    assert (placed["A"].wave, placed["A"].day, placed["A"].slot, placed["A"].locked) == (
        "w2",
        day(7),
        3,
        True,
    )


def test_a_lock_outside_the_window_is_refused_and_named():
    problem = _problem(
        ceremonies=(ceremony("A", latest=day(2)),), locks={"A": Slot("w2", day(7), 0)}
    )
    with pytest.raises(InfeasibleProblemError) as caught:
        solve(problem, time_limit_s=1)
    assert caught.value.findings[0].field == "locks.A"


def test_two_locks_in_one_district_slot_are_refused():
    problem = _problem(
        ceremonies=(ceremony("A"), ceremony("B")),
        locks={"A": Slot("w1", day(0), 0), "B": Slot("w1", day(0), 0)},
    )
    with pytest.raises(InfeasibleProblemError, match="A"):
        solve(problem, time_limit_s=1)


def test_hard_rule_checker_names_each_broken_rule():
    problem = _problem(
        ceremonies=(ceremony("A", latest=day(3)), ceremony("B")),
        waves=(wave("w1", 0, max_ceremonies=1), wave("w2", 7)),
    )
    bad = (
        Assignment("A", "w2", day(7), 0),
        Assignment("B", "w1", day(0), 0),
        Assignment("B", "w1", day(0), 9),
    )
    messages = hard_rule_violations(problem, bad)
    assert any("بازهٔ آمادگی" in m for m in messages)
    assert any("بیش از یک بار" in m for m in messages)
    assert any("بیشینه" in m for m in messages)
    assert any("نوبتی" in m for m in messages)
    assert hard_rule_violations(problem, (Assignment("A", "w1", day(0), 0),)) == ()


def test_missed_soft_rules_are_explained_in_persian():
    problem = dataclasses.replace(
        _problem(waves=(wave("w1", 0, min_ceremonies=5),)),
        weights=dataclasses.replace(ONLY_EARLINESS, headline=100.0),
    )
    kinds = {e.kind for e in explain(problem, (Assignment("A", "w1", day(0), 0),))}
    assert {"wave_minimum", "headline", "district_presence"} <= kinds


def test_persian_digits_are_used_in_explanations():
    problem = _problem(waves=(wave("w1", 0, min_ceremonies=5),))
    text = " ".join(e.message for e in explain(problem, ()))
    assert "۵" in text
    assert "5" not in text


def test_a_problem_too_large_to_index_is_refused_before_anything_is_built():
    many_waves = tuple(wave(f"w{k}", k) for k in range(2000))
    many = tuple(ceremony(f"c{k}") for k in range(10_001))
    with pytest.raises(ProblemError, match="بزرگ"):
        greedy_plan(Problem(ceremonies=many, waves=many_waves))


def test_a_ceremony_kept_out_by_its_window_is_explained_once_not_twice():
    late = ceremony("late", ready_from=day(100), latest=day(110), title="پل صدرا")
    problem = _problem(ceremonies=(ceremony("A"), late))
    assert any(f.severity == "warning" for f in check_problem(problem))
    for plan in (greedy_plan(problem), solve(problem, time_limit_s=5)):
        about_late = [e for e in plan.explanations if "پل صدرا" in e.message]
        assert [e.kind for e in about_late] == ["left_out"]


def test_a_data_warning_not_about_a_left_out_ceremony_is_still_reported():
    problem = _problem(
        ceremonies=(ceremony("A", officials=("gov",)), ceremony("B", district="d2")),
        officials=(Official("gov", 0, "استاندار"),),
        district_chiefs_per_day=0,
    )
    plan = greedy_plan(problem)
    kinds = [e.kind for e in plan.explanations if e.subject == "district_chiefs_per_day"]
    assert kinds == ["data"]
    assert [e.kind for e in plan.explanations if e.ceremony == "A"] == ["left_out"]
    assert not any(e.subject and e.subject.startswith("ceremonies[0]") for e in plan.explanations)


def test_broken_rules_name_ceremonies_and_officials_by_their_titles():
    problem = _problem(
        ceremonies=(
            ceremony("A", officials=("gov",), title="بوستان آزادی"),
            ceremony("B", district="d2", officials=("gov",), title="پل صدرا"),
        ),
        officials=(Official("gov", 1, "استاندار"),),
        locks={"A": Slot("w1", day(0), 0)},
    )
    both = [
        Assignment("A", "w1", day(0), 1),
        Assignment("B", "w1", day(0), 1),
    ]
    broken = hard_rule_violations(problem, both)
    assert any("بوستان آزادی" in line and "قفل" in line for line in broken)
    assert any("استاندار" in line for line in broken)
    assert not any("«A»" in line or "«gov»" in line for line in broken)
