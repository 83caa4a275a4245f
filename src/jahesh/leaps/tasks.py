"""Background jobs of leap planning: thin Huey wrappers over services, started by its signals."""

from __future__ import annotations

from typing import Any

from huey.contrib.djhuey import db_task

from jahesh.leaps import services, signals


# Huey ships without type hints, so its decorators are untyped.
@db_task()  # type: ignore[untyped-decorator]
def plan_run_task(run_id: int) -> None:
    services.plan_run_execute(run_id=run_id)


def _on_plan_run_requested(sender: Any, run_id: int, **kwargs: Any) -> None:
    plan_run_task(run_id)


def connect() -> None:
    signals.plan_run_requested.connect(_on_plan_run_requested, dispatch_uid="leaps_plan_run")
