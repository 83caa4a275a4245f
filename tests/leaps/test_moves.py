from __future__ import annotations

import json

import pytest
from django.urls import reverse

from jahesh.core.errors import PermissionDeniedError
from jahesh.leaps.errors import MoveRejectedError, WaveFrozenError
from jahesh.leaps.models import Plan, PlanAssignment, PlanSource, PlanStatus, WaveStatus
from jahesh.leaps.services import plan_assignment_move
from tests.leaps.factories import ProgrammeFactory, WaveFactory
from tests.registry.factories import CeremonyFactory, ProjectFactory


def _check(client, planned, ceremony, wave=None, day=None, slot=None):
    url = reverse(
        "leaps:check-move",
        kwargs={"city": planned.programme.municipality.slug, "programme": planned.programme.slug},
    )
    body = {
        "ceremony": ceremony.pk,
        "wave": wave.pk if wave else "",
        "day": day.isoformat() if day else "",
        "slot": slot,
    }
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_free_slot_passes_the_check(client, planned):
    client.force_login(planned.planner)
    wave = planned.waves[1]
    answer = _check(client, planned, planned.ceremonies[-1], wave, wave.start_date, 0).json()
    assert answer == {"ok": True, "reasons": []}


def test_double_booking_the_mayor_is_refused_with_a_persian_reason(client, planned):
    client.force_login(planned.planner)
    wave = planned.waves[0]
    # Slot 0 of wave 1's first day already has a ceremony the mayor attends.
    response = _check(client, planned, planned.ceremonies[-1], wave, wave.start_date, 0)
    answer = response.json()
    assert response.status_code == 200
    assert answer["ok"] is False
    assert answer["reasons"]
    assert any("شهردار" in reason for reason in answer["reasons"])
    # The same place is free once the mayor's ceremony there leaves.
    planned.assignments[0].delete()
    answer = _check(client, planned, planned.ceremonies[-1], wave, wave.start_date, 0).json()
    assert answer["ok"] is True


def test_a_day_outside_the_wave_is_refused(client, planned):
    client.force_login(planned.planner)
    wave = planned.waves[0]
    answer = _check(client, planned, planned.ceremonies[-1], wave, planned.waves[1].start_date, 0)
    assert answer.json()["ok"] is False


def test_a_slot_beyond_the_day_is_refused(client, planned):
    client.force_login(planned.planner)
    wave = planned.waves[1]
    answer = _check(client, planned, planned.ceremonies[-1], wave, wave.start_date, 9).json()
    assert answer["ok"] is False
    assert "نوبت" in answer["reasons"][0]


def test_moving_into_an_announced_wave_is_refused_until_it_is_unlocked(client, planned):
    client.force_login(planned.planner)
    wave = planned.waves[1]
    wave.status = WaveStatus.ANNOUNCED
    wave.save()
    answer = _check(client, planned, planned.ceremonies[-1], wave, wave.start_date, 0).json()
    assert answer["ok"] is False
    assert "بگشایید" in answer["reasons"][0]


def test_taking_a_ceremony_out_passes(client, planned):
    client.force_login(planned.planner)
    assert _check(client, planned, planned.ceremonies[0]).json()["ok"] is True


def test_the_check_refuses_an_editor(client, planned):
    client.force_login(planned.editor)
    wave = planned.waves[1]
    response = _check(client, planned, planned.ceremonies[-1], wave, wave.start_date, 0)
    assert response.status_code == 403
    assert response.json()["ok"] is False


def test_the_check_does_not_see_another_citys_ceremony(client, planned, city_b):
    client.force_login(planned.planner)
    foreign = CeremonyFactory(project=ProjectFactory(municipality=city_b))
    wave = planned.waves[1]
    assert _check(client, planned, foreign, wave, wave.start_date, 0).status_code == 404


@pytest.mark.parametrize("body", ["not json", "[]", '{"ceremony": "x"}'])
def test_a_garbled_check_request_is_400(client, planned, body):
    client.force_login(planned.planner)
    url = reverse(
        "leaps:check-move",
        kwargs={"city": planned.programme.municipality.slug, "programme": planned.programme.slug},
    )
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["ok"] is False


def test_a_move_by_hand_is_saved_and_locked(client, planned):
    client.force_login(planned.planner)
    wave = planned.waves[1]
    ceremony = planned.ceremonies[-1]
    url = reverse(
        "leaps:move",
        kwargs={"city": planned.programme.municipality.slug, "programme": planned.programme.slug},
    )
    place = f"{wave.pk}|{wave.start_date.isoformat()}|2"
    response = client.post(url, {"ceremony": ceremony.pk, "place": place})
    assert response.status_code == 302
    row = PlanAssignment.objects.get(plan=planned.plan, ceremony=ceremony)
    assert (row.wave_id, row.day, row.slot, row.locked) == (wave.pk, wave.start_date, 2, True)


def test_a_refused_move_writes_nothing_and_says_why(client, planned):
    client.force_login(planned.planner)
    wave = planned.waves[0]
    ceremony = planned.ceremonies[-1]
    url = reverse(
        "leaps:move",
        kwargs={"city": planned.programme.municipality.slug, "programme": planned.programme.slug},
    )
    place = f"{wave.pk}|{wave.start_date.isoformat()}|0"
    response = client.post(
        url, {"ceremony": ceremony.pk, "place": place}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 409
    assert response.json()["reasons"]
    assert not PlanAssignment.objects.filter(plan=planned.plan, ceremony=ceremony).exists()


def test_a_move_out_of_the_plan_deletes_the_assignment(planned):
    ceremony = planned.ceremonies[0]
    plan_assignment_move(
        programme=planned.programme, ceremony=ceremony, by=planned.planner, target=None
    )
    assert not PlanAssignment.objects.filter(plan=planned.plan, ceremony=ceremony).exists()


def test_a_move_out_of_an_announced_wave_is_refused(planned):
    wave = planned.waves[0]
    wave.status = WaveStatus.ANNOUNCED
    wave.save()
    with pytest.raises(MoveRejectedError):
        plan_assignment_move(
            programme=planned.programme,
            ceremony=planned.ceremonies[0],
            by=planned.planner,
            target=None,
        )


def test_an_editor_cannot_move_a_ceremony(planned):
    wave = planned.waves[1]
    with pytest.raises(PermissionDeniedError):
        plan_assignment_move(
            programme=planned.programme,
            ceremony=planned.ceremonies[-1],
            by=planned.editor,
            target=(wave, wave.start_date, 0),
        )


def test_the_first_move_without_a_plan_starts_a_manual_one(city_a, member_of):
    from jahesh.registry.models import Role

    planner_user = member_of(city_a, Role.PLANNER)
    programme = ProgrammeFactory(municipality=city_a)
    wave = WaveFactory(programme=programme)
    ceremony = CeremonyFactory(project=ProjectFactory(municipality=city_a))
    plan_assignment_move(
        programme=programme, ceremony=ceremony, by=planner_user, target=(wave, wave.start_date, 1)
    )
    plan = Plan.objects.get(programme=programme)
    assert (plan.status, plan.source) == (PlanStatus.CURRENT, PlanSource.MANUAL)
    assert plan.assignments.get().slot == 1


def test_moving_into_a_wave_of_another_programme_is_refused(planned):
    stranger = WaveFactory(programme=ProgrammeFactory(municipality=planned.programme.municipality))
    with pytest.raises(MoveRejectedError):
        plan_assignment_move(
            programme=planned.programme,
            ceremony=planned.ceremonies[-1],
            by=planned.planner,
            target=(stranger, stranger.start_date, 0),
        )


def test_a_frozen_wave_cannot_be_planned_alone(planned):
    from jahesh.leaps.services import plan_compute

    wave = planned.waves[0]
    wave.status = WaveStatus.HELD
    wave.save()
    with pytest.raises(WaveFrozenError):
        plan_compute(programme=planned.programme, by=planned.planner, scope_wave=wave)


def _find(client, planned, ceremony, wave):
    url = reverse(
        "leaps:check-move",
        kwargs={"city": planned.programme.municipality.slug, "programme": planned.programme.slug},
    )
    body = {"ceremony": ceremony.pk, "wave": wave.pk, "find": True}
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_dropped_card_gets_the_first_place_of_the_wave_that_fits(client, planned):
    client.force_login(planned.planner)
    wave = planned.waves[0]
    # Slots 0–2 of the first day hold the mayor's other ceremonies; slot 3 is free.
    answer = _find(client, planned, planned.ceremonies[-1], wave).json()
    assert answer == {
        "ok": True,
        "reasons": [],
        "place": f"{wave.pk}|{wave.start_date.isoformat()}|3",
    }


def test_a_full_wave_gives_no_place_and_says_why(client, planned):
    client.force_login(planned.planner)
    wave = planned.waves[0]
    wave.max_ceremonies = len(planned.assignments)
    wave.save()
    answer = _find(client, planned, planned.ceremonies[-1], wave).json()
    assert answer["ok"] is False
    assert answer["place"] is None
    assert answer["reasons"]


def test_finding_a_place_in_an_announced_wave_is_refused(client, planned):
    client.force_login(planned.planner)
    wave = planned.waves[1]
    wave.status = WaveStatus.ANNOUNCED
    wave.save()
    answer = _find(client, planned, planned.ceremonies[-1], wave).json()
    assert (answer["ok"], answer["place"]) == (False, None)
    assert "بگشایید" in answer["reasons"][0]


def test_finding_a_place_in_another_programmes_wave_is_404(client, planned):
    client.force_login(planned.planner)
    stranger = WaveFactory(programme=ProgrammeFactory(municipality=planned.programme.municipality))
    assert _find(client, planned, planned.ceremonies[-1], stranger).status_code == 404
