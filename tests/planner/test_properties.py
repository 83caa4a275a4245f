import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jahesh.planner import (
    Ceremony,
    Official,
    Problem,
    Wave,
    evaluate,
    greedy_plan,
    hard_rule_violations,
)
from jahesh.planner.engine import seat_wave_assignment
from jahesh.planner.indexing import Index
from jahesh.planner.objective import score

START = dt.date(2026, 3, 1)
DISTRICTS = ("d1", "d2", "d3")
OFFICIALS = (Official("mayor", 2), Official("deputy", 1))


@st.composite
def problems(draw):
    n_waves = draw(st.integers(1, 4))
    waves = []
    offset = 0
    for k in range(n_waves):
        offset += draw(st.integers(1, 10))
        n_days = draw(st.integers(1, 3))
        days = tuple(START + dt.timedelta(days=offset + d) for d in range(n_days))
        offset += n_days
        waves.append(
            Wave(
                id=f"w{k}",
                days=days,
                slots_per_day=draw(st.integers(1, 4)),
                min_ceremonies=draw(st.integers(0, 3)),
                max_ceremonies=draw(st.integers(3, 8)),
                headline_cap=draw(st.integers(0, 2)),
            )
        )
    ceremonies = []
    for k in range(draw(st.integers(0, 14))):
        ready = START + dt.timedelta(days=draw(st.integers(0, offset)))
        span = draw(st.one_of(st.none(), st.integers(0, 20)))
        ceremonies.append(
            Ceremony(
                id=f"c{k}",
                ready_from=ready,
                latest=None if span is None else ready + dt.timedelta(days=span),
                district=draw(st.sampled_from(DISTRICTS)),
                sector=draw(st.sampled_from(("s1", "s2"))),
                importance=draw(st.integers(1, 10)),
                headline=draw(st.booleans()),
                officials=tuple(draw(st.sets(st.sampled_from(("mayor", "deputy")), max_size=2))),
                duration_min=draw(st.sampled_from((30, 60, 80))),
            )
        )
    travel = {("d1", "d2"): draw(st.integers(0, 60)), ("d2", "d3"): draw(st.integers(0, 60))}
    return Problem(
        ceremonies=tuple(ceremonies),
        waves=tuple(waves),
        officials=OFFICIALS,
        travel_min=travel,
        district_chiefs_per_day=draw(st.integers(1, 3)),
        media_crews_per_slot=draw(st.integers(1, 3)),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_greedy_plans_never_break_a_hard_rule_and_score_as_evaluated(problem):
    plan = greedy_plan(problem)
    assert hard_rule_violations(problem, plan.assignments) == ()
    assert abs(plan.objective - evaluate(problem, plan.assignments).total) < 1e-6
    left_out = {c.id for c in problem.ceremonies} - {a.ceremony for a in plan.assignments}
    explained = {e.ceremony for e in plan.explanations if e.kind == "left_out"}
    assert left_out == explained


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.randoms(use_true_random=False))
def test_seating_any_wave_choice_never_breaks_a_hard_rule(problem, rnd):
    index = Index(problem)
    waves_of = []
    days_of = []
    for cands in index.candidates:
        if cands and rnd.random() < 0.8:
            cand = rnd.choice(cands)
            waves_of.append(cand.wave)
            days_of.append(rnd.choice(cand.days) if rnd.random() < 0.5 else -1)
        else:
            waves_of.append(-1)
            days_of.append(-1)
    board = seat_wave_assignment(index, waves_of, days_of)
    assignments = [type_assignment(index, i, seat) for i, seat in sorted(board.seat_of.items())]
    assert hard_rule_violations(problem, assignments) == ()
    assert abs(score(index, board.seat_of).total - evaluate(problem, assignments).total) < 1e-6


def type_assignment(index, i, seat):
    from jahesh.planner import Assignment

    wave, day, slot = seat
    return Assignment(
        index.ceremonies[i].id, index.waves[wave].id, index.waves[wave].days[day], slot
    )
