"""Background jobs of the newsroom: thin Huey wrappers over the publishing services."""

from __future__ import annotations

import datetime as dt
import threading

from django.db import close_old_connections
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup

from jahesh.newsroom import services

# Sends are handed to workers in chunks of one channel each: a thousand single jobs would cost
# a thousand queue writes and connection set-ups before the first message leaves, and a slow
# channel holds back only its own chunks.
SEND_CHUNK = 20


@db_task()  # type: ignore[untyped-decorator]
def dispatch_fire_task(dispatch_id: int) -> int:
    """At the dispatch's moment: make its articles public and fan its sends out to the workers."""
    by_channel = services.dispatch_fire_by_channel(dispatch_id=dispatch_id)
    for ids in by_channel:
        for start in range(0, len(ids), SEND_CHUNK):
            publications_send_task(ids[start : start + SEND_CHUNK])
    return sum(len(ids) for ids in by_channel)


def _send(publication_id: int) -> str:
    result = services.publication_send(publication_id=publication_id)
    if result.retry_at is not None:
        publication_send_task.schedule((publication_id,), eta=result.retry_at)
    return str(result.state)


@db_task()  # type: ignore[untyped-decorator]
def publications_send_task(publication_ids: list[int]) -> list[str]:
    return [_send(publication_id) for publication_id in publication_ids]


@db_task()  # type: ignore[untyped-decorator]
def publication_send_task(publication_id: int) -> str:
    return _send(publication_id)


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]
def publications_sweep_task() -> int:
    """Each minute: settle rows of dead workers, and resend rows whose task was lost."""
    ids = sorted(set(services.publications_recover()) | set(services.publications_due()))
    for start in range(0, len(ids), SEND_CHUNK):
        publications_send_task(ids[start : start + SEND_CHUNK])
    return len(ids)


_startup_lock = threading.Lock()
_started: list[bool] = []


@on_startup()  # type: ignore[untyped-decorator]
def recover_after_restart() -> None:
    """A restarted consumer first settles what the previous one left half-done.

    Huey calls this in every worker thread; the first one does the work.
    """
    with _startup_lock:
        if _started:
            return
        _started.append(True)
    close_old_connections()
    try:
        recovered = services.publications_recover()
        due = services.publications_due(overdue_by=dt.timedelta(0))
        ids = sorted(set(recovered) | set(due))
        for start in range(0, len(ids), SEND_CHUNK):
            publications_send_task(ids[start : start + SEND_CHUNK])
    finally:
        close_old_connections()
