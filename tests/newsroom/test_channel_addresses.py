"""Channels never post inside the server's own network unless allowed, nor follow redirects."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from jahesh.newsroom.channels.base import DeliveryError, Outcome
from jahesh.newsroom.channels.http import post
from tests.newsroom.servers import stand_in_server


@contextmanager
def redirecting_server(location: str, hits: list[str]) -> Iterator[str]:
    """Answer POST /hook with a 302 to ``location``; record every request (any method) in hits."""

    class Handler(BaseHTTPRequestHandler):
        def answer(self) -> None:
            hits.append(f"{self.command} {self.path}")
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.path == "/hook":
                self.send_response(302)
                self.send_header("Location", location)
            else:
                self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST = answer

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    finally:
        server.shutdown()
        server.server_close()


def send(url: str) -> None:
    post(url, body=b"{}", content_type="application/json", headers={}, timeout_s=5)


def test_a_loopback_destination_is_refused_where_private_addresses_are_not_allowed(settings):
    settings.CHANNEL_ALLOW_PRIVATE_ADDRESSES = False
    with stand_in_server() as receiver:
        with pytest.raises(DeliveryError) as refused:
            send(receiver.url + "/hook")
        assert receiver.received == []
    assert refused.value.outcome == Outcome.PERMANENT
    assert "شبکه درونی" in str(refused.value)


def test_a_loopback_destination_is_used_where_private_addresses_are_allowed(settings):
    settings.CHANNEL_ALLOW_PRIVATE_ADDRESSES = True
    with stand_in_server() as receiver:
        send(receiver.url + "/hook")
        assert len(receiver.received) == 1


def test_a_redirect_is_not_followed_so_the_post_goes_nowhere_else(settings):
    settings.CHANNEL_ALLOW_PRIVATE_ADDRESSES = True
    hits: list[str] = []
    with redirecting_server("/elsewhere", hits) as url, pytest.raises(DeliveryError) as refused:
        send(url)
    assert hits == ["POST /hook"]
    assert refused.value.outcome == Outcome.PERMANENT


def test_a_name_that_resolves_inside_only_when_connecting_is_refused(settings, monkeypatch):
    # DNS rebinding: the first answer is a public address, the answer at connection time is the
    # server's own loopback. The connected address is checked, so nothing is sent.
    import socket

    settings.CHANNEL_ALLOW_PRIVATE_ADDRESSES = False
    real = socket.getaddrinfo
    answers: list[str] = []

    def rebinding(host, port, *args, **kwargs):
        if host != "rebind.example":
            return real(host, port, *args, **kwargs)
        answers.append(host)
        if len(answers) == 1:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port or 0))]
        return real("127.0.0.1", port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with stand_in_server() as receiver:
        port = receiver.url.rsplit(":", 1)[1]
        with pytest.raises(DeliveryError) as refused:
            send(f"http://rebind.example:{port}/hook")
        assert receiver.received == []
    assert len(answers) == 2
    assert refused.value.outcome == Outcome.PERMANENT
    assert "شبکه درونی" in str(refused.value)


def test_the_guard_lets_a_public_peer_through(monkeypatch):
    # The connection-time check itself: a public peer passes, an inside one is closed unused.
    import socket

    from jahesh.newsroom.channels import http as channel_http

    class FakeSocket:
        closed = False

        def __init__(self, peer: str) -> None:
            self.peer = peer

        def getpeername(self):
            return (self.peer, 443)

        def close(self) -> None:
            self.closed = True

    public, inside = FakeSocket("93.184.216.34"), FakeSocket("10.1.2.3")
    monkeypatch.setattr(socket, "create_connection", lambda *args: public)
    assert channel_http._connect_outside_only(("example.org", 443), 5, None) is public
    monkeypatch.setattr(socket, "create_connection", lambda *args: inside)
    with pytest.raises(OSError, match="شبکه درونی"):
        channel_http._connect_outside_only(("example.org", 443), 5, None)
    assert inside.closed


def test_the_guarded_opener_ignores_proxies_from_the_environment(monkeypatch):
    # Through a proxy the connected peer would be the proxy, and the guard would check it.
    import urllib.request

    from jahesh.newsroom.channels import http as channel_http

    def proxies(opener):
        return [
            h.proxies
            for h in opener.handlers
            if isinstance(h, urllib.request.ProxyHandler) and h.proxies
        ]

    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "http://10.0.0.5:3128")
    # A default opener made now would send through that proxy; the guarded one never does.
    assert proxies(urllib.request.build_opener()) == [{"https": "http://10.0.0.5:3128"}]
    assert proxies(channel_http._GUARDED_OPENER) == []
