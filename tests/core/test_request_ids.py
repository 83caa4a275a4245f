"""Every response names its request; the id reaches the jobs the request queued."""

import pytest
from huey import MemoryHuey
from huey.contrib.djhuey import HUEY

from jahesh.core.queue import RequestIdQueueMixin
from jahesh.core.request_ids import current_request_id, sane_request_id


def test_a_response_carries_a_new_id_when_the_request_has_none(client):
    first = client.get("/favicon.ico")["X-Request-ID"]
    second = client.get("/favicon.ico")["X-Request-ID"]
    assert len(first) == 32
    assert first != second


def test_a_sane_id_from_the_proxy_is_kept(client):
    response = client.get("/favicon.ico", HTTP_X_REQUEST_ID="3f2c9a1b-77e0-4c7e-9a55-1c2d3e4f5a6b")
    assert response["X-Request-ID"] == "3f2c9a1b-77e0-4c7e-9a55-1c2d3e4f5a6b"


@pytest.mark.parametrize(
    "raw",
    ["short", "x" * 65, "abc def ghi jkl", "abcdefgh\nX-Evil: 1", "شناسه‌ی‌درخواست"],
)
def test_an_odd_id_is_replaced(client, raw):
    assert sane_request_id(raw) is None
    response = client.get("/favicon.ico", HTTP_X_REQUEST_ID=raw)
    assert response["X-Request-ID"] != raw


class EnvelopeHuey(RequestIdQueueMixin, MemoryHuey):
    pass


@pytest.fixture(autouse=True)
def no_request_id():
    """Running a job sets the id in the running thread, as in a worker: undo it after each test."""
    token = current_request_id.set("")
    yield
    current_request_id.reset(token)


def test_a_job_runs_with_the_request_id_of_whoever_queued_it():
    queue = EnvelopeHuey("envelope-test", utc=True)

    @queue.task()
    def whose_job():
        return current_request_id.get()

    token = current_request_id.set("req-1234567890")
    try:
        result = whose_job()
    finally:
        current_request_id.reset(token)
    assert current_request_id.get() == ""
    task = queue.dequeue()
    queue.execute(task)
    assert result.get() == "req-1234567890"


def test_a_job_queued_outside_any_request_runs_with_no_id():
    queue = EnvelopeHuey("envelope-test-2", utc=True)

    @queue.task()
    def whose_job():
        return current_request_id.get()

    result = whose_job()
    current_request_id.set("left-over-from-an-earlier-job")
    queue.execute(queue.dequeue())
    assert result.get() == ""


def test_a_message_queued_by_plain_huey_is_still_read():
    queue = EnvelopeHuey("envelope-test-3", utc=True)

    @queue.task()
    def plain_job():
        return "done"

    plain = queue._registry.create_message(plain_job.s())
    task = queue.deserialize_task(queue.serializer.serialize(plain))
    assert task.request_id == ""
    assert queue.execute(task) == "done"


def test_the_configured_queue_carries_request_ids():
    assert isinstance(HUEY, RequestIdQueueMixin)
