"""Promises written when a wave is announced: frozen, so a day moved afterwards is a change the
promises page shows, never a rewrite of what was promised (docs/accountability.md). What became
of them is stored by a refresh queued after each commit that may change it: the tests run the
queued jobs at once (``job_queue``), in tests whose changes really commit (``transaction=True``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from jahesh import persian
from jahesh.leaps.models import PlanAssignment, PromiseKind, PromiseRecord, WaveStatus
from jahesh.leaps.selectors.promises import Outcome, promises_of
from jahesh.leaps.services import (
    plan_assignment_move,
    promises_backfill,
    wave_announce,
    wave_mark_held,
    wave_unlock,
)
from jahesh.registry.models import CeremonyKind, CeremonyStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("job_queue")]
# The conftest's wave 1 is on 2023-02-01 and 02; today is after both.
TODAY = dt.date(2023, 3, 1)


def announce(planned, at_day=dt.date(2023, 1, 28)):
    wave = planned.waves[0]
    at = timezone.make_aware(dt.datetime.combine(at_day, dt.time(10)))
    return wave_announce(wave=wave, by=planned.planner, at=at)


@pytest.mark.django_db(transaction=True)
def test_announcing_a_wave_writes_its_promises_with_the_project_as_it_stood(planned):
    ground = planned.ceremonies[0]
    ground.kind = CeremonyKind.GROUNDBREAKING
    ground.save()
    project = ground.project
    project.planned_end_date = dt.date(2024, 6, 1)
    project.credit_rial = 7_000_000_000
    project.save()
    announce(planned)
    rows = PromiseRecord.objects.filter(wave=planned.waves[0])
    assert rows.filter(kind=PromiseKind.CEREMONY).count() == 3  # the three planned ceremonies
    completion = rows.get(kind=PromiseKind.COMPLETION)
    assert (completion.ceremony_id, completion.promised_date) == (ground.pk, dt.date(2024, 6, 1))
    assert completion.project_credit_rial == 7_000_000_000
    # The project changes afterwards: the stored promise does not.
    project.planned_end_date = dt.date(2025, 6, 1)
    project.credit_rial = 9_000_000_000
    project.save()
    completion.refresh_from_db()
    assert (completion.promised_date, completion.project_credit_rial) == (
        dt.date(2024, 6, 1),
        7_000_000_000,
    )
    promise = next(
        p
        for p in promises_of(city=planned.programme.municipality, today=TODAY)
        if p.kind == PromiseKind.COMPLETION
    )
    assert (promise.promised_date, promise.promised_date_today) == (
        dt.date(2024, 6, 1),
        dt.date(2025, 6, 1),
    )
    assert promise.promised_credit_rial == 7_000_000_000
    # A draft wave promises nothing.
    assert not PromiseRecord.objects.filter(wave=planned.waves[1]).exists()


@pytest.mark.django_db(transaction=True)
def test_unlocking_and_moving_a_ceremony_keeps_the_promise_and_shows_a_postponement(
    client, planned
):
    wave = announce(planned)
    moved = planned.ceremonies[1]
    promised_day = wave.start_date
    assert PlanAssignment.objects.get(plan=planned.plan, ceremony=moved).day == promised_day
    wave_unlock(wave=wave, by=planned.planner, reason="تأخیر در آماده‌شدن محل")
    wave.refresh_from_db()
    new_day = wave.end_date
    plan_assignment_move(
        programme=planned.programme,
        ceremony=moved,
        by=planned.planner,
        target=(wave, new_day, 3),
    )
    wave = wave_announce(wave=wave, by=planned.planner)  # announced again with the new day
    # The promise is the one first made: announcing again added nothing and changed nothing.
    rows = PromiseRecord.objects.filter(wave=wave, ceremony=moved)
    assert [(r.kind, r.promised_date) for r in rows] == [(PromiseKind.CEREMONY, promised_day)]
    city = planned.programme.municipality
    promise = next(p for p in promises_of(city=city, today=TODAY) if p.ceremony_id == moved.pk)
    assert promise.promised_date == promised_day
    assert promise.promised_date_today == new_day
    assert promise.date_changed
    assert (promise.outcome, promise.outcome_date) == (Outcome.POSTPONED, new_day)

    # Held on the new day: late by the day it moved, not on time against the new day.
    wave_mark_held(wave=wave, by=planned.planner)
    moved.status = CeremonyStatus.HELD
    moved.held_at = None
    moved.save()
    promise = next(p for p in promises_of(city=city, today=TODAY) if p.ceremony_id == moved.pk)
    assert (promise.outcome, promise.delay_days) == (Outcome.LATE, (new_day - promised_day).days)

    cache.clear()
    text = client.get(reverse("portal:promises", kwargs={"city": city.slug})).content.decode()
    assert persian.format_jalali(promised_day) in text


def test_the_backfill_writes_promises_of_waves_announced_before_once(planned):
    wave = planned.waves[0]
    wave.status = WaveStatus.HELD  # written directly, as before promises were stored
    wave.announced_at = timezone.make_aware(dt.datetime(2023, 1, 28, 10))
    wave.save()
    assert promises_backfill() == 3
    assert promises_backfill() == 0  # nothing written twice
    assert promises_backfill(municipality=planned.programme.municipality) == 0
    made = set(PromiseRecord.objects.values_list("made_at", flat=True))
    assert made == {wave.announced_at}


def test_the_backfill_command_names_an_unknown_city_in_persian(planned):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="شهرداری"):
        call_command("promises", "backfill", "--municipality", "nowhere")


def stored(ceremony, kind=PromiseKind.CEREMONY):
    row = PromiseRecord.objects.get(ceremony=ceremony, kind=kind)
    return (row.outcome, row.outcome_date, row.delay_days)


@pytest.mark.django_db(transaction=True)
def test_a_ceremony_held_late_or_postponed_refreshes_its_stored_outcome_through_the_queue(planned):
    wave = announce(planned)
    held, postponed, waiting = planned.ceremonies[:3]
    # Written with the announcement: nothing met yet, so nothing stored (overdue when read).
    assert stored(held) == ("", None, None)
    assert PromiseRecord.objects.filter(wave=wave, outcome_refreshed_at__isnull=True).count() == 0
    tehran = timezone.get_default_timezone()
    held.status = CeremonyStatus.HELD
    held.held_at = dt.datetime.combine(wave.start_date + dt.timedelta(days=4), dt.time(12), tehran)
    held.save()  # committed: the queue's job ran (job_queue runs it at once)
    assert stored(held) == (Outcome.LATE, wave.start_date + dt.timedelta(days=4), 4)
    new_day = dt.date(2023, 4, 10)
    postponed.status = CeremonyStatus.POSTPONED
    postponed.ready_from = new_day
    postponed.latest_date = None
    postponed.save()
    assert stored(postponed) == (Outcome.POSTPONED, new_day, None)
    assert stored(waiting) == ("", None, None)
    read = {p.ceremony_id: p for p in promises_of(city=planned.programme.municipality, today=TODAY)}
    assert (read[held.pk].outcome, read[held.pk].delay_days) == (Outcome.LATE, 4)
    assert (read[postponed.pk].outcome, read[postponed.pk].outcome_date) == (
        Outcome.POSTPONED,
        new_day,
    )
    # Days overdue are counted on the day of reading, not stored.
    overdue = (TODAY - read[waiting.pk].promised_date).days
    assert (read[waiting.pk].outcome, read[waiting.pk].delay_days) == (Outcome.OVERDUE, overdue)
    later = promises_of(city=planned.programme.municipality, today=TODAY + dt.timedelta(days=5))
    assert next(p for p in later if p.ceremony_id == waiting.pk).delay_days == overdue + 5


@pytest.mark.django_db(transaction=True)
def test_a_change_that_slipped_past_the_signals_is_put_right_by_the_nightly_refresh(planned):
    from jahesh.leaps.tasks import promise_outcomes_nightly_task
    from jahesh.registry.models import Ceremony

    announce(planned)
    called_off = planned.ceremonies[0]
    # A bulk UPDATE sends no signal: the stored outcome stays as it was ...
    Ceremony.objects.filter(pk=called_off.pk).update(status=CeremonyStatus.CANCELLED)
    assert stored(called_off)[0] == ""
    # ... until the night's refresh.
    promise_outcomes_nightly_task()
    assert stored(called_off)[0] == Outcome.CANCELLED


@pytest.mark.django_db(transaction=True)
def test_a_change_rolled_back_leaves_the_stored_outcome(planned):
    from django.db import transaction

    announce(planned)
    ceremony = planned.ceremonies[0]

    def cancel_then_fail():
        with transaction.atomic():
            ceremony.status = CeremonyStatus.CANCELLED
            ceremony.save()
            raise RuntimeError

    with pytest.raises(RuntimeError):
        cancel_then_fail()
    assert stored(ceremony)[0] == ""
