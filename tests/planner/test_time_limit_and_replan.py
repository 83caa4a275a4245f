import dataclasses
import datetime as dt
import time

from jahesh.planner import greedy_plan, hard_rule_violations, replan, solve
from jahesh.planner.synthetic import synthetic_problem


def test_a_solve_stopped_at_the_limit_still_returns_a_valid_plan():
    problem = synthetic_problem(5000, 40, seed=4)
    began = time.perf_counter()
    # Building this model alone takes longer than the solver is given.
    plan = solve(problem, time_limit_s=2.5)
    elapsed = time.perf_counter() - began
    assert plan.stats["stopped_at_limit"] == 1
    assert elapsed < 2.5 + 1.0
    assert plan.objective >= greedy_plan(problem).objective - 1e-6
    assert hard_rule_violations(problem, plan.assignments) == ()


def test_replan_after_one_ceremony_slips_moves_nothing_else():
    problem = synthetic_problem(300, 9, seed=6)
    first = solve(problem, time_limit_s=10)
    slipped_id = first.assignments[0].ceremony
    slipped = next(c for c in problem.ceremonies if c.id == slipped_id)
    later = dataclasses.replace(slipped, ready_from=slipped.ready_from + dt.timedelta(days=60))
    changed = dataclasses.replace(
        problem,
        ceremonies=tuple(later if c.id == slipped_id else c for c in problem.ceremonies),
    )
    again = replan(changed, current=first.assignments, moved=[slipped_id], time_limit_s=10)
    before = {a.ceremony: (a.wave, a.day, a.slot) for a in first.assignments}
    after = {a.ceremony: (a.wave, a.day, a.slot) for a in again.assignments}
    for cid, seat in before.items():
        if cid != slipped_id:
            assert after[cid] == seat
    assert hard_rule_violations(changed, again.assignments) == ()
    if slipped_id in after:
        assert after[slipped_id][1] >= later.ready_from


def test_the_parent_kills_a_solver_that_would_overrun_its_own_limit():
    from jahesh.planner.worker import Job, run_job

    problem = synthetic_problem(5000, 40, seed=4)
    began = time.perf_counter()
    outcome = run_job(
        Job(problem=problem, start=(), start_days=(), time_limit_s=1000.0), deadline_s=0.5
    )
    assert outcome.killed
    assert time.perf_counter() - began < 2.0


def test_progress_is_reported_from_start_to_finish():
    problem = synthetic_problem(60, 3, seed=8)
    seen = []
    solve(problem, time_limit_s=5, progress=lambda stage, fraction: seen.append(fraction))
    assert seen[0] == 0.0
    assert seen[-1] == 1.0
    assert seen == sorted(seen)


def test_replan_moves_a_ceremony_whose_day_left_its_window_even_if_not_named():
    problem = synthetic_problem(120, 4, seed=11)
    first = greedy_plan(problem)
    slipped_id = first.assignments[0].ceremony
    slipped = next(c for c in problem.ceremonies if c.id == slipped_id)
    later = dataclasses.replace(slipped, ready_from=first.assignments[0].day + dt.timedelta(days=1))
    changed = dataclasses.replace(
        problem,
        ceremonies=tuple(later if c.id == slipped_id else c for c in problem.ceremonies),
    )
    again = replan(changed, current=first.assignments, moved=[], time_limit_s=5)
    assert hard_rule_violations(changed, again.assignments) == ()
    before = {a.ceremony: (a.wave, a.day, a.slot) for a in first.assignments}
    after = {a.ceremony: (a.wave, a.day, a.slot) for a in again.assignments}
    assert all(after[cid] == seat for cid, seat in before.items() if cid != slipped_id)


def test_a_crashing_solver_child_reports_its_error_instead_of_hanging():
    from jahesh.planner.worker import Job, run_job

    problem = synthetic_problem(30, 2, seed=1)
    # A start plan of the wrong length makes the child fail while building its start.
    outcome = run_job(
        Job(problem=problem, start=(0,), start_days=(0,), time_limit_s=5.0), deadline_s=10.0
    )
    assert not outcome.killed
    assert outcome.incumbents == []
    assert "Error" in outcome.error
