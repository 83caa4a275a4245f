"""Log lines as JSON in production: one object per event, with the request id.

A log collector (journald, Docker, Loki, ELK) reads one line per event without parsing prose,
and a request id finds the proxy's line, the web process's and the worker's for one request.
"""

from __future__ import annotations

import importlib
import json
import logging
from datetime import UTC, datetime
from importlib.metadata import version as package_version

from jahesh.core.request_ids import current_request_id

# What every LogRecord has; anything else a caller passed in ``extra=`` goes into the line.
_RECORD_FIELDS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "request_id",
}


class RequestIdFilter(logging.Filter):
    """Put the current request's (or job's) id on every record, empty outside both."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = current_request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """Format a record as one line of JSON: time (UTC, ISO 8601), level, logger, message,
    request id, the exception's traceback when there is one, and any ``extra`` fields."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", "")
        if request_id:
            line["request_id"] = request_id
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        for key, value in vars(record).items():
            if key not in _RECORD_FIELDS and not key.startswith("_"):
                line[key] = value if isinstance(value, str | int | float | bool) else repr(value)
        return json.dumps(line, ensure_ascii=False)


def start_error_reporter(dsn: str, *, environment: str) -> None:
    """Send unhandled errors of requests and jobs to Sentry; never personal data by default."""
    # Imported by name: the SDK is an optional extra, absent unless SENTRY_DSN is used.
    sentry_sdk = importlib.import_module("sentry_sdk")
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=f"jahesh@{package_version('jahesh')}",
        send_default_pii=False,
        traces_sample_rate=0.0,
    )
