"""A per-address limit on anonymous API requests, counted in Django's cache.

Fixed windows of ``JAHESH_API_ANON_RATE_WINDOW_S`` seconds, at most
``JAHESH_API_ANON_RATE_LIMIT`` requests in each (0 turns the limit off); over it the answer is 429
with Retry-After, the seconds left in the window. With Redis as the cache every web process
shares the count; with the local-memory cache of the embedded default each process counts alone,
so the limit holds per process.
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
        most = limit()
        if most <= 0:
            return True
        span = window_s()
        now = time.time()
        window = int(now // span)
        key = f"api:v1:rate:{client_address(request)}:{window}"
        # add() then incr() stays right under concurrency: incr is atomic in Redis and under
        # the local-memory cache's lock.
        cache.add(key, 0, span + 1)
        try:
            count = cache.incr(key)
        except ValueError:
            # The entry expired between the two calls: this request opens the window again.
            cache.add(key, 1, span + 1)
            count = 1
        self._local.wait = math.ceil((window + 1) * span - now)
        return count <= most

    def wait(self) -> float | None:
        return float(getattr(self._local, "wait", window_s()))
