"""The queue's own probe: a job that proves, end to end, that a consumer takes and runs work."""

from __future__ import annotations

import os
import socket

from huey.contrib.djhuey import db_task

from jahesh.core.request_ids import current_request_id


@db_task()  # type: ignore[untyped-decorator]
def queue_probe_task(token: str) -> dict[str, str]:
    """Answer with the token, who ran it, and the request id the job carried."""
    return {
        "token": token,
        "host": socket.gethostname(),
        "pid": str(os.getpid()),
        "request_id": current_request_id.get(),
    }
