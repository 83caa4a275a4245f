"""`jahesh serve` opens no gunicorn control socket: gunicorn's default path is one file per user
(``$XDG_RUNTIME_DIR/gunicorn.ctl`` or ``~/.gunicorn/gunicorn.ctl``), so two servers of one user
would share it. Two real servers, each with its own data dir, home and runtime dir, run at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.config.test_serve import free_port, wait_for

pytestmark = pytest.mark.slow


def start(root: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    for folder in ("data", "home", "run"):
        (root / folder).mkdir(parents=True)
    env = {
        **os.environ,
        "JAHESH_DATA_DIR": str(root / "data"),
        "HOME": str(root / "home"),
        "XDG_RUNTIME_DIR": str(root / "run"),
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    command = [sys.executable, "-m", "jahesh.config.cli", "serve", "--no-worker", "--workers", "1"]
    server = subprocess.Popen(
        [*command, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return server, port


def sockets_under(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_socket() or path.name == "gunicorn.ctl"]


def test_two_servers_of_one_user_open_no_control_socket(tmp_path):
    servers = [start(tmp_path / name) for name in ("first", "second")]
    try:
        for _server, port in servers:
            assert wait_for(f"http://127.0.0.1:{port}/healthz", deadline_s=90) == 200
        # gunicorn would bind its socket from a thread once the workers are spawned, well before a
        # worker has loaded Django and answered; look a little longer all the same.
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            assert sockets_under(tmp_path) == []
            time.sleep(0.1)
    finally:
        for server, _port in servers:
            server.send_signal(signal.SIGTERM)
        for server, _port in servers:
            server.wait(timeout=30)
