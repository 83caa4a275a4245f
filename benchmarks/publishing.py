"""1,000 publications due at the same moment, sent by the real embedded queue; check issue 5's goal.

    python benchmarks/publishing.py                 # prints figures, exits 1 when a goal is missed
    python benchmarks/publishing.py --articles 100 --workers 8

A fresh SQLite database and SQLite queue live in a temporary JAHESH_DATA_DIR (migrated first, not
timed). A wave gets ``--articles`` approved articles and four channels (two bot channels, two
signed webhooks), all pointing at one local HTTP sink that counts requests per idempotency key.
The wave is published for a moment a few seconds ahead; a real ``jahesh run_huey`` consumer
process does the rest. Goals: every publication arrives within 60 s of its moment, and none
arrives twice. Printed: the spread between the first and the last arrival.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GOAL_S = 60.0
CHANNELS = 4


class Sink:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.counts: Counter[str] = Counter()
        self.first: float | None = None
        self.last: float | None = None

    def record(self, key: str) -> None:
        now = time.time()
        with self.lock:
            self.counts[key] += 1
            self.first = now if self.first is None else self.first
            self.last = now


def serve(sink: Sink) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            key = self.headers.get("Idempotency-Key") or self.headers.get("X-Idempotency-Key", "")
            sink.record(key)
            body = json.dumps({"ok": True, "result": {"message_id": 1}}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=250, help="articles (×4 channels)")
    parser.add_argument("--workers", type=int, default=4, help="consumer threads")
    parser.add_argument("--lead-s", type=float, default=8.0, help="seconds until the moment")
    parser.add_argument("--keep", action="store_true", help="keep the data folder")
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="jahesh-bench-publishing-")
    env = {**os.environ, "JAHESH_DATA_DIR": data_dir, "PYTHONUNBUFFERED": "1"}
    for name in ("DATABASE_URL", "REDIS_URL", "JAHESH_HUEY_IMMEDIATE", "JAHESH_TEST_DATABASE_NAME"):
        env.pop(name, None)
    os.environ.clear()
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jahesh.config.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from jahesh.leaps.models import Programme, Wave
    from jahesh.newsroom import services
    from jahesh.newsroom.models import Publication, PublicationState
    from jahesh.registry.models import Membership, Municipality
    from jahesh.registry.services import system_actor_ensure

    print(f"data folder: {data_dir}")
    call_command("migrate", interactive=False, verbosity=0)
    sink = Sink()
    server, url = serve(sink)

    admin = system_actor_ensure()
    admin.is_superuser = True
    admin.save()
    city = Municipality.objects.create(
        slug="bench", name="شهرداری سنجش", city_name="سنجش",
        center_latitude=29.6, center_longitude=52.5, allow_self_approval=True,
    )  # fmt: skip
    editor = type(admin).objects.create_user("bench-editor")
    Membership.objects.create(user=editor, municipality=city, role="editor")
    programme = Programme.objects.create(municipality=city, slug="p", name="جهش عمرانی")
    today = timezone.localdate()
    wave = Wave.objects.create(programme=programme, number=1, start_date=today, end_date=today)
    for i in range(CHANNELS // 2):
        services.channel_create(
            by=admin, municipality=city, kind="bot", name=f"بات {i}",
            config={"base_url": url, "chat_id": f"@c{i}"}, secret=f"{i}:benchmark-token",
        )  # fmt: skip
        services.channel_create(
            by=admin, municipality=city, kind="webhook", name=f"وب‌هوک {i}",
            config={"url": f"{url}/hook{i}"}, secret=f"benchmark-key-{i}",
        )  # fmt: skip
    start = time.perf_counter()
    for i in range(args.articles):
        article = services.article_create(
            by=admin, municipality=city, kind="news", title=f"خبر شماره {i + 1}",
            lead="لید خبر", waves=[wave], reporter=editor,
        )  # fmt: skip
        services.article_approve(by=admin, article=article)
    print(f"setup: {args.articles} approved articles in {time.perf_counter() - start:.1f} s")

    at = timezone.now() + dt.timedelta(seconds=args.lead_s)
    rows = services.wave_publish(wave=wave, by=admin, at=at)
    total = len(rows)
    print(f"scheduled: {total} publications for {at:%H:%M:%S} UTC")

    consumer = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jahesh.config.cli",
            "run_huey",
            "--workers",
            str(args.workers),
            "--worker-type",
            "thread",
            "--delay",
            "0.05",
            "--max-delay",
            "0.5",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = at.timestamp() + GOAL_S
    try:
        while time.time() < deadline:
            settled = Publication.objects.exclude(
                state__in=(PublicationState.PENDING, PublicationState.SENDING)
            ).count()
            if settled == total:
                break
            time.sleep(0.25)
    finally:
        consumer.terminate()
        consumer.wait(timeout=30)
        server.shutdown()

    states = Counter(Publication.objects.values_list("state", flat=True))
    keys = {r.idempotency_key for r in rows}
    arrived = len(set(sink.counts) & keys)
    duplicates = sum(1 for n in sink.counts.values() if n > 1)
    first = (sink.first or at.timestamp()) - at.timestamp()
    last = (sink.last or at.timestamp()) - at.timestamp()
    print(f"arrived: {arrived}/{total}, duplicates: {duplicates}, states: {dict(states)}")
    print(f"first arrival {first:+.2f} s after the moment, last {last:+.2f} s")
    print(f"spread between first and last arrival: {last - first:.2f} s")
    if arrived:
        print(f"throughput: {arrived / max(last - first, 0.001):.0f} publications/s")
    ok = arrived == total and duplicates == 0 and last <= GOAL_S
    if not args.keep:
        shutil.rmtree(data_dir, ignore_errors=True)
    print("goal met" if ok else f"GOAL MISSED (all {total} within {GOAL_S:.0f} s, none twice)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
