"""Background jobs of leap planning: thin Huey wrappers over services."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from jahesh.leaps import services


# Huey ships without type hints, so its decorators are untyped.
@db_task()  # type: ignore[untyped-decorator]
def plan_run_task(run_id: int) -> None:
    services.plan_run_execute(run_id=run_id)
