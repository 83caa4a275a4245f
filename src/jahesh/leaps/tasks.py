"""Background jobs of leap planning: thin Huey wrappers over services, started by its signals
and by saves of the rows promises' outcomes are computed from."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from jahesh.core.commits import gather_until_commit
from jahesh.leaps import services, signals
from jahesh.leaps.models import Plan, PlanAssignment
from jahesh.registry.importing import projects_imported
from jahesh.registry.models import Ceremony, Municipality, Project


# Huey ships without type hints, so its decorators are untyped.
@db_task()  # type: ignore[untyped-decorator]
def plan_run_task(run_id: int) -> None:
    services.plan_run_execute(run_id=run_id)


def _on_plan_run_requested(sender: Any, run_id: int, **kwargs: Any) -> None:
    plan_run_task(run_id)


@db_task()  # type: ignore[untyped-decorator]
def promise_outcomes_refresh_task(
    project_ids: list[int], ceremony_ids: list[int], programme_ids: list[int]
) -> int:
    """Compute again the outcomes of the promises of these projects, ceremonies, programmes."""
    return services.promise_outcomes_refresh(
        project_ids=project_ids, ceremony_ids=ceremony_ids, programme_ids=programme_ids
    )


@db_periodic_task(crontab(hour="3", minute="41"))  # type: ignore[untyped-decorator]
def promise_outcomes_nightly_task() -> int:
    """Each night: every promise, in case a change slipped past (a bulk UPDATE, a lost job)."""
    return services.promise_outcomes_refresh()


# What changed: ("project" | "ceremony" | "programme", id), gathered per transaction and
# queued once after it commits, so a bulk edit of a thousand rows queues one refresh.
Change = tuple[str, int]


def _change_of(instance: Model) -> Change | None:
    if isinstance(instance, Ceremony):
        # A ceremony's own promise, and the completion promise of its project (a finishing
        # ceremony held), are both its project's.
        return ("project", instance.project_id)
    if isinstance(instance, Project):
        return ("project", instance.pk)
    if isinstance(instance, PlanAssignment):
        return ("ceremony", instance.ceremony_id)  # the day the plan gives it now
    if isinstance(instance, Plan):
        return ("programme", instance.programme_id)  # a plan made current moves every day
    return None


def _queue(changes: set[Change]) -> None:
    def ids(kind: str) -> list[int]:
        return sorted(pk for named, pk in changes if named == kind and pk is not None)

    if changes:
        promise_outcomes_refresh_task(ids("project"), ids("ceremony"), ids("programme"))


def _on_promise_rows_changed(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    change = _change_of(instance)
    if change is None:
        return
    gather_until_commit("promises", change, _queue)


def _on_projects_imported(
    sender: Any, municipality: Municipality, project_ids: list[int], **kwargs: Any
) -> None:
    """An import wrote projects in bulk (no post_save): refresh their promises after commit."""
    ids = sorted(project_ids)
    transaction.on_commit(lambda: promise_outcomes_refresh_task(ids, [], []))


def connect() -> None:
    signals.plan_run_requested.connect(_on_plan_run_requested, dispatch_uid="leaps_plan_run")
    for model in (Project, Ceremony, Plan, PlanAssignment):
        post_save.connect(_on_promise_rows_changed, sender=model, dispatch_uid=f"promises_{model}")
        post_delete.connect(
            _on_promise_rows_changed, sender=model, dispatch_uid=f"promises_del_{model}"
        )
    projects_imported.connect(_on_projects_imported, dispatch_uid="leaps_projects_imported")
