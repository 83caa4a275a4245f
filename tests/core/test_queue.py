"""The job queue out of reach: after a commit it logs and carries on; elsewhere it raises."""

from __future__ import annotations

import logging

import pytest
import redis.exceptions
from django.db import transaction
from huey.storage import MemoryStorage

from jahesh.core.request_ids import current_request_id
from jahesh.core.tasks import queue_probe_task

pytestmark = pytest.mark.django_db(transaction=True)

OUTAGES = [
    ConnectionError("Connection refused"),
    redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused."),
    redis.exceptions.TimeoutError("Timeout reading from socket"),
]


class UnreachableStorage(MemoryStorage):  # type: ignore[misc]
    """A queue whose every write fails, as Redis does while it is down."""

    def __init__(self, error: Exception) -> None:
        super().__init__("unreachable")
        self.error = error
        self.tries = 0

    def enqueue(self, data: bytes, priority: float | None = None) -> None:
        self.tries += 1
        raise self.error

    def add_to_schedule(self, data: bytes, ts: object, utc: bool = True) -> None:
        self.tries += 1
        raise self.error


@pytest.fixture
def request_id():
    token = current_request_id.set("req-7f3a")
    yield "req-7f3a"
    current_request_id.reset(token)


@pytest.mark.parametrize("error", OUTAGES, ids=type)
def test_a_job_queued_on_commit_is_logged_and_dropped_not_raised(
    error, queue_for_a_consumer, request_id, caplog
):
    storage = UnreachableStorage(error)
    queue_for_a_consumer(storage)
    ran: list[str] = []
    with caplog.at_level(logging.WARNING, logger="jahesh.core.queue"), transaction.atomic():
        transaction.on_commit(lambda: queue_probe_task("after-commit"))
        transaction.on_commit(lambda: ran.append("the next callback still runs"))
    assert storage.tries == 1
    assert ran == ["the next callback still runs"]
    [record] = [r for r in caplog.records if r.name == "jahesh.core.queue"]
    line = record.getMessage()
    assert "\n" not in line
    assert "queue_probe_task" in line
    assert "req-7f3a" in line
    assert type(error).__name__ in line


def test_on_commit_outside_a_transaction_is_after_commit_too(
    queue_for_a_consumer, request_id, caplog
):
    storage = UnreachableStorage(ConnectionError("Connection refused"))
    queue_for_a_consumer(storage)
    with caplog.at_level(logging.WARNING, logger="jahesh.core.queue"):
        transaction.on_commit(lambda: queue_probe_task("autocommit"))
    assert storage.tries == 1
    assert "req-7f3a" in caplog.text


@pytest.mark.parametrize("error", OUTAGES, ids=type)
def test_a_job_queued_anywhere_else_still_raises(error, queue_for_a_consumer):
    # The queue probe (``jahesh queue_probe``, readiness) must see the outage.
    queue_for_a_consumer(UnreachableStorage(error))
    with pytest.raises(type(error)):
        queue_probe_task("probe")
    with pytest.raises(type(error)), transaction.atomic():
        queue_probe_task("inside a transaction, before its commit")


def test_other_errors_after_commit_still_raise(queue_for_a_consumer):
    queue_for_a_consumer(UnreachableStorage(ValueError("a bug, not an outage")))
    with pytest.raises(ValueError, match="a bug"), transaction.atomic():
        transaction.on_commit(lambda: queue_probe_task("x"))


def test_a_reachable_queue_takes_the_job_after_commit(queue_for_a_consumer, request_id):
    storage = MemoryStorage("reachable")
    huey = queue_for_a_consumer(storage)
    with transaction.atomic():
        transaction.on_commit(lambda: queue_probe_task("kept"))
    assert huey.pending_count() == 1
    [task] = huey.pending()
    assert task.args == ("kept",)
    assert task.request_id == "req-7f3a"
