"""In production every line the web process writes is one JSON object, gunicorn's own included
(docs/deploy.md, "Logs"): a short start of the real server, its standard error read back."""

import json
import os
import signal
import subprocess
import sys

import pytest

from tests.config.test_serve import free_port, wait_for

pytestmark = pytest.mark.slow

STRONG_KEY = "q7Wm2xLp9Rt4Vz8Kd3Nf6Hj1Bc5Gy0Es-Ua_Ti.Ol"


def serve_and_read_stderr(tmp_path, **extra_env: str) -> list[str]:
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "JAHESH_DATA_DIR": str(tmp_path),
        "PYTHONUNBUFFERED": "1",
        # A control socket of its own, not the one in the home folder other servers share.
        "HOME": str(tmp_path),
        **extra_env,
    }
    command = [sys.executable, "-m", "jahesh.config.cli", "serve", "--no-worker", "--workers", "1"]
    server = subprocess.Popen(
        [*command, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert wait_for(f"http://127.0.0.1:{port}/healthz", deadline_s=90) == 200
    finally:
        server.send_signal(signal.SIGTERM)
        _, stderr = server.communicate(timeout=30)
    return [line for line in stderr.splitlines() if line.strip()]


def test_in_production_gunicorns_own_lines_are_json_one_object_per_line(tmp_path):
    lines = serve_and_read_stderr(
        tmp_path,
        JAHESH_PRODUCTION="true",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="jahesh.example.org",
    )

    events = []
    for line in lines:
        event = json.loads(line)  # raises on any line that is not JSON
        assert isinstance(event, dict), line
        assert {"time", "level", "logger", "message"} <= event.keys(), line
        events.append(event)
    messages = [e["message"] for e in events if e["logger"] == "gunicorn.error"]
    # Once each: gunicorn's own plain-text handler is gone, not writing beside ours.
    assert len([m for m in messages if m.startswith("Listening at: http://127.0.0.1:")]) == 1
    assert len([m for m in messages if m.startswith("Booting worker with pid")]) == 1
    assert "Handling signal: term" in messages
    assert messages[-1] == "Shutting down: Master"


def test_in_development_gunicorns_lines_are_the_plain_format_of_every_other_line(tmp_path):
    lines = serve_and_read_stderr(tmp_path, JAHESH_LOG_JSON="false")

    listening = [line for line in lines if "Listening at:" in line]
    assert len(listening) == 1
    assert " INFO gunicorn.error: Listening at: http://127.0.0.1:" in listening[0]
    assert not listening[0].startswith("{")
