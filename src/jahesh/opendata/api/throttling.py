"""Rate limits of the API, counted in Django's cache: per address for anonymous requests, per
token for the staff API.

Fixed windows of ``JAHESH_API_ANON_RATE_WINDOW_S`` seconds, at most
``JAHESH_API_ANON_RATE_LIMIT`` requests in each (0 turns the limit off); over it the answer is 429
with Retry-After, the seconds left in the window. A token counts alone, under
``JAHESH_API_TOKEN_RATE_LIMIT`` and ``JAHESH_API_TOKEN_RATE_WINDOW_S``. With Redis as the cache
every web process shares the count; with the local-memory cache of the embedded default each
process counts alone, so the limit holds per process.
"""

from __future__ import annotations

import math
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from jahesh.config.signin import client_address


def limit() -> int:
    return settings.API_ANON_RATE_LIMIT


def window_s() -> int:
    return max(1, settings.API_ANON_RATE_WINDOW_S)


class AnonymousRateThrottle(BaseThrottle):
    """Ninja asks ``allow_request`` and then ``wait`` of the same shared object, so the wait is
    kept per thread."""

    def __init__(self) -> None:
        self._local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        return self._count(f"api:v1:rate:{client_address(request)}", limit(), window_s())

    def _count(self, name: str, most: int, span: int) -> bool:
        if most <= 0:
            return True
        span = max(1, span)
        now = time.time()
        window = int(now // span)
        key = f"{name}:{window}"
        # add() then incr() stays right under concurrency: incr is atomic in Redis and under
        # the local-memory cache's lock.
        cache.add(key, 0, span + 1)
        try:
            count = cache.incr(key)
        except ValueError:
            # The entry expired between the two calls: this request opens the window again.
            cache.add(key, 1, span + 1)
            count = 1
        self._local.wait = max(1, math.ceil((window + 1) * span - now))
        return count <= most

    def wait(self) -> float | None:
        return float(getattr(self._local, "wait", window_s()))


class TokenRateThrottle(AnonymousRateThrottle):
    """The staff API's limit: each token has its own count, whatever address it comes from.
    Ninja authenticates before it throttles, so ``request.auth`` is the token."""

    def allow_request(self, request: HttpRequest) -> bool:
        token = getattr(request, "auth", None)
        name = f"api:v1:token-rate:{getattr(token, 'pk', 0)}"
        return self._count(name, settings.API_TOKEN_RATE_LIMIT, settings.API_TOKEN_RATE_WINDOW_S)
