"""Real local HTTP servers standing in for a bot API and a webhook receiver.

Each runs ``http.server`` in a thread on 127.0.0.1 with a free port, records every request, and
answers as the test tells it: normally, with an error status, with garbage, slowly, or by holding
one request until the test lets it go.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def key(self) -> str:
        return self.headers.get("idempotency-key") or self.headers.get("x-idempotency-key", "")

    def json(self) -> dict:
        return json.loads(self.body.decode("utf-8"))


Answer = tuple[int, bytes]


def telegram_ok(request: Received, n: int) -> Answer:
    return 200, json.dumps({"ok": True, "result": {"message_id": n}}).encode()


@dataclass
class StandIn:
    url: str = ""
    received: list[Received] = field(default_factory=list)
    answer: Callable[[Received, int], Answer] = telegram_ok
    hold_key: str | None = None
    hold_nth: int | None = None
    held: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    delay_s: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)
    seen_keys: set[str] = field(default_factory=set)
    processed: Counter[str] = field(default_factory=Counter)

    def counts(self) -> Counter[str]:
        with self.lock:
            return Counter(r.key for r in self.received)

    def handle(self, request: Received) -> Answer:
        with self.lock:
            self.received.append(request)
            n = len(self.received)
            # What a well-behaved receiver does with a key it has seen: accept, do nothing.
            if request.key not in self.seen_keys:
                self.seen_keys.add(request.key)
                self.processed[request.key] += 1
        if request.key == self.hold_key or n == self.hold_nth:
            self.held.set()
            self.release.wait(30)
        if self.delay_s:
            self.release.wait(self.delay_s)
        return self.answer(request, n)


def _handler(stand_in: StandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            request = Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            status, payload = stand_in.handle(request)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                pass  # the client went away (timed out or was killed)

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


@contextmanager
def stand_in_server(**options: object) -> Iterator[StandIn]:
    stand_in = StandIn(**options)  # type: ignore[arg-type]
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stand_in))
    server.daemon_threads = True
    stand_in.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield stand_in
    finally:
        stand_in.release.set()
        server.shutdown()
        server.server_close()


def valid_signature(request: Received, key: str) -> bool:
    timestamp = request.headers.get("x-jahesh-timestamp", "")
    expected = hmac.new(key.encode(), timestamp.encode() + b"." + request.body, hashlib.sha256)
    given = request.headers.get("x-jahesh-signature", "")
    return hmac.compare_digest(given, f"sha256={expected.hexdigest()}")
