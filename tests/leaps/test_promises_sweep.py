"""The promises' sweep: a refresh job lost while the queue was down is made up within minutes,
not at night, and only the promises whose rows changed since their last refresh are computed
again (docs/accountability.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jahesh.leaps import tasks
from jahesh.leaps.models import PlanAssignment, PromiseKind, PromiseRecord
from jahesh.leaps.selectors.promises import Outcome
from jahesh.leaps.services import wave_announce
from jahesh.leaps.sweeps import promise_outcomes_sweep_task
from jahesh.registry.models import Ceremony, CeremonyStatus, Project

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("job_queue")]


def announced_long_ago(planned):
    """Announce wave 1; then date every row's last save an hour back, as if all that happened
    long before the sweep."""
    wave = wave_announce(
        wave=planned.waves[0],
        by=planned.planner,
        at=timezone.make_aware(dt.datetime(2023, 1, 28, 10)),
    )
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    Project.objects.update(updated_at=an_hour_ago)
    Ceremony.objects.update(updated_at=an_hour_ago)
    return wave


def refreshed_at():
    return dict(PromiseRecord.objects.values_list("pk", "outcome_refreshed_at"))


def lose_refresh_jobs(monkeypatch):
    """The queue is down: every refresh queued after a commit is dropped (core.queue logs it)."""
    monkeypatch.setattr(tasks, "promise_outcomes_refresh_task", lambda *args: None)


def test_the_sweep_refreshes_only_the_promises_a_lost_job_left_stale(planned, monkeypatch):
    announced_long_ago(planned)
    before = refreshed_at()
    assert promise_outcomes_sweep_task.call_local() == 0
    assert refreshed_at() == before  # nothing changed since the last refresh: nothing computed

    lose_refresh_jobs(monkeypatch)
    cancelled = planned.ceremonies[0]
    cancelled.status = CeremonyStatus.CANCELLED
    cancelled.save()
    record = PromiseRecord.objects.get(ceremony=cancelled, kind=PromiseKind.CEREMONY)
    assert record.outcome == ""  # stale: the job was lost

    assert promise_outcomes_sweep_task.call_local() == 1
    record.refresh_from_db()
    assert record.outcome == Outcome.CANCELLED
    after = refreshed_at()
    assert {pk for pk in before if after[pk] != before[pk]} == set(
        PromiseRecord.objects.filter(project=cancelled.project).values_list("pk", flat=True)
    )


def test_the_sweep_finds_a_ceremony_the_plan_moved_without_a_refresh(planned):
    wave = announced_long_ago(planned)
    moved = planned.ceremonies[1]
    later = wave.end_date
    # A bulk UPDATE sends no signal, like a job lost after a move.
    PlanAssignment.objects.filter(plan=planned.plan, ceremony=moved).update(day=later)
    record = PromiseRecord.objects.get(ceremony=moved, kind=PromiseKind.CEREMONY)
    assert record.outcome == ""
    before = refreshed_at()

    assert promise_outcomes_sweep_task.call_local() == 1
    record.refresh_from_db()
    assert (record.outcome, record.outcome_date) == (Outcome.POSTPONED, later)
    after = refreshed_at()
    assert [pk for pk in before if after[pk] != before[pk]] == [record.pk]
    assert promise_outcomes_sweep_task.call_local() == 0
    assert refreshed_at() == after
