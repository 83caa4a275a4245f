from __future__ import annotations

import datetime as dt

import pytest

from jahesh.core.errors import PermissionDeniedError, ValidationError
from jahesh.leaps.errors import WaveFrozenError, WaveNotAnnouncedError
from jahesh.leaps.models import Occasion, PlanStatus, WaveStatus
from jahesh.leaps.services import (
    plan_adopt,
    plan_assignment_set_locked,
    programme_create,
    programme_update,
    wave_announce,
    wave_create,
    wave_mark_held,
    wave_unlock,
    wave_update,
)
from jahesh.registry.models import Role
from tests.leaps.factories import PlanAssignmentFactory, PlanFactory, ProgrammeFactory, WaveFactory
from tests.registry.factories import CeremonyFactory, ProjectFactory


@pytest.fixture
def planner(city_a, member_of):
    return member_of(city_a, Role.PLANNER, username="planner")


@pytest.fixture
def editor(city_a, member_of):
    return member_of(city_a, Role.EDITOR, username="editor")


@pytest.fixture
def programme(city_a):
    return ProgrammeFactory(municipality=city_a, slug="jahesh")


def test_a_planner_creates_a_programme_with_a_normalised_name(city_a, planner):
    programme = programme_create(
        municipality=city_a, by=planner, name="جهش  عمراني", wave_noun="گام", slug="jahesh"
    )
    assert programme.name == "جهش عمرانی"
    assert programme.wave_noun == "گام"


def test_a_programme_slug_is_unique_in_a_city(city_a, planner, programme):
    with pytest.raises(ValidationError) as excinfo:
        programme_create(municipality=city_a, by=planner, name="دیگری", slug="jahesh")
    assert excinfo.value.field == "slug"


def test_a_typed_programme_slug_is_normalised_so_spellings_clash(city_a, planner):
    first = programme_create(municipality=city_a, by=planner, name="الف", slug="جهش-عمراني")
    assert first.slug == "جهش-عمرانی"
    with pytest.raises(ValidationError) as excinfo:
        programme_create(municipality=city_a, by=planner, name="ب", slug="جهش-عمرانی")
    assert excinfo.value.field == "slug"


def test_a_programme_whose_name_gives_no_slug_is_refused_instead_of_saved_without_one(
    city_a, planner
):
    with pytest.raises(ValidationError) as excinfo:
        programme_create(municipality=city_a, by=planner, name="؟!")
    assert excinfo.value.field == "slug"
    assert not city_a.programmes.exists()


@pytest.mark.parametrize("persona", ["editor", "outsider", "other_city_planner"])
def test_only_the_citys_planners_create_programmes(city_a, city_b, member_of, outsider, persona):
    user = {
        "editor": lambda: member_of(city_a, Role.EDITOR),
        "outsider": lambda: outsider,
        "other_city_planner": lambda: member_of(city_b, Role.PLANNER),
    }[persona]()
    with pytest.raises(PermissionDeniedError):
        programme_create(municipality=city_a, by=user, name="جهش")


def test_an_admin_of_the_city_may_plan(city_a, member_of):
    admin = member_of(city_a, Role.ADMIN)
    assert programme_create(municipality=city_a, by=admin, name="جهش", slug="j").pk


def test_programme_update_refuses_unknown_fields(programme, planner):
    with pytest.raises(ValidationError):
        programme_update(programme=programme, by=planner, municipality_id=99)


def test_waves_are_numbered_in_order(programme, planner):
    first = wave_create(programme=programme, by=planner, start_date=dt.date(2023, 2, 1))
    second = wave_create(
        programme=programme,
        by=planner,
        start_date=dt.date(2023, 3, 1),
        end_date=dt.date(2023, 3, 2),
        theme="بهار",
        occasion=Occasion.objects.get(municipality__isnull=True, code="nowruz"),
    )
    assert (first.number, second.number) == (1, 2)
    assert first.end_date == first.start_date
    assert second.days == [dt.date(2023, 3, 1), dt.date(2023, 3, 2)]


def test_a_wave_number_cannot_repeat(programme, planner):
    wave_create(programme=programme, by=planner, start_date=dt.date(2023, 2, 1), number=3)
    with pytest.raises(ValidationError):
        wave_create(programme=programme, by=planner, start_date=dt.date(2023, 2, 1), number=3)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"end_date": dt.date(2023, 1, 1)}, "end_date"),
        ({"end_date": dt.date(2023, 4, 1)}, "end_date"),
        ({"slots_per_day": 0}, "slots_per_day"),
        ({"slots_per_day": 12, "slot_minutes": 120}, "slots_per_day"),
        ({"min_ceremonies": 5, "max_ceremonies": 2}, "max_ceremonies"),
    ],
)
def test_a_wave_with_broken_days_or_limits_is_refused(programme, planner, fields, field):
    with pytest.raises(ValidationError) as excinfo:
        wave_create(programme=programme, by=planner, start_date=dt.date(2023, 2, 1), **fields)
    assert excinfo.value.field == field


def test_a_wave_cannot_take_another_citys_occasion(programme, planner, city_b):
    foreign = Occasion.objects.create(
        municipality=city_b, code="b-day", name="روز ب", calendar="solar", month=1, day=5
    )
    with pytest.raises(ValidationError):
        wave_create(
            programme=programme, by=planner, start_date=dt.date(2023, 2, 1), occasion=foreign
        )


def test_an_editor_cannot_create_a_wave(programme, editor):
    with pytest.raises(PermissionDeniedError):
        wave_create(programme=programme, by=editor, start_date=dt.date(2023, 2, 1))


def test_announcing_locks_the_waves_ceremonies_and_freezes_it(programme, planner):
    wave = WaveFactory(programme=programme)
    plan = PlanFactory(programme=programme)
    ceremony = CeremonyFactory(project=ProjectFactory(municipality=programme.municipality))
    assignment = PlanAssignmentFactory(plan=plan, wave=wave, ceremony=ceremony)
    wave_announce(wave=wave, by=planner)
    assignment.refresh_from_db()
    assert assignment.locked
    assert wave.status == WaveStatus.ANNOUNCED
    assert wave.is_frozen
    with pytest.raises(WaveFrozenError):
        wave_update(wave=wave, by=planner, theme="دیگر")
    with pytest.raises(WaveFrozenError):
        plan_assignment_set_locked(assignment=assignment, by=planner, locked=False)


def test_an_announced_wave_changes_after_an_explicit_unlock(programme, planner):
    wave = WaveFactory(programme=programme, status=WaveStatus.ANNOUNCED)
    with pytest.raises(ValidationError):
        wave_unlock(wave=wave, by=planner, reason="  ")
    wave_unlock(wave=wave, by=planner, reason="جابه‌جایی روز به خواست استانداری")
    assert not wave.is_frozen
    wave_update(wave=wave, by=planner, theme="تازه")
    wave_announce(wave=wave, by=planner)
    assert wave.is_frozen
    assert wave.unlock_reason == ""


def test_only_announced_waves_are_unlocked(programme, planner):
    wave = WaveFactory(programme=programme)
    with pytest.raises(WaveNotAnnouncedError):
        wave_unlock(wave=wave, by=planner, reason="دلیل")


def test_an_editor_cannot_unlock_an_announced_wave(programme, editor):
    wave = WaveFactory(programme=programme, status=WaveStatus.ANNOUNCED)
    with pytest.raises(PermissionDeniedError):
        wave_unlock(wave=wave, by=editor, reason="دلیل")


def test_a_held_wave_stays_frozen(programme, planner):
    wave = WaveFactory(programme=programme)
    with pytest.raises(ValidationError):
        wave_mark_held(wave=wave, by=planner)
    wave_announce(wave=wave, by=planner)
    wave_mark_held(wave=wave, by=planner)
    assert wave.is_frozen
    with pytest.raises(WaveNotAnnouncedError):
        wave_unlock(wave=wave, by=planner, reason="دلیل")


def test_moving_days_of_a_wave_drops_assignments_that_no_longer_fit(programme, planner):
    wave = WaveFactory(
        programme=programme, start_date=dt.date(2023, 2, 1), end_date=dt.date(2023, 2, 2)
    )
    plan = PlanFactory(programme=programme)
    keep = PlanAssignmentFactory(plan=plan, wave=wave, day=dt.date(2023, 2, 1), slot=1)
    drop = PlanAssignmentFactory(plan=plan, wave=wave, day=dt.date(2023, 2, 2), slot=0)
    wave_update(wave=wave, by=planner, end_date=dt.date(2023, 2, 1))
    assert plan.assignments.filter(pk=keep.pk).exists()
    assert not plan.assignments.filter(pk=drop.pk).exists()


def test_adopting_a_draft_supersedes_the_current_plan(programme, planner):
    current = PlanFactory(programme=programme)
    draft = PlanFactory(programme=programme, status=PlanStatus.DRAFT)
    plan_adopt(plan=draft, by=planner)
    current.refresh_from_db()
    assert current.status == PlanStatus.SUPERSEDED
    assert draft.status == PlanStatus.CURRENT


def test_a_draft_that_moves_an_announced_ceremony_is_not_adopted(programme, planner):
    wave = WaveFactory(programme=programme, status=WaveStatus.ANNOUNCED)
    current = PlanFactory(programme=programme)
    draft = PlanFactory(programme=programme, status=PlanStatus.DRAFT)
    ceremony = CeremonyFactory(project=ProjectFactory(municipality=programme.municipality))
    PlanAssignmentFactory(plan=current, wave=wave, ceremony=ceremony, slot=0)
    PlanAssignmentFactory(plan=draft, wave=wave, ceremony=ceremony, slot=2)
    with pytest.raises(WaveFrozenError):
        plan_adopt(plan=draft, by=planner)
    current.refresh_from_db()
    assert current.status == PlanStatus.CURRENT


def test_an_editor_cannot_adopt_a_plan(programme, editor):
    draft = PlanFactory(programme=programme, status=PlanStatus.DRAFT)
    with pytest.raises(PermissionDeniedError):
        plan_adopt(plan=draft, by=editor)
