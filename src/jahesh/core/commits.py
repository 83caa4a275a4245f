"""Gather what a transaction changed and act on it once, after it commits.

A bulk edit of a thousand rows sends a thousand ``post_save`` signals; a receiver that queued a
job for each would queue a thousand. ``gather_until_commit`` keeps one set per name and
transaction instead, and hands it to ``flush`` once, after the commit. A rollback drops the
flush with Django's list of callbacks, and the next change starts a new set. Outside a
transaction the change is flushed at once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from django.db import connection, transaction


def gather_until_commit(name: str, change: Hashable, flush: Callable[[set[Any]], None]) -> None:
    if not connection.in_atomic_block:
        flush({change})
        return
    # Kept on the connection (one per thread), beside the callbacks it belongs to.
    gathered: dict[str, set[Any]] | None = getattr(connection, "jahesh_gathered", None)
    if gathered is None:
        gathered = {}
        connection.jahesh_gathered = gathered  # type: ignore[attr-defined]
    callbacks = connection.run_on_commit
    queued = any(getattr(item[1], "jahesh_gathers", None) == name for item in callbacks)
    if not queued:
        changes: set[Any] = set()
        gathered[name] = changes

        def run() -> None:
            flush(changes)

        run.jahesh_gathers = name  # type: ignore[attr-defined]
        transaction.on_commit(run)
    gathered[name].add(change)
