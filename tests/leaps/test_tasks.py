from __future__ import annotations

import pytest
from django.urls import reverse

from jahesh.core.errors import ValidationError
from jahesh.leaps import signals
from jahesh.leaps.models import Plan, PlanRun, PlanRunStatus, PlanStatus
from jahesh.leaps.services import plan_run_request


def test_planning_again_runs_in_the_background_and_leaves_a_draft(
    planned, job_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = plan_run_request(programme=planned.programme, by=planned.planner, time_limit_s=3)
    run.refresh_from_db()
    assert run.status == PlanRunStatus.SUCCEEDED, run.error
    assert run.progress_pct == 100
    assert run.plan.status == PlanStatus.DRAFT
    assert run.plan.assignments.count() == len(planned.ceremonies)
    assert run.started_at <= run.finished_at


def test_a_failed_run_records_the_reason_and_writes_no_plan(
    planned, job_queue, django_capture_on_commit_callbacks
):
    first, second = planned.assignments[:2]
    for row in (first, second):
        row.locked = True
        row.slot = 0
        row.save()
    plans_before = Plan.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        run = plan_run_request(programme=planned.programme, by=planned.planner, time_limit_s=2)
    run.refresh_from_db()
    assert run.status == PlanRunStatus.FAILED
    assert run.error
    assert run.plan is None
    assert Plan.objects.count() == plans_before


def test_only_one_run_at_a_time(planned):
    plan_run_request(programme=planned.programme, by=planned.planner, time_limit_s=3)
    with pytest.raises(ValidationError):
        plan_run_request(programme=planned.programme, by=planned.planner, time_limit_s=3)


def test_the_board_button_queues_a_run_and_the_run_page_shows_the_diff(
    client, planned, job_queue, django_capture_on_commit_callbacks
):
    client.force_login(planned.planner)
    kwargs = {"city": planned.programme.municipality.slug, "programme": planned.programme.slug}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("leaps:replan", kwargs=kwargs), {"time_limit_s": "3"})
    run = PlanRun.objects.get()
    assert response["Location"].endswith(f"/runs/{run.pk}/")
    html = client.get(response["Location"]).content.decode()
    assert "تفاوت با برنامهٔ جاری" in html
    assert "پذیرش این برنامه" in html
    status = client.get(reverse("leaps:run-status", kwargs=kwargs | {"run_id": run.pk})).json()
    assert status["finished"] is True
    assert status["status"] == PlanRunStatus.SUCCEEDED
    run.refresh_from_db()
    client.post(reverse("leaps:plan-adopt", kwargs=kwargs | {"plan_id": run.plan.pk}))
    run.plan.refresh_from_db()
    assert run.plan.status == PlanStatus.CURRENT


def test_an_editor_cannot_start_a_run(client, planned):
    client.force_login(planned.editor)
    kwargs = {"city": planned.programme.municipality.slug, "programme": planned.programme.slug}
    assert client.post(reverse("leaps:replan", kwargs=kwargs)).status_code == 403
    assert not PlanRun.objects.exists()


def test_the_board_offers_a_repair_when_a_ceremony_slipped_and_runs_it(
    client, planned, job_queue, django_capture_on_commit_callbacks
):
    client.force_login(planned.planner)
    kwargs = {"city": planned.programme.municipality.slug, "programme": planned.programme.slug}
    board = reverse("leaps:board", kwargs=kwargs)
    assert "ترمیم برنامه" not in client.get(board).content.decode()
    ceremony = planned.assignments[0].ceremony
    ceremony.ready_from = planned.waves[1].start_date
    ceremony.save()
    html = client.get(board).content.decode()
    assert "ترمیم برنامه" in html
    assert "بیرون از بازهٔ آمادگی" in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("leaps:replan", kwargs=kwargs), {"mode": "repair", "time_limit_s": 3})
    run = PlanRun.objects.get()
    assert (run.mode, run.status) == ("repair", PlanRunStatus.SUCCEEDED)
    moved = run.plan.assignments.get(ceremony=ceremony)
    assert moved.wave_id == planned.waves[1].pk


def test_an_unknown_run_mode_is_refused(planned):
    with pytest.raises(ValidationError):
        plan_run_request(programme=planned.programme, by=planned.planner, mode="everything")


def test_a_run_request_is_announced_only_once_its_row_is_committed(
    planned, job_queue, django_capture_on_commit_callbacks
):
    heard: list[int] = []

    def listen(sender, run_id, **kwargs):
        heard.append(run_id)

    signals.plan_run_requested.connect(listen, dispatch_uid="test-listener")
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            run = plan_run_request(programme=planned.programme, by=planned.planner, time_limit_s=3)
        assert heard == []
        assert run.status == PlanRunStatus.QUEUED
        for callback in callbacks:
            callback()
    finally:
        signals.plan_run_requested.disconnect(dispatch_uid="test-listener")
    assert heard == [run.pk]
