from __future__ import annotations

import datetime as dt

import pytest

from jahesh import planner
from jahesh.core.errors import PermissionDeniedError
from jahesh.leaps import mapping
from jahesh.leaps.errors import PlanningFailedError
from jahesh.leaps.models import Plan, PlanAssignment, PlanStatus, TravelTime, WaveStatus
from jahesh.leaps.services import plan_compute, plan_save
from jahesh.registry.models import CeremonyStatus
from tests.leaps.factories import ProgrammeFactory


def test_rows_become_a_problem_with_ids_windows_and_officials(planned):
    mapped = mapping.build_problem(programme=planned.programme)
    problem = mapped.problem
    assert {c.id for c in problem.ceremonies} == {str(c.pk) for c in planned.ceremonies}
    assert [w.id for w in problem.waves] == [str(w.pk) for w in planned.waves]
    assert problem.waves[0].days == (dt.date(2023, 2, 1), dt.date(2023, 2, 2))
    first = next(c for c in problem.ceremonies if c.id == str(planned.ceremonies[0].pk))
    # Districts, sectors and officials go by their names, which the explanations quote.
    assert first.officials == ("شهردار",)
    assert first.district == planned.districts[0].name
    assert first.sector == "حمل‌ونقل"
    assert first.ready_from == dt.date(2023, 1, 20)
    assert problem.slot_minutes == 90
    # Unlocked assignments of the current plan are the previous plan, not locks.
    assert set(problem.previous) == {str(a.ceremony_id) for a in planned.assignments}
    assert not problem.locks


def test_travel_times_fill_every_pair_and_the_citys_table_wins(planned):
    TravelTime.objects.create(
        municipality=planned.programme.municipality,
        from_district=planned.districts[1],
        to_district=planned.districts[0],
        minutes=75,
    )
    problem = mapping.build_problem(programme=planned.programme).problem
    a, b = (d.name for d in planned.districts)
    assert problem.travel(a, b) == 75
    assert problem.travel(a, mapping.CITYWIDE) == planned.programme.default_travel_minutes


def test_an_announced_wave_holds_exactly_its_ceremonies(planned, monkeypatch):
    from django.utils import timezone

    # Before the wave's days: once they are over, the wave is history and out of the problem.
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: dt.date(2023, 1, 15))
    wave = planned.waves[0]
    wave.status = WaveStatus.ANNOUNCED
    wave.save()
    problem = mapping.build_problem(programme=planned.programme).problem
    assert set(problem.locks) == {str(a.ceremony_id) for a in planned.assignments}
    mapped_wave = problem.waves[0]
    assert mapped_wave.max_ceremonies == len(planned.assignments)


def test_a_held_ceremony_locked_in_place_stays_in_the_problem(planned):
    held = planned.ceremonies[0]
    held.status = CeremonyStatus.HELD
    held.save()
    planned.assignments[0].locked = True
    planned.assignments[0].save()
    problem = mapping.build_problem(programme=planned.programme).problem
    assert str(held.pk) in problem.locks
    assert str(held.pk) in {c.id for c in problem.ceremonies}


def test_a_cancelled_unplaced_ceremony_is_left_out_of_the_problem(planned):
    cancelled = planned.ceremonies[-1]
    cancelled.status = CeremonyStatus.CANCELLED
    cancelled.save()
    problem = mapping.build_problem(programme=planned.programme).problem
    assert str(cancelled.pk) not in {c.id for c in problem.ceremonies}


def test_a_solved_plan_round_trips_into_rows(planned):
    mapped = mapping.build_problem(programme=planned.programme)
    solved = planner.greedy_plan(mapped.problem)
    plan = plan_save(
        mapped=mapped, solved=solved, by=planned.planner, elapsed_s=0.1, time_limit_s=1
    )
    rows = {
        (str(a.ceremony_id), str(a.wave_id), a.day, a.slot)
        for a in PlanAssignment.objects.filter(plan=plan)
    }
    assert rows == {(a.ceremony, a.wave, a.day, a.slot) for a in solved.assignments}
    assert plan.status == PlanStatus.DRAFT
    assert plan.objective == pytest.approx(solved.objective)
    assert plan.solver_stats["status"] == solved.status
    assert isinstance(plan.explanations, list)
    # Rows read back give the same problem assignments and therefore the same score.
    back = [
        planner.Assignment(str(a.ceremony_id), str(a.wave_id), a.day, a.slot)
        for a in PlanAssignment.objects.filter(plan=plan)
    ]
    assert planner.evaluate(mapped.problem, back).total == pytest.approx(solved.objective)


def test_saving_a_solved_plan_needs_a_planner_of_the_city(planned):
    mapped = mapping.build_problem(programme=planned.programme)
    solved = planner.greedy_plan(mapped.problem)
    before = Plan.objects.count()
    with pytest.raises(PermissionDeniedError):
        plan_save(mapped=mapped, solved=solved, by=planned.editor, elapsed_s=0, time_limit_s=1)
    assert Plan.objects.count() == before


def test_a_plan_naming_an_unknown_ceremony_writes_nothing(planned):
    mapped = mapping.build_problem(programme=planned.programme)
    wave = planned.waves[0]
    bogus = planner.Plan(
        assignments=(planner.Assignment("999999", str(wave.pk), wave.start_date, 0),),
        objective=1.0,
        bound=None,
        gap=None,
        status="greedy",
    )
    before = Plan.objects.count()
    with pytest.raises(PlanningFailedError):
        plan_save(mapped=mapped, solved=bogus, by=planned.planner, elapsed_s=0, time_limit_s=1)
    assert Plan.objects.count() == before


def test_a_plan_with_a_slot_outside_the_wave_writes_nothing(planned):
    mapped = mapping.build_problem(programme=planned.programme)
    wave = planned.waves[0]
    ceremony = planned.ceremonies[0]
    bogus = planner.Plan(
        assignments=(planner.Assignment(str(ceremony.pk), str(wave.pk), wave.start_date, 99),),
        objective=1.0,
        bound=None,
        gap=None,
        status="greedy",
    )
    with pytest.raises(PlanningFailedError):
        plan_save(mapped=mapped, solved=bogus, by=planned.planner, elapsed_s=0, time_limit_s=1)
    assert not Plan.objects.filter(status=PlanStatus.DRAFT).exists()


def test_planning_the_programme_places_every_ceremony_and_adopts(planned):
    plan = plan_compute(programme=planned.programme, by=planned.planner, time_limit_s=5, adopt=True)
    assert plan.status == PlanStatus.CURRENT
    placed = set(PlanAssignment.objects.filter(plan=plan).values_list("ceremony_id", flat=True))
    assert placed == {c.pk for c in planned.ceremonies}
    planned.plan.refresh_from_db()
    assert planned.plan.status == PlanStatus.SUPERSEDED
    # One official at most once per slot; every place inside its wave.
    seen = set()
    for row in PlanAssignment.objects.filter(plan=plan).select_related("wave"):
        assert row.day in row.wave.days
        assert 0 <= row.slot < row.wave.slots_per_day
        assert (row.day, row.slot) not in seen
        seen.add((row.day, row.slot))


def test_planning_one_wave_keeps_the_other_waves_as_they_are(planned):
    other = planned.assignments[0]
    other.wave = planned.waves[1]
    other.day = planned.waves[1].start_date
    other.save()
    plan = plan_compute(
        programme=planned.programme,
        by=planned.planner,
        scope_wave=planned.waves[0],
        time_limit_s=5,
        adopt=True,
    )
    kept = PlanAssignment.objects.get(plan=plan, ceremony_id=other.ceremony_id)
    assert (kept.wave_id, kept.day, kept.slot) == (other.wave_id, other.day, other.slot)
    in_first = PlanAssignment.objects.filter(plan=plan, wave=planned.waves[0]).count()
    assert in_first == len(planned.ceremonies) - 1


def test_locked_cards_stay_where_people_put_them(planned):
    pinned = planned.assignments[1]
    pinned.locked = True
    pinned.save()
    plan = plan_compute(programme=planned.programme, by=planned.planner, time_limit_s=5)
    row = PlanAssignment.objects.get(plan=plan, ceremony_id=pinned.ceremony_id)
    assert (row.wave_id, row.day, row.slot, row.locked) == (
        pinned.wave_id,
        pinned.day,
        pinned.slot,
        True,
    )


def test_a_programme_without_waves_cannot_be_planned(planned):
    empty = ProgrammeFactory(municipality=planned.programme.municipality, slug="empty")
    before = Plan.objects.count()
    with pytest.raises(PlanningFailedError):
        plan_compute(programme=empty, by=planned.planner, time_limit_s=1)
    assert Plan.objects.count() == before


def test_an_impossible_lock_fails_with_a_reason_and_writes_nothing(planned):
    # Two locked ceremonies of one official in one slot cannot both hold.
    first, second = planned.assignments[:2]
    for row in (first, second):
        row.locked = True
        row.slot = 0
    first.save()
    second.save()
    before = Plan.objects.count()
    with pytest.raises(PlanningFailedError) as excinfo:
        plan_compute(programme=planned.programme, by=planned.planner, time_limit_s=2)
    assert excinfo.value.message
    assert Plan.objects.count() == before


def test_two_officials_with_one_name_stay_apart(planned):
    from tests.registry.factories import OfficialFactory

    twin = OfficialFactory(municipality=planned.programme.municipality, name="شهردار")
    planned.ceremonies[0].officials_requested.add(twin)
    problem = mapping.build_problem(programme=planned.programme).problem
    ids = [o.id for o in problem.officials]
    assert len(set(ids)) == len(ids) == 2
    assert all(i.startswith("شهردار (") for i in ids)


def test_an_inactive_official_is_not_asked_for(planned):
    planned.mayor.is_active = False
    planned.mayor.save()
    problem = mapping.build_problem(programme=planned.programme).problem
    assert all(c.officials == () for c in problem.ceremonies)


def test_a_repair_moves_only_the_ceremony_that_slipped(planned):
    slipped = planned.assignments[1]
    ceremony = slipped.ceremony
    ceremony.ready_from = planned.waves[1].start_date
    ceremony.save()
    mapped = mapping.build_problem(programme=planned.programme)
    current = mapping.current_assignments(mapped)
    assert mapping.misplaced(mapped, current) == [str(ceremony.pk)]
    plan = plan_compute(
        programme=planned.programme, by=planned.planner, time_limit_s=3, repair=True
    )
    rows = {a.ceremony_id: a for a in PlanAssignment.objects.filter(plan=plan)}
    assert rows[ceremony.pk].wave_id == planned.waves[1].pk
    for other in planned.assignments:
        if other.pk == slipped.pk:
            continue
        row = rows[other.ceremony_id]
        assert (row.wave_id, row.day, row.slot) == (other.wave_id, other.day, other.slot)


def test_a_repair_without_a_current_plan_fails_and_writes_nothing(planned):
    planned.plan.status = PlanStatus.SUPERSEDED
    planned.plan.save()
    before = Plan.objects.count()
    with pytest.raises(PlanningFailedError):
        plan_compute(programme=planned.programme, by=planned.planner, time_limit_s=2, repair=True)
    assert Plan.objects.count() == before
