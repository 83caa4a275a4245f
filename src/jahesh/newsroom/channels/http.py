"""HTTPS POST with the standard library, its failures sorted into retry, permanent or uncertain.

The split matters for never posting twice: an error before the request was written (refused
connection, unknown host, connect timeout) means nothing arrived; an error after it (read timeout,
reset, garbage) means the receiver may have acted on it.
"""

from __future__ import annotations

import functools
import http.client
import ipaddress
import json
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from jahesh import persian
from jahesh.newsroom.channels.base import DeliveryError, Outcome

DEFAULT_TIMEOUT_S = 10.0
MAX_RESPONSE_BYTES = 1_000_000


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


def post(
    url: str,
    *,
    body: bytes,
    content_type: str,
    headers: dict[str, str],
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> Response:
    """POST ``body``; return a 2xx response or raise ``DeliveryError`` with its outcome."""
    if not url.startswith(("https://", "http://")):
        raise DeliveryError(Outcome.PERMANENT, f"نشانی «{url[:80]}» نشانی اینترنتی درستی نیست.")
    guarded = not settings.CHANNEL_ALLOW_PRIVATE_ADDRESSES
    if guarded:
        _refuse_private_destination(url)
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": content_type, "User-Agent": "jahesh-newsroom", **headers},
    )
    try:
        opener = _GUARDED_OPENER if guarded else _OPENER
        with opener.open(request, timeout=timeout_s) as answer:
            return Response(int(answer.status), answer.read(MAX_RESPONSE_BYTES))
    except urllib.error.HTTPError as exc:
        status = exc.code
        shown = persian.to_persian_digits(str(status))
        detail = exc.read(2_000).decode("utf-8", "replace") if exc.fp else ""
        retry_after = _retry_after(exc, detail)
        if status == 429 or status >= 500:
            raise DeliveryError(
                Outcome.RETRY,
                f"مقصد با خطای {shown} پاسخ داد؛ دوباره تلاش می‌شود.",
                retry_after_s=retry_after,
            ) from exc
        if status in (401, 403):
            raise DeliveryError(
                Outcome.PERMANENT,
                f"مقصد دسترسی را نپذیرفت ({shown})؛ توکن یا کلید نامعتبر یا منقضی است.",
            ) from exc
        raise DeliveryError(
            Outcome.PERMANENT, f"مقصد درخواست را نپذیرفت ({shown}): {detail[:200]}"
        ) from exc
    except (http.client.InvalidURL, ValueError) as exc:
        # http.client refuses a malformed address (a bad port, a space or newline in a bot token)
        # before connecting, with the whole address, token included, in its message: keep it out.
        raise DeliveryError(
            Outcome.PERMANENT, "نشانی مقصد یا توکن نویسه‌های نادرست دارد؛ تنظیمات مجرا را ببینید."
        ) from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, _PrivateDestinationError):
            raise DeliveryError(Outcome.PERMANENT, _PRIVATE_MESSAGE) from exc
        # Raised while connecting or writing the request: nothing reached the receiver.
        raise DeliveryError(
            Outcome.RETRY, f"اتصال به مقصد برقرار نشد ({exc.reason}); دوباره تلاش می‌شود."
        ) from exc
    except (TimeoutError, ConnectionError, OSError) as exc:
        # Raised while waiting for the answer: the request was written and may have been used.
        raise DeliveryError(
            Outcome.UNCERTAIN,
            f"مقصد در زمان مقرر پاسخ نداد یا اتصال را بست ({type(exc).__name__})؛"
            " معلوم نیست پیام رسیده است یا نه.",
        ) from exc


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Refuse redirects: a receiver must not send our POST, token and all, somewhere else."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_PRIVATE_MESSAGE = "نشانی مقصد به شبکه درونی سرور می‌رسد و برای امنیت پذیرفته نمی‌شود."


def _is_inside(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return not ip.is_global or ip.is_multicast


class _PrivateDestinationError(OSError):
    """The socket reached an address inside the server's network; nothing was sent on it."""


def _connect_outside_only(address: tuple[str, int], timeout: Any, source: Any) -> socket.socket:
    """``socket.create_connection`` that refuses, before a byte is sent, a connection whose peer
    is inside the server's network. The check is on the address actually connected to, so a
    name that resolves differently a second time (DNS rebinding) cannot slip past it."""
    connection = socket.create_connection(address, timeout, source)
    if _is_inside(str(connection.getpeername()[0])):
        connection.close()
        raise _PrivateDestinationError(_PRIVATE_MESSAGE)
    return connection


@functools.cache
def _outside_only(connection_class: type[http.client.HTTPConnection]) -> Any:
    class Guarded(connection_class):  # type: ignore[valid-type, misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            # http.client opens its socket through this attribute (HTTPS wraps it afterwards).
            self._create_connection = _connect_outside_only

    return Guarded


class _GuardedHTTPHandler(urllib.request.HTTPHandler):
    def do_open(self, http_class: Any, req: Any, **kwargs: Any) -> Any:
        return super().do_open(_outside_only(http_class), req, **kwargs)


class _GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def do_open(self, http_class: Any, req: Any, **kwargs: Any) -> Any:
        return super().do_open(_outside_only(http_class), req, **kwargs)


_OPENER = urllib.request.build_opener(_NoRedirects())
# No proxy from the environment (HTTPS_PROXY…) for the guarded opener: through a proxy the socket's
# peer would be the proxy, and the guard would check the wrong address.
_GUARDED_OPENER = urllib.request.build_opener(
    urllib.request.ProxyHandler({}), _NoRedirects(), _GuardedHTTPHandler(), _GuardedHTTPSHandler()
)


def _refuse_private_destination(url: str) -> None:
    """Refuse a destination whose name resolves inside the server's own network (loopback,
    private, link-local), with a clear answer before any connection.

    A city's publisher sets channel addresses; without this a publisher could make the worker
    post to internal services. A name can resolve differently when the request connects (DNS
    rebinding), so the guarded opener checks the connected address again (_connect_outside_only).
    """
    host = urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError):
        return  # the request itself will fail to connect and say so
    if any(_is_inside(str(address)) for address in addresses):
        raise DeliveryError(Outcome.PERMANENT, _PRIVATE_MESSAGE)


def _retry_after(exc: urllib.error.HTTPError, detail: str) -> int | None:
    header = exc.headers.get("Retry-After") if exc.headers else None
    if header and header.strip().isdigit():
        return int(header.strip())
    try:
        parameters = json.loads(detail).get("parameters") or {}
        value = parameters.get("retry_after")
    except (ValueError, AttributeError):
        return None
    return int(value) if isinstance(value, int) else None
