"""One id per request, in the response, in every log line and in the jobs the request queued.

nginx names each request (``X-Request-ID``, see deploy/nginx); behind it the id is taken as given,
if it looks like an id, so one search finds the proxy's line, the app's lines and the worker's.
A missing or odd-looking id (too long, or characters a log line should not carry) is replaced.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
_SANE = re.compile(r"[A-Za-z0-9._:-]{8,64}")

current_request_id: ContextVar[str] = ContextVar("current_request_id", default="")


def sane_request_id(raw: str | None) -> str | None:
    """The id as given when it is 8–64 letters, digits or ``._:-``; else None."""
    if raw and _SANE.fullmatch(raw):
        return raw
    return None


def new_request_id() -> str:
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Give the request its id, expose it to logging and the queue, and answer with it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = sane_request_id(request.headers.get(HEADER)) or new_request_id()
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[HEADER] = request_id
        return response
