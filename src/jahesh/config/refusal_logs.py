"""One log line for a refused request, a traceback only for a real error.

Django logs every 4xx it answered from an exception (PermissionDenied, BadRequest, a suspicious
Host header) with that exception's traceback: a stranger opening a staff page wrote thirty lines
that looked like a crash. A refusal is the code working as meant; its line (status, path, the
reason for ``django.security``) says all there is to say. Answers of 500 and up keep theirs.
"""

from __future__ import annotations

import logging

SERVER_ERROR = 500


class RefusalWithoutTraceback(logging.Filter):
    """Drop the traceback from the records of refused requests; never drop a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and _is_refusal(record):
            record.exc_info = None
            record.exc_text = None
        return True


def _is_refusal(record: logging.LogRecord) -> bool:
    if record.name.startswith("django.security."):
        # SuspiciousOperation and its kind: Django answers 400 and logs them as errors.
        return int(getattr(record, "status_code", 400)) < SERVER_ERROR
    if record.name == "django.request":
        return int(getattr(record, "status_code", SERVER_ERROR)) < SERVER_ERROR
    return False
