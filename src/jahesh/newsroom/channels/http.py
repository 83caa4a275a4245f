"""HTTPS POST with the standard library, its failures sorted into retry, permanent or uncertain.

The split matters for never posting twice: an error before the request was written (refused
connection, unknown host, connect timeout) means nothing arrived; an error after it (read timeout,
reset, garbage) means the receiver may have acted on it.
"""

from __future__ import annotations

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
    if not settings.CHANNEL_ALLOW_PRIVATE_ADDRESSES:
        _refuse_private_destination(url)
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": content_type, "User-Agent": "jahesh-newsroom", **headers},
    )
    try:
        with _OPENER.open(request, timeout=timeout_s) as answer:
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


_OPENER = urllib.request.build_opener(_NoRedirects())


def _refuse_private_destination(url: str) -> None:
    """Refuse a destination inside the server's own network (loopback, private, link-local).

    A city's publisher sets channel addresses; without this a publisher could make the worker
    post to internal services. Name resolution can change between this check and the request,
    so a hostile DNS answer can still slip past: this narrows the risk, it does not close it.
    """
    host = urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError):
        return  # the request itself will fail to connect and say so
    for address in addresses:
        ip = ipaddress.ip_address(str(address).split("%", 1)[0])
        if not ip.is_global or ip.is_multicast:
            raise DeliveryError(
                Outcome.PERMANENT,
                "نشانی مقصد به شبکه درونی سرور می‌رسد و برای امنیت پذیرفته نمی‌شود.",
            )


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
