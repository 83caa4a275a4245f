"""Leap planning's periodic sweeps (Huey tasks; imported by the app's ``ready()``).

The safety nets of jobs queued after the request commits: when the queue cannot be reached
then, the job is dropped with a log line and what it was for stays in the database, where a
sweep finds it: a planning run still queued (``plan_runs_sweep_task``), promises whose rows
changed after their outcome was computed (``promise_outcomes_sweep_task``). They read only the
database, never the queue.
"""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from jahesh.core.queue import UNREACHABLE
from jahesh.leaps.services.plans import plan_runs_settle
from jahesh.leaps.services.promises import promise_outcomes_sweep
from jahesh.leaps.tasks import plan_run_task

logger = logging.getLogger(__name__)


# Huey ships without type hints, so its decorators are untyped.
@db_periodic_task(crontab(minute="*/5"))  # type: ignore[untyped-decorator]
def plan_runs_sweep_task() -> int:
    """Every five minutes: queue again the runs whose job was lost; close dead workers' runs."""
    lost = plan_runs_settle()
    for run_id in lost:
        try:
            plan_run_task(run_id)
        except UNREACHABLE as exc:  # still down: the next sweep tries again
            logger.warning("plan run %s not queued again, queue unreachable (%s)", run_id, exc)
            break
    return len(lost)


@db_periodic_task(crontab(minute="*/5"))  # type: ignore[untyped-decorator]
def promise_outcomes_sweep_task() -> int:
    """Every five minutes: refresh the promises a lost refresh job left stale."""
    return promise_outcomes_sweep()
