from __future__ import annotations

import pytest

from jahesh.leaps import permissions
from jahesh.leaps.models import WaveStatus
from jahesh.registry.models import Role
from tests.leaps.factories import PlanFactory, ProgrammeFactory, WaveFactory


@pytest.mark.parametrize(
    ("role", "reads", "changes"),
    [
        (Role.VIEWER, True, False),
        (Role.REPORTER, True, False),
        (Role.EDITOR, True, False),
        (Role.PLANNER, True, True),
        (Role.PUBLISHER, True, True),
        (Role.ADMIN, True, True),
    ],
)
def test_members_read_and_planners_change(city_a, member_of, role, reads, changes):
    user = member_of(city_a, role)
    programme = ProgrammeFactory(municipality=city_a)
    plan = PlanFactory(programme=programme)
    assert permissions.can_view_plans(user, city_a) is reads
    assert permissions.can_view_plan(user, plan) is reads
    assert permissions.can_change_plans(user, city_a) is changes
    assert permissions.can_change_programme(user, programme) is changes
    assert permissions.can_change_plan(user, plan) is changes
    assert permissions.can_change_occasions(user, city_a) is changes


def test_a_planner_of_another_city_neither_reads_nor_changes(city_a, city_b, member_of):
    stranger = member_of(city_b, Role.PLANNER)
    programme = ProgrammeFactory(municipality=city_a)
    assert not permissions.can_view_programme(stranger, programme)
    assert not permissions.can_change_programme(stranger, programme)


def test_a_user_without_a_city_and_an_anonymous_visitor_get_nothing(city_a, outsider):
    from django.contrib.auth.models import AnonymousUser

    for user in (outsider, AnonymousUser()):
        assert not permissions.can_view_plans(user, city_a)
        assert not permissions.can_change_plans(user, city_a)


def test_an_announced_wave_is_changed_only_after_an_unlock(city_a, member_of):
    planner = member_of(city_a, Role.PLANNER)
    wave = WaveFactory(programme=ProgrammeFactory(municipality=city_a), status=WaveStatus.DRAFT)
    assert permissions.can_change_wave(planner, wave)
    wave.status = WaveStatus.ANNOUNCED
    assert not permissions.can_change_wave(planner, wave)
    assert permissions.can_unlock_wave(planner, wave)
    from django.utils import timezone

    wave.unlocked_at = timezone.now()
    assert permissions.can_change_wave(planner, wave)
    wave.status = WaveStatus.HELD
    assert not permissions.can_change_wave(planner, wave)
