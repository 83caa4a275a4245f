"""The planning runs' sweep: a run whose job was lost is planned once; dead workers' runs close."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from jahesh.leaps import sweeps, tasks
from jahesh.leaps.models import Plan, PlanRun, PlanRunStatus
from jahesh.leaps.services import plan_run_request
from jahesh.leaps.services.plans import RUN_NEVER_STARTED, RUN_WORKER_DIED
from tests.core.test_queue import UnreachableStorage


def _age(run: PlanRun, by: dt.timedelta) -> None:
    PlanRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - by)


@pytest.mark.django_db(transaction=True)
def test_a_run_requested_while_the_queue_is_down_is_planned_once_by_the_sweep(
    planned, queue_for_a_consumer, caplog
):
    storage = UnreachableStorage(ConnectionError("Connection refused"))
    huey = queue_for_a_consumer(storage)
    with caplog.at_level("WARNING", logger="jahesh.core.queue"), transaction.atomic():
        run = plan_run_request(programme=planned.programme, by=planned.planner, time_limit_s=3)
    assert storage.tries == 1
    assert "plan_run_task" in caplog.text
    run.refresh_from_db()
    assert run.status == PlanRunStatus.QUEUED
    # Too fresh: the job may still be on its way.
    huey.immediate = True
    assert sweeps.plan_runs_sweep_task.call_local() == 0
    _age(run, dt.timedelta(minutes=6))
    plans_before = Plan.objects.count()
    assert sweeps.plan_runs_sweep_task.call_local() == 1
    run.refresh_from_db()
    assert run.status == PlanRunStatus.SUCCEEDED, run.error
    assert Plan.objects.count() == plans_before + 1
    assert sweeps.plan_runs_sweep_task.call_local() == 0
    assert Plan.objects.count() == plans_before + 1


def test_a_run_queued_twice_is_planned_once(planned, job_queue):
    run = plan_run_request(programme=planned.programme, by=planned.planner, time_limit_s=3)
    plans_before = Plan.objects.count()
    tasks.plan_run_task(run.pk)
    started = PlanRun.objects.get(pk=run.pk).started_at
    tasks.plan_run_task(run.pk)
    run.refresh_from_db()
    assert run.status == PlanRunStatus.SUCCEEDED
    assert run.started_at == started
    assert Plan.objects.count() == plans_before + 1


def test_a_second_job_does_not_plan_a_run_another_worker_claimed(planned, job_queue):
    run = plan_run_request(programme=planned.programme, by=planned.planner, time_limit_s=3)
    # The other worker read the run as queued, then this one claimed it first.
    PlanRun.objects.filter(pk=run.pk).update(status=PlanRunStatus.RUNNING)
    plans_before = Plan.objects.count()
    tasks.plan_run_task(run.pk)
    assert Plan.objects.count() == plans_before
    assert PlanRun.objects.get(pk=run.pk).status == PlanRunStatus.RUNNING


def test_a_run_left_running_by_a_dead_worker_is_failed_with_a_persian_message(planned, job_queue):
    run = plan_run_request(programme=planned.programme, by=planned.planner, time_limit_s=30)
    # A worker claimed it 30 s + 15 min ago and died.
    PlanRun.objects.filter(pk=run.pk).update(
        status=PlanRunStatus.RUNNING,
        started_at=timezone.now() - dt.timedelta(minutes=15, seconds=31),
        stage="جای‌گذاری",
    )

    assert sweeps.plan_runs_sweep_task.call_local() == 0
    run.refresh_from_db()
    assert run.status == PlanRunStatus.FAILED
    assert run.error == RUN_WORKER_DIED
    assert run.finished_at is not None
    finished = run.finished_at
    assert sweeps.plan_runs_sweep_task.call_local() == 0
    run.refresh_from_db()
    assert run.finished_at == finished


def test_a_running_run_within_its_deadline_is_left_alone(planned, job_queue):
    run = plan_run_request(programme=planned.programme, by=planned.planner, time_limit_s=30)
    PlanRun.objects.filter(pk=run.pk).update(
        status=PlanRunStatus.RUNNING,
        started_at=timezone.now() - dt.timedelta(minutes=15, seconds=20),
    )
    sweeps.plan_runs_sweep_task.call_local()
    assert PlanRun.objects.get(pk=run.pk).status == PlanRunStatus.RUNNING


def test_a_run_queued_for_over_an_hour_is_closed_not_planned_late(planned, job_queue):
    run = plan_run_request(programme=planned.programme, by=planned.planner, time_limit_s=3)
    _age(run, dt.timedelta(hours=1, minutes=1))
    plans_before = Plan.objects.count()
    assert sweeps.plan_runs_sweep_task.call_local() == 0
    run.refresh_from_db()
    assert run.status == PlanRunStatus.FAILED
    assert run.error == RUN_NEVER_STARTED
    assert Plan.objects.count() == plans_before


def test_the_sweep_while_the_queue_is_still_down_keeps_the_run_queued(
    planned, queue_for_a_consumer, caplog
):
    run = plan_run_request(programme=planned.programme, by=planned.planner, time_limit_s=3)
    _age(run, dt.timedelta(minutes=6))
    queue_for_a_consumer(UnreachableStorage(ConnectionError("Connection refused")))
    with caplog.at_level("WARNING", logger="jahesh.leaps.sweeps"):
        assert sweeps.plan_runs_sweep_task.call_local() == 1
    assert "not queued again" in caplog.text
    assert PlanRun.objects.get(pk=run.pk).status == PlanRunStatus.QUEUED
