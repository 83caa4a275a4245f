"""Background jobs of open data: thin Huey wrappers (found by the consumer in this module)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from jahesh.opendata.api.imports import import_job_execute


# Huey ships without type hints, so its decorators are untyped.
@db_task()  # type: ignore[untyped-decorator]
def api_import_task(job_id: int) -> None:
    import_job_execute(job_id=job_id)
