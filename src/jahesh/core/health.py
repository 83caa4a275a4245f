"""``/healthz`` (the process answers) and ``/readyz`` (it can do its work), for load balancers,
container health checks and monitoring.

Both are answered by a middleware placed first, before host validation, the HTTPS redirect,
sessions and log-in throttling: a health check comes over plain HTTP from the machine itself
with whatever Host header it likes, and must never create a session or count as a visitor.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse

SERVICE_UNAVAILABLE = 503
logger = logging.getLogger(__name__)

# Once every migration is applied it stays so until the code changes, which restarts the process;
# the check reads the migration files only until then.
_settled: set[str] = set()


def database_ready() -> str | None:
    """None when the database answers a query, else what went wrong."""
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any driver error means "not ready"
        return f"{type(error).__name__}: {error}"
    return None


def migrations_ready() -> str | None:
    """None when no migration waits to be applied, else how many wait."""
    if "migrations" in _settled:
        return None
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    if plan:
        return f"{len(plan)} migrations not applied"
    _settled.add("migrations")
    return None


def queue_ready() -> str | None:
    """None when the job queue's storage answers, else what went wrong."""
    from huey.contrib.djhuey import HUEY

    try:
        HUEY.storage.queue_size()
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    return None


def cache_ready() -> str | None:
    """None when a value written to the cache reads back, else what went wrong."""
    key = f"readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", 10)
        found = cache.get(key)
        cache.delete(key)
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    return None if found == "1" else "a value written to the cache did not read back"


CHECKS: dict[str, Callable[[], str | None]] = {
    "database": database_ready,
    "migrations": migrations_ready,
    "queue": queue_ready,
    "cache": cache_ready,
}


def readiness() -> dict[str, str]:
    """Run every check and name each one ``ok`` or ``failed``; the reason goes to the log, not to
    whoever asked (it may name internal hosts). Migrations are not read without a database."""
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        if name == "migrations" and results.get("database") != "ok":
            results[name] = "failed"
            continue
        problem = check()
        if problem is not None:
            logger.warning("readiness check %s failed: %s", name, problem)
        results[name] = "ok" if problem is None else "failed"
    return results


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """Answer ``/healthz`` and ``/readyz`` before any other middleware sees the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == "/healthz":
            return _no_store(JsonResponse({"status": "ok"}))
        if request.path_info == "/readyz":
            results = readiness()
            failed = sorted(name for name, result in results.items() if result != "ok")
            body = {
                "status": "ok" if not failed else "unavailable",
                "failed": failed,
                "checks": results,
            }
            status = 200 if not failed else SERVICE_UNAVAILABLE
            return _no_store(JsonResponse(body, status=status))
        return self.get_response(request)
