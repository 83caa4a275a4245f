"""Logs a person can read: one line per event, a traceback only for a real error."""

from __future__ import annotations

import io
import logging
import logging.config
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path
from huey.consumer_options import ConsumerConfig


def refused(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("نقش لازم را ندارید")


def malformed(request: HttpRequest) -> HttpResponse:
    raise BadRequest("درخواست نادرست")


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("خرابی واقعی")


urlpatterns = [
    path("refused/", refused),
    path("malformed/", malformed),
    path("broken/", broken),
]

CONFIGURED = ("", "huey", "axes", "django", "django.request", "django.security")


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """Configure logging as the project does, its console writing into a string."""
    loggers = [logging.getLogger(name) for name in CONFIGURED]
    saved = [(lg, lg.handlers[:], lg.level, lg.propagate, lg.filters[:]) for lg in loggers]
    logging.config.dictConfig(settings.LOGGING)
    output = io.StringIO()
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(output)
    try:
        yield output
    finally:
        for lg, handlers, level, propagate, filters in saved:
            lg.handlers[:] = handlers
            lg.setLevel(level)
            lg.propagate = propagate
            lg.filters[:] = filters


def lines(output: io.StringIO) -> list[str]:
    return [line for line in output.getvalue().splitlines() if line.strip()]


@pytest.fixture
def client_of_this_module() -> Iterator[Client]:
    with override_settings(ROOT_URLCONF=__name__):
        yield Client(raise_request_exception=False)


@pytest.mark.parametrize(("address", "status"), [("/refused/", 403), ("/malformed/", 400)])
def test_a_refused_request_is_one_line_without_a_traceback(
    client_of_this_module, log_output, address, status
):
    response = client_of_this_module.get(address)
    assert response.status_code == status
    written = lines(log_output)
    assert len(written) == 1, written
    assert address in written[0]
    assert "Traceback" not in log_output.getvalue()


def test_a_request_from_a_host_not_allowed_is_one_line(client_of_this_module, log_output):
    response = client_of_this_module.get("/refused/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    written = lines(log_output)
    assert len(written) == 1, written
    assert "django.security.DisallowedHost" in written[0]


def test_a_real_error_keeps_its_traceback(client_of_this_module, log_output):
    response = client_of_this_module.get("/broken/")
    assert response.status_code == 500
    text = log_output.getvalue()
    assert "Traceback" in text
    assert "RuntimeError: خرابی واقعی" in text


def test_a_queue_event_is_logged_once_after_the_consumer_sets_up_its_logger(log_output, capsys):
    # What `jahesh worker` (Huey's run_huey) does before it starts: it gives the "huey" logger
    # a handler of its own, on standard error, unless the settings gave it one.
    huey_logger = logging.getLogger("huey")
    if not huey_logger.handlers:
        ConsumerConfig(workers=1).setup_logger(huey_logger)
    logging.getLogger("huey.consumer").warning("کار %s دوباره صف شد", "۷")
    everywhere = log_output.getvalue() + capsys.readouterr().err
    assert everywhere.count("کار ۷ دوباره صف شد") == 1
