"""The job queue's classes: Huey's, carrying the request id of whoever queued a job.

A job's message has no field for it and adding a keyword argument would reach every task
function, so the id travels beside the message: ``("jahesh", message, request_id)``. Messages
queued before this format (a plain Huey message) are still read. While a job runs, its id is the
current request id, so the worker's log lines carry the id of the request that asked for it.
"""

from __future__ import annotations

from typing import Any

from huey import PriorityRedisHuey, SqliteHuey
from huey.api import Task

from jahesh.core.request_ids import current_request_id

_ENVELOPE = "jahesh"


class RequestIdQueueMixin:
    """Wrap each queued message with the request id; restore it before the job runs."""

    serializer: Any
    _registry: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pre_execute(name="jahesh_request_id")(_adopt_request_id)  # type: ignore[attr-defined]

    def serialize_task(self, task: Task) -> bytes:
        message = self._registry.create_message(task)
        request_id = getattr(task, "request_id", "") or current_request_id.get()
        data: bytes = self.serializer.serialize((_ENVELOPE, message, request_id))
        return data

    def deserialize_task(self, data: bytes) -> Task:
        found = self.serializer.deserialize(data)
        request_id = ""
        if isinstance(found, tuple) and len(found) == 3 and found[0] == _ENVELOPE:
            _, message, request_id = found
        else:
            message = found
        task: Task = self._registry.create_task(message)
        task.request_id = request_id
        return task


def _adopt_request_id(task: Task) -> None:
    # A job run in place (immediate mode) was never serialized and runs inside its request.
    if not hasattr(task, "request_id"):
        return
    # Worker threads run one job after another: each job sets its own id, or clears the last.
    current_request_id.set(task.request_id or "")


class JaheshRedisHuey(RequestIdQueueMixin, PriorityRedisHuey):  # type: ignore[misc]
    """Huey on Redis, with priorities, carrying request ids."""


class JaheshSqliteHuey(RequestIdQueueMixin, SqliteHuey):  # type: ignore[misc]
    """Huey on SQLite (the embedded queue), carrying request ids."""
