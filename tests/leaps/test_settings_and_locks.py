"""A planning settings change must not make replanning impossible: it is checked against the
locks of the waves still to come, and held waves never block planning the ones after them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jahesh.core.errors import ValidationError
from jahesh.leaps import mapping, services
from jahesh.leaps.errors import PlanningFailedError
from jahesh.leaps.models import Plan, PlanStatus, TravelTime, WaveStatus

pytestmark = pytest.mark.django_db


def _lock_wave_one(planned) -> None:
    """The mayor's three ceremonies of wave 1, one after another in alternating districts:
    90-minute slots and 60-minute ceremonies leave 30 minutes to travel."""
    for assignment in planned.assignments:
        assignment.locked = True
        assignment.save()


def _gap_min(planned) -> int:
    wave = planned.waves[0]
    duration = planned.ceremonies[0].duration_min or 60
    return wave.slot_minutes - duration


def _save(planned, minutes: int) -> None:
    services.programme_planning_save(
        programme=planned.programme,
        by=planned.planner,
        weights={},
        default_travel_minutes=minutes,
    )


def test_locks_fit_the_travel_time_they_were_made_with(planned):
    _lock_wave_one(planned)
    _save(planned, _gap_min(planned))
    planned.programme.refresh_from_db()
    assert planned.programme.default_travel_minutes == _gap_min(planned)


def test_a_longer_default_travel_time_that_breaks_locks_is_refused_naming_them(planned):
    _lock_wave_one(planned)
    with pytest.raises(ValidationError) as caught:
        _save(planned, _gap_min(planned) + 3)
    message = caught.value.message
    assert "قفل" in message
    # The wave (its noun and number in Persian digits) and a ceremony of it are named.
    assert "۱" in message
    assert any(c.project.title in message for c in planned.ceremonies[:3])
    planned.programme.refresh_from_db()
    assert planned.programme.default_travel_minutes == 20


def test_a_travel_table_entry_that_breaks_locks_is_refused_and_nothing_is_saved(planned):
    _lock_wave_one(planned)
    first, second = sorted(d.pk for d in planned.districts)
    with pytest.raises(ValidationError):
        services.planning_settings_save(
            programme=planned.programme,
            by=planned.planner,
            weights={"headline": 900.0},
            default_travel_minutes=20,
            minutes={(first, second): _gap_min(planned) + 3},
        )
    assert not TravelTime.objects.exists()
    planned.programme.refresh_from_db()
    assert planned.programme.weights == {}


def test_the_settings_page_says_in_persian_which_locks_a_change_breaks(client, planned):
    _lock_wave_one(planned)
    client.force_login(planned.planner)
    programme = planned.programme
    url = reverse(
        "leaps:settings", kwargs={"city": programme.municipality.slug, "programme": programme.slug}
    )
    response = client.post(url, {"default_travel_minutes": str(_gap_min(planned) + 3)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "دیگر شدنی نیستند" in html
    programme.refresh_from_db()
    assert programme.default_travel_minutes == 20


def test_a_lock_already_broken_does_not_block_a_change_that_breaks_nothing_new(planned):
    _lock_wave_one(planned)
    planned.programme.default_travel_minutes = _gap_min(planned) + 3
    planned.programme.save()
    _save(planned, _gap_min(planned) + 1)
    planned.programme.refresh_from_db()
    assert planned.programme.default_travel_minutes == _gap_min(planned) + 1


def test_held_waves_do_not_block_a_settings_change_or_planning_the_waves_to_come(planned):
    _lock_wave_one(planned)
    wave = planned.waves[0]
    wave.status = WaveStatus.HELD
    wave.save()
    _save(planned, _gap_min(planned) + 3)
    mapped = mapping.build_problem(programme=planned.programme)
    assert str(wave.pk) not in {w.id for w in mapped.problem.waves}
    assert not mapped.problem.locks
    plan = services.plan_compute(
        programme=planned.programme, by=planned.planner, time_limit_s=5, adopt=True
    )
    assert plan.status == PlanStatus.CURRENT
    held = {(a.ceremony_id, a.wave_id, a.day, a.slot) for a in planned.assignments}
    kept = set(
        plan.assignments.filter(wave=wave).values_list("ceremony_id", "wave_id", "day", "slot")
    )
    assert kept == held
    # The ceremony left out before is planned into the wave to come.
    assert plan.assignments.filter(ceremony=planned.ceremonies[-1], wave=planned.waves[1]).exists()
    assert Plan.objects.filter(programme=planned.programme, status=PlanStatus.CURRENT).count() == 1


def test_a_replan_with_every_wave_held_says_so_in_persian(planned):
    for wave in planned.waves:
        wave.status = WaveStatus.HELD
        wave.save()
    with pytest.raises(PlanningFailedError) as caught:
        services.plan_compute(programme=planned.programme, by=planned.planner, time_limit_s=5)
    assert "برگزار شده‌اند" in caught.value.message


def test_an_announced_wave_whose_days_are_over_is_history_not_a_constraint(planned):
    wave = planned.waves[0]
    wave.status = WaveStatus.ANNOUNCED
    wave.save()
    mapped = mapping.build_problem(programme=planned.programme)
    assert str(wave.pk) not in {w.id for w in mapped.problem.waves}
    assert {a.pk for a in mapped.kept} == {a.pk for a in planned.assignments}
