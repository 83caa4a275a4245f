"""Production logs: one JSON object per line with the request id; Sentry only when asked."""

import json
import logging
import os
import subprocess
import sys
import types

from jahesh.config.logs import JsonFormatter, RequestIdFilter, start_error_reporter
from jahesh.core.request_ids import current_request_id


def formatted(record: logging.LogRecord) -> dict:
    RequestIdFilter().filter(record)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    return json.loads(line)


def record(message: str, *args: object, **extra: object) -> logging.LogRecord:
    made = logging.LogRecord("jahesh.test", logging.WARNING, __file__, 1, message, args, None)
    made.__dict__.update(extra)
    return made


def test_a_log_line_is_one_json_object_with_the_request_id():
    token = current_request_id.set("req-abcdef123")
    try:
        line = formatted(record("مرحله %s منتشر شد", "۹", wave_id=9))
    finally:
        current_request_id.reset(token)
    assert line["message"] == "مرحله ۹ منتشر شد"
    assert line["level"] == "WARNING"
    assert line["logger"] == "jahesh.test"
    assert line["request_id"] == "req-abcdef123"
    assert line["wave_id"] == 9
    assert line["time"].endswith("+00:00")


def test_a_traceback_stays_inside_the_one_line():
    try:
        raise ValueError("خراب")
    except ValueError:
        made = logging.LogRecord(
            "jahesh.test", logging.ERROR, __file__, 1, "failed", (), sys.exc_info()
        )
    line = formatted(made)
    assert "ValueError: خراب" in line["exception"]


def test_outside_a_request_the_line_has_no_request_id():
    assert "request_id" not in formatted(record("بی درخواست"))


def test_the_error_reporter_is_started_with_the_dsn_and_no_personal_data(monkeypatch):
    calls: list[dict] = []
    fake = types.ModuleType("sentry_sdk")
    fake.init = lambda **kwargs: calls.append(kwargs)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sentry_sdk", fake)
    start_error_reporter("https://key@sentry.example.org/1", environment="production")
    assert calls[0]["dsn"] == "https://key@sentry.example.org/1"
    assert calls[0]["send_default_pii"] is False
    assert calls[0]["release"].startswith("jahesh@")


def test_without_a_dsn_the_sentry_sdk_is_never_imported(tmp_path):
    env = {
        **os.environ,
        "JAHESH_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "jahesh.config.settings",
    }
    env.pop("SENTRY_DSN", None)
    code = "import django, sys; django.setup(); print('sentry_sdk' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_production_logs_are_json(tmp_path):
    env = {
        **os.environ,
        "JAHESH_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "jahesh.config.settings",
        "JAHESH_PRODUCTION": "true",
        "SECRET_KEY": "k" * 20 + "q" * 20 + "x9!Z",
        "ALLOWED_HOSTS": "jahesh.example.org",
    }
    code = "import django, logging; django.setup(); logging.getLogger('jahesh').warning('سلام')"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stderr.strip())["message"] == "سلام"
