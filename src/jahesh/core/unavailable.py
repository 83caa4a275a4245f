"""The Persian 503 page: what a visitor sees while the database (or the cache) cannot be reached.

Django's 500 handler runs for every uncaught exception, in whichever middleware or view it was
raised. This one looks at the exception being handled: a database that refuses connections or
drops them (``OperationalError``, ``InterfaceError``) or an unreachable Redis is a passing outage,
not a bug, so it answers 503 with ``Retry-After`` and a page that says so; anything else gets
Django's own 500 page. Neither page touches the database, the session or the cache.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

RETRY_AFTER_S = 30
OUTAGES: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)
try:  # the Redis client is a dependency, but the embedded default never connects it
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError
except ImportError:  # pragma: no cover
    pass
else:
    OUTAGES += (RedisConnectionError, RedisTimeoutError)


def is_outage(error: BaseException | None) -> bool:
    """True for an error that means a service we depend on is out, here or in its causes."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, OUTAGES):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


@requires_csrf_token
def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """``handler500``: the Persian 503 page during an outage, Django's 500 page otherwise."""
    if not is_outage(sys.exc_info()[1]):
        return defaults.server_error(request, template_name)
    response = HttpResponseServerError(loader.get_template("503.html").render())
    response.status_code = 503
    response["Retry-After"] = str(RETRY_AFTER_S)
    response["Cache-Control"] = "no-store"
    return response
