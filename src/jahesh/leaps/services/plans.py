"""Writes of leap planning: plans, hand-made moves and planning runs."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from jahesh import planner
from jahesh.core.errors import (
    JaheshError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
    require,
)
from jahesh.leaps import mapping, signals
from jahesh.leaps.checks import move_reasons
from jahesh.leaps.errors import (
    MoveRejectedError,
    PlanningFailedError,
    WaveFrozenError,
)
from jahesh.leaps.models import (
    Plan,
    PlanAssignment,
    PlanRun,
    PlanRunMode,
    PlanRunStatus,
    PlanSource,
    PlanStatus,
    Programme,
    Wave,
)
from jahesh.leaps.permissions import (
    can_change_plans,
    can_change_programme,
)
from jahesh.registry.models import Ceremony
from jahesh.registry.services import system_actor_ensure

logger = logging.getLogger(__name__)


# Plans


def _require_changeable_wave(wave: Wave) -> None:
    require(not wave.is_frozen, WaveFrozenError())


@transaction.atomic
def plan_adopt(*, plan: Plan, by: Any) -> Plan:
    """Make a draft plan the programme's current one; the previous current plan is superseded.

    Ceremonies in frozen waves must stay where the current plan has them, or the adoption fails.
    """
    require(can_change_plans(by, plan.municipality), PermissionDeniedError())
    require(
        plan.status == PlanStatus.DRAFT,
        ValidationError("فقط برنامهٔ پیش‌نویس پذیرفتنی است."),
    )
    current = Plan.objects.select_for_update().current().filter(programme=plan.programme).first()
    if current is not None:
        frozen_before = set(
            PlanAssignment.objects.filter(plan=current)
            .filter(wave__in=_frozen_waves(plan.programme))
            .values_list("ceremony_id", "wave_id", "day", "slot")
        )
        frozen_after = set(
            PlanAssignment.objects.filter(plan=plan)
            .filter(wave__in=_frozen_waves(plan.programme))
            .values_list("ceremony_id", "wave_id", "day", "slot")
        )
        require(frozen_before == frozen_after, WaveFrozenError())
        current.status = PlanStatus.SUPERSEDED
        current.save(update_fields=["status", "updated_at"])
    plan.status = PlanStatus.CURRENT
    plan.adopted_at = timezone.now()
    try:
        plan.save(update_fields=["status", "adopted_at", "updated_at"])
    except IntegrityError as exc:  # two adoptions racing
        raise JaheshError("برنامهٔ دیگری هم‌زمان پذیرفته شد؛ دوباره بکوشید.") from exc
    return plan


def _frozen_waves(programme: Programme) -> list[int]:
    return [w.pk for w in Wave.objects.filter(programme=programme) if w.is_frozen]


@transaction.atomic
def plan_assignment_set_locked(
    *, assignment: PlanAssignment, by: Any, locked: bool
) -> PlanAssignment:
    """Pin a ceremony where it is (or free it) so that re-planning keeps (or may move) it."""
    require(can_change_plans(by, assignment.plan.municipality), PermissionDeniedError())
    require(
        assignment.plan.status != PlanStatus.SUPERSEDED,
        ValidationError("برنامهٔ کنارگذاشته تغییر نمی‌کند."),
    )
    if not locked:
        _require_changeable_wave(assignment.wave)
    assignment.locked = locked
    assignment.save(update_fields=["locked"])
    return assignment


def _current_plan_for_update(programme: Programme) -> Plan | None:
    return Plan.objects.select_for_update().current().filter(programme=programme).first()


@transaction.atomic
def plan_assignment_move(
    *,
    programme: Programme,
    ceremony: Ceremony,
    by: Any,
    target: tuple[Wave, dt.date, int] | None,
) -> PlanAssignment | None:
    """Put a ceremony by hand at (wave, day, slot) of the current plan, or take it out (None).

    The move is checked against every hard rule first; a ceremony placed by hand is locked so
    that planning again keeps it there. Without a current plan, a manual one is started.
    """
    require(can_change_programme(by, programme), PermissionDeniedError())
    require(
        ceremony.municipality_id == programme.municipality_id,
        NotFoundError("این آیین در این شهر نیست."),
    )
    plan = _current_plan_for_update(programme)
    reasons = move_reasons(programme=programme, ceremony=ceremony, target=target, plan=plan)
    if reasons:
        raise MoveRejectedError(reasons)
    if plan is None:
        if target is None:
            return None
        plan = Plan.objects.create(
            municipality=programme.municipality,
            programme=programme,
            status=PlanStatus.CURRENT,
            source=PlanSource.MANUAL,
            created_by=by,
            adopted_at=timezone.now(),
        )
    if target is None:
        PlanAssignment.objects.filter(plan=plan, ceremony=ceremony).delete()
        return None
    wave, day, slot = target
    assignment, _ = PlanAssignment.objects.update_or_create(
        plan=plan,
        ceremony=ceremony,
        defaults={"wave": wave, "day": day, "slot": slot, "locked": True},
    )
    return assignment


@transaction.atomic
def plan_save(
    *,
    mapped: mapping.MappedProblem,
    solved: planner.Plan,
    by: Any,
    elapsed_s: float,
    time_limit_s: float,
    adopt: bool = False,
) -> Plan:
    """Write a solved plan and all its assignments, or nothing if any of it does not fit."""
    programme = mapped.programme
    require(can_change_programme(by, programme), PermissionDeniedError())
    plan = Plan.objects.create(
        municipality=programme.municipality,
        programme=programme,
        scope_wave=mapped.scope_wave,
        status=PlanStatus.DRAFT,
        source=PlanSource.SOLVER,
        objective=solved.objective,
        bound=solved.bound,
        gap=solved.gap,
        solver_stats=mapping.solver_stats(solved, elapsed_s=elapsed_s, time_limit_s=time_limit_s),
        explanations=mapping.explanation_rows(mapped, solved),
        created_by=by if getattr(by, "pk", None) else None,
    )
    try:
        rows = mapping.assignment_rows(mapped, solved, plan)
    except planner.ProblemError as exc:
        raise PlanningFailedError(exc.message) from exc
    PlanAssignment.objects.bulk_create(rows)
    if adopt:
        plan_adopt(plan=plan, by=by)
    return plan


ProgressCallback = Callable[[str, float], None]


def plan_compute(
    *,
    programme: Programme,
    by: Any,
    scope_wave: Wave | None = None,
    time_limit_s: float | None = None,
    adopt: bool = False,
    progress: ProgressCallback | None = None,
    repair: bool = False,
) -> Plan:
    """Plan the programme (or one of its waves) from the database and save the plan.

    With ``repair``, only the ceremonies whose day fell out of their window move (and freed room
    may be filled); everything else keeps its wave, day and slot. The solver runs outside any
    transaction (it may take the whole time limit); the plan is then written in one
    transaction. Data that make a hard rule impossible stop it with the reasons.
    """
    require(can_change_programme(by, programme), PermissionDeniedError())
    if scope_wave is not None:
        require(scope_wave.programme_id == programme.pk, NotFoundError())
        require(not scope_wave.is_frozen, WaveFrozenError())
    limit = float(time_limit_s if time_limit_s is not None else settings.PLANNER_TIME_LIMIT_S)
    require(
        0 < limit <= 3600,
        ValidationError("سقف زمان باید بیش از صفر و تا ۳۶۰۰ ثانیه باشد.", field="time_limit_s"),
    )
    require(
        Wave.objects.filter(programme=programme).exists(),
        PlanningFailedError(f"برنامهٔ «{programme.name}» هنوز هیچ {programme.wave_noun}ی ندارد."),
    )
    if progress:
        progress("خواندن داده‌ها", 0.0)
    mapped = mapping.build_problem(programme=programme, scope_wave=scope_wave)
    noun = programme.wave_noun
    require(
        bool(mapped.problem.waves),
        PlanningFailedError(
            f"همهٔ {noun}‌های «{programme.name}» برگزار شده‌اند؛ {noun}ی برای برنامه‌ریزی نمانده است."
        ),
    )
    findings = planner.check_problem(mapped.problem)
    errors = [f.message for f in findings if f.severity == "error"]
    if errors:
        raise PlanningFailedError("داده‌ها برنامه‌ریزی را ناممکن می‌کنند: " + " ".join(errors))
    # The solver's 0–1 becomes 5–90 %: reading the rows comes before, saving after.
    scaled: ProgressCallback | None = None
    if progress is not None:
        report = progress

        def scaled(stage: str, done: float) -> None:
            report(stage, 0.05 + 0.85 * done)

    started = time.monotonic()
    try:
        if repair:
            current = mapping.current_assignments(mapped)
            require(
                mapped.current is not None and bool(current),
                PlanningFailedError("برنامهٔ جاری‌ای برای ترمیم نیست."),
            )
            solved = planner.replan(
                mapped.problem,
                current=current,
                moved=mapping.misplaced(mapped, current),
                time_limit_s=limit,
                progress=scaled,
            )
        else:
            solved = planner.solve(mapped.problem, time_limit_s=limit, progress=scaled)
    except planner.ProblemError as exc:
        raise PlanningFailedError(exc.message) from exc
    elapsed = time.monotonic() - started
    if progress:
        progress("ذخیرهٔ برنامه", 0.95)
    return plan_save(
        mapped=mapped,
        solved=solved,
        by=by,
        elapsed_s=elapsed,
        time_limit_s=limit,
        adopt=adopt,
    )


# Background planning runs


@transaction.atomic
def plan_run_request(
    *,
    programme: Programme,
    by: Any,
    scope_wave: Wave | None = None,
    time_limit_s: int | None = None,
    mode: str = PlanRunMode.FULL,
) -> PlanRun:
    """Queue a planning run; the plan it makes is a draft to compare and adopt."""
    require(mode in PlanRunMode.values, ValidationError("نوع برنامه‌ریزی شناخته نیست."))
    require(can_change_programme(by, programme), PermissionDeniedError())
    if scope_wave is not None:
        require(not scope_wave.is_frozen, WaveFrozenError())
    limit = int(time_limit_s if time_limit_s is not None else settings.PLANNER_TIME_LIMIT_S)
    require(
        0 < limit <= 3600,
        ValidationError("سقف زمان باید بیش از صفر و تا ۳۶۰۰ ثانیه باشد.", field="time_limit_s"),
    )
    # A run whose worker died would block planning for good; after an hour it no longer counts.
    stale_before = timezone.now() - dt.timedelta(hours=1)
    require(
        not PlanRun.objects.filter(
            programme=programme,
            status__in=[PlanRunStatus.QUEUED, PlanRunStatus.RUNNING],
            created_at__gte=stale_before,
        ).exists(),
        ValidationError("برنامه‌ریزی دیگری برای این برنامه در جریان است."),
    )
    run = PlanRun.objects.create(
        municipality=programme.municipality,
        programme=programme,
        scope_wave=scope_wave,
        mode=mode,
        time_limit_s=limit,
        requested_by=by if getattr(by, "pk", None) else None,
        stage="در صف",
    )
    run_id = run.pk
    transaction.on_commit(lambda: signals.plan_run_requested.send(sender=PlanRun, run_id=run_id))
    return run


def plan_run_execute(*, run_id: int) -> PlanRun:
    """Carry out a queued run, recording progress as it goes; failures are recorded, not raised."""
    run = PlanRun.objects.select_related(
        "programme__municipality", "scope_wave", "requested_by"
    ).get(pk=run_id)
    if run.status != PlanRunStatus.QUEUED:
        return run
    # The claim is one conditional UPDATE: of two jobs for one run (the request's and the
    # sweep's), only the one that turns it from queued to running plans.
    now = timezone.now()
    claimed = PlanRun.objects.filter(pk=run.pk, status=PlanRunStatus.QUEUED).update(
        status=PlanRunStatus.RUNNING, started_at=now, stage="آغاز", updated_at=now
    )
    if not claimed:
        run.refresh_from_db()
        return run
    run.status, run.started_at, run.stage = PlanRunStatus.RUNNING, now, "آغاز"

    def progress(stage: str, fraction: float) -> None:
        run.stage = stage[:120]
        run.progress_pct = max(0, min(99, int(fraction * 100)))
        run.save(update_fields=["stage", "progress_pct", "updated_at"])

    try:
        plan = plan_compute(
            programme=run.programme,
            by=run.requested_by or system_actor_ensure(),
            scope_wave=run.scope_wave,
            time_limit_s=run.time_limit_s,
            progress=progress,
            repair=run.mode == PlanRunMode.REPAIR,
        )
    except JaheshError as exc:
        run.status = PlanRunStatus.FAILED
        run.error = exc.message
    except Exception:
        logger.exception("planning run %s failed", run.pk)
        run.status = PlanRunStatus.FAILED
        run.error = "برنامه‌ریزی با خطای پیش‌بینی‌نشده‌ای متوقف شد؛ گزارش آن ثبت شد."
    else:
        run.status = PlanRunStatus.SUCCEEDED
        run.plan = plan
        run.progress_pct = 100
        run.stage = "انجام شد"
    run.finished_at = timezone.now()
    run.save()
    return run


# A run still queued after this long lost its job (the queue was out of reach at the request);
# after an hour it no longer blocks a new request (``plan_run_request``), so it is not planned
# late beside a newer one but closed.
RUN_QUEUED_LOST_AFTER = dt.timedelta(minutes=5)
RUN_QUEUED_GIVEN_UP_AFTER = dt.timedelta(hours=1)
# A running run past its own time limit plus this margin has a dead worker.
RUN_DEADLINE_MARGIN = dt.timedelta(minutes=15)
RUN_NEVER_STARTED = (
    "این اجرا هیچ‌گاه آغاز نشد (صف کارها در دسترس نبود)؛ برنامه‌ریزی را دوباره درخواست کنید."
)
RUN_WORKER_DIED = (
    "کارگزار برنامه‌ریزی پیش از پایان این اجرا از کار افتاد و برنامه‌ای ساخته نشد؛ "
    "برنامه‌ریزی را دوباره درخواست کنید."
)


def plan_runs_settle(*, now: dt.datetime | None = None) -> list[int]:
    """Close the runs a lost job or a dead worker left open; return the ids to queue again.

    Runs queued for more than five minutes (and less than an hour) are returned, to be queued
    again: ``plan_run_execute`` claims a run with one conditional UPDATE, so a run queued twice
    is planned once. Older queued runs, and running runs past their time limit plus a margin,
    are marked failed with a Persian message, each by a conditional UPDATE, so two sweeps at
    once change each run once.
    """
    now = now or timezone.now()
    queued = PlanRun.objects.filter(status=PlanRunStatus.QUEUED)
    PlanRun.objects.filter(
        pk__in=queued.filter(created_at__lt=now - RUN_QUEUED_GIVEN_UP_AFTER).values("pk"),
        status=PlanRunStatus.QUEUED,
    ).update(
        status=PlanRunStatus.FAILED,
        error=RUN_NEVER_STARTED,
        stage="",
        finished_at=now,
        updated_at=now,
    )
    for run in PlanRun.objects.filter(status=PlanRunStatus.RUNNING, started_at__isnull=False):
        started = run.started_at
        assert started is not None  # filtered above
        if started + dt.timedelta(seconds=run.time_limit_s) + RUN_DEADLINE_MARGIN < now:
            PlanRun.objects.filter(pk=run.pk, status=PlanRunStatus.RUNNING).update(
                status=PlanRunStatus.FAILED,
                error=RUN_WORKER_DIED,
                finished_at=now,
                updated_at=now,
            )
    lost = queued.filter(
        created_at__lt=now - RUN_QUEUED_LOST_AFTER,
        created_at__gte=now - RUN_QUEUED_GIVEN_UP_AFTER,
    )
    return list(lost.order_by("pk").values_list("pk", flat=True))
