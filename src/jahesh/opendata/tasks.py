"""Background jobs of open data: thin Huey wrappers (found by the consumer in this module)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from jahesh.opendata.api.imports import import_job_execute, stale_jobs_fail


# Huey ships without type hints, so its decorators are untyped.
@db_task()  # type: ignore[untyped-decorator]
def api_import_task(job_id: int) -> None:
    import_job_execute(job_id=job_id)


# A job whose worker died stays "running": every ten minutes such jobs are marked failed (and a
# poll of one marks it at once), so the client is told to send the file again.
@db_periodic_task(crontab(minute="*/10"))  # type: ignore[untyped-decorator]
def api_import_stale_task() -> None:
    stale_jobs_fail()
