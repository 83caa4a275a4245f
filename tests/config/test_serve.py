"""`jahesh serve` starts gunicorn and the job consumer, and stops both cleanly."""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, deadline_s: float) -> int:
    end = time.monotonic() + deadline_s
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return int(response.status)
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.2)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return (
        Path(f"/proc/{pid}").exists()
        and "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()
    )


def test_serve_answers_http_and_stops_its_consumer_on_sigterm(tmp_path):
    port = free_port()
    env = {**os.environ, "JAHESH_DATA_DIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "jahesh.config.cli", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert wait_for(f"http://127.0.0.1:{port}/admin/login/", deadline_s=90) == 200
        assert server.stdout is not None
        first_line = server.stdout.readline()
        consumer_pid = int(re.search(r"pid (\d+)", first_line).group(1))  # type: ignore[union-attr]
        assert pid_alive(consumer_pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    deadline = time.monotonic() + 20
    while pid_alive(consumer_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not pid_alive(consumer_pid)


def test_an_idle_connection_from_the_proxy_still_takes_a_request_after_seconds(tmp_path):
    """nginx sends requests down idle keep-alive connections it holds up to 60 s; gunicorn
    closed them after 2 s, and a request sent as one closed was lost (a 502 for a staff POST)."""
    port = free_port()
    env = {**os.environ, "JAHESH_DATA_DIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "jahesh.config.cli", "serve", "--no-worker", "--port", str(port),
         "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    try:
        assert wait_for(f"http://127.0.0.1:{port}/healthz", deadline_s=90) == 200
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request("GET", "/healthz")
            first = connection.getresponse()
            assert (first.status, first.read()) == (200, b'{"status": "ok"}')
            kept = connection.sock
            assert kept is not None  # the app kept the connection open
            time.sleep(3)  # longer than gunicorn's default keep-alive of 2 s
            connection.request("GET", "/healthz")
            assert connection.sock is kept  # the same connection, not a new one
            assert connection.getresponse().status == 200
        finally:
            connection.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
