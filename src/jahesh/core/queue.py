"""The job queue's classes: Huey's, carrying the request id of whoever queued a job.

A job's message has no field for it and adding a keyword argument would reach every task
function, so the id travels beside the message: ``("jahesh", message, request_id)``. Messages
queued before this format (a plain Huey message) are still read. While a job runs, its id is the
current request id, so the worker's log lines carry the id of the request that asked for it.
"""

from __future__ import annotations

import logging
import sys
from pathlib import PurePath
from types import FrameType
from typing import Any

from huey import PriorityRedisHuey, SqliteHuey
from huey.api import Task

from jahesh.core.request_ids import current_request_id

logger = logging.getLogger(__name__)

_ENVELOPE = "jahesh"

# What a queue that cannot be reached raises: Redis down or restarting, a refused socket.
UNREACHABLE: tuple[type[BaseException], ...] = (ConnectionError, TimeoutError)
try:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError
except ImportError:  # pragma: no cover - redis is a dependency
    pass
else:
    UNREACHABLE += (RedisConnectionError, RedisTimeoutError)

# Django's functions that run ``transaction.on_commit`` callbacks (after the commit, or at once
# outside a transaction).
_COMMIT_HOOK_RUNNERS = frozenset({"run_and_clear_commit_hooks", "on_commit"})
_DJANGO_CONNECTION_FILE = PurePath("django", "db", "backends", "base", "base.py")


def _running_commit_hooks(frame: FrameType | None) -> bool:
    """Whether this call stack runs inside Django's on-commit callbacks."""
    while frame is not None:
        code = frame.f_code
        if (
            code.co_name in _COMMIT_HOOK_RUNNERS
            and PurePath(code.co_filename).parts[-len(_DJANGO_CONNECTION_FILE.parts) :]
            == _DJANGO_CONNECTION_FILE.parts
        ):
            return True
        frame = frame.f_back
    return False


class RequestIdQueueMixin:
    """Wrap each queued message with the request id; restore it before the job runs."""

    serializer: Any
    _registry: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pre_execute(name="jahesh_request_id")(_adopt_request_id)  # type: ignore[attr-defined]

    def enqueue(self, task: Task) -> Any:
        """Queue the job; after a commit, a queue out of reach drops it with one log line.

        Every job queued from ``transaction.on_commit`` follows rows already committed (a
        dispatch, a retried publication, a changed project, an import job), and a periodic
        sweep finds such rows whose job never ran. Raising there would answer the person an
        error for a save that was kept; so the failure is logged, with the request id, and
        the sweep does the work. Anywhere else (the queue probe, a job queued before its
        rows) the error still reaches the caller.
        """
        try:
            return super().enqueue(task)  # type: ignore[misc]
        except UNREACHABLE as exc:
            if getattr(self, "_immediate", False) or not _running_commit_hooks(sys._getframe(1)):
                raise
            logger.warning(
                "job %s not queued after commit, queue unreachable (%s: %s); request %s; "
                "left to the periodic sweep",
                getattr(task, "name", type(task).__name__),
                type(exc).__name__,
                exc,
                current_request_id.get() or "-",
            )
            return None

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
