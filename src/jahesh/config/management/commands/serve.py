"""Serve Jahesh with gunicorn (a production-grade WSGI server) and, unless told not to, the
background-job consumer beside it.

gunicorn's own lines (starting, listening, booting a worker, a worker timing out) go through the
project's logging (``settings.LOGGING``), so in production they are JSON like every other event:
``JaheshGunicornLogger`` takes away the plain-text handler gunicorn puts on ``gunicorn.error``
and lets its records reach the root handler. gunicorn's access log stays off: nginx writes the
access log, with the request id (docs/deploy.md).

gunicorn's control socket (``gunicornc``, on by default since gunicorn 25.1) is turned off: its
default path, ``$XDG_RUNTIME_DIR/gunicorn.ctl`` or ``~/.gunicorn/gunicorn.ctl``, is one file for
every server of the same user, so a second server (another city, a test) would take it over from
the first. Jahesh is started, stopped and restarted by systemd (docs/deploy.md), not through it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


def default_web_workers() -> int:
    return max(2, (os.cpu_count() or 1) * 2)


class Command(BaseCommand):
    help = "وب‌سرور جهش (gunicorn) را همراه با پردازشگر کارهای پس‌زمینه اجرا می‌کند."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=default_web_workers())
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start the background-job consumer (run `jahesh worker` elsewhere).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        consumer = None
        if not options["no_worker"]:
            consumer = start_consumer()
            self.stdout.write(f"پردازشگر کارهای پس‌زمینه آغاز شد (pid {consumer.pid}).")
        try:
            run_gunicorn(host=options["host"], port=options["port"], workers=options["workers"])
        finally:
            if consumer is not None:
                stop_consumer(consumer)


def start_consumer() -> subprocess.Popen[bytes]:
    """Start `jahesh worker` as a child process sharing this process's environment."""
    return subprocess.Popen(
        [sys.executable, "-m", "jahesh.config.cli", "worker"],
        env=os.environ.copy(),
    )


def stop_consumer(consumer: subprocess.Popen[bytes]) -> None:
    if consumer.poll() is None:
        # SIGINT lets Huey finish the task in hand; a consumer that will not stop is killed.
        consumer.send_signal(signal.SIGINT)
        try:
            consumer.wait(timeout=15)
        except subprocess.TimeoutExpired:
            consumer.kill()
            consumer.wait()


def gunicorn_logger_class() -> type:
    """gunicorn's logger with its error log sent to the project's handlers instead of its own."""
    from gunicorn.glogging import Logger

    class JaheshGunicornLogger(Logger):  # type: ignore[misc]
        def setup(self, cfg: Any) -> None:
            super().setup(cfg)
            for handler in list(self.error_log.handlers):
                self.error_log.removeHandler(handler)
            self.error_log.propagate = True

    return JaheshGunicornLogger


# Longer than nginx's keepalive_timeout for its idle connections to the app (60 s).
UPSTREAM_KEEPALIVE_S = 75


def run_gunicorn(*, host: str, port: int, workers: int) -> None:
    from gunicorn.app.base import BaseApplication

    from jahesh.config.wsgi import application

    class JaheshServer(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", 4)
            self.cfg.set("timeout", 60)
            # nginx keeps idle connections to the app open (deploy/nginx: keepalive_timeout 60s)
            # and sends the next request on one of them; gunicorn closed them after 2 s idle,
            # and a request sent just as one closed failed ("upstream prematurely closed
            # connection": 50 in 20 s of a wave day, a 502 for a staff POST). The app keeps
            # them longer than nginx does, so nginx always closes first.
            self.cfg.set("keepalive", UPSTREAM_KEEPALIVE_S)
            self.cfg.set("accesslog", None)
            self.cfg.set("errorlog", "-")
            self.cfg.set("logger_class", gunicorn_logger_class())
            self.cfg.set("proc_name", "jahesh")
            self.cfg.set("control_socket_disable", True)

        def load(self) -> Any:
            return application

    JaheshServer().run()
