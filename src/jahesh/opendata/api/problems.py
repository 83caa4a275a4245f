"""Errors of the public API as RFC 9457 problem details (``application/problem+json``).

Every error the API answers carries ``type``, ``title``, ``status`` and a Persian ``detail``
that names what was wrong, so a script can branch on ``type`` and a person can read ``detail``.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Schema

from jahesh.core.errors import JaheshError, NotFoundError, ValidationError
from jahesh.persian import to_persian_digits

PROBLEM_CONTENT_TYPE = "application/problem+json"
logger = logging.getLogger(__name__)

# The problem types, each a stable name under the API's documentation address.
TITLES = {
    400: ("bad-request", "Bad request"),
    401: ("unauthorized", "Unauthorized"),
    403: ("forbidden", "Forbidden"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    409: ("conflict", "Conflict"),
    413: ("too-large", "Content too large"),
    422: ("invalid-parameter", "Invalid parameter"),
    429: ("too-many-requests", "Too many requests"),
    500: ("server-error", "Internal server error"),
}


class Problem(Schema):
    """An RFC 9457 problem: ``type`` and ``title`` are stable; ``detail`` is Persian."""

    type: str
    title: str
    status: int
    detail: str
    lang: str = "fa"
    errors: list[dict[str, Any]] | None = None


class ApiInputError(ValidationError):
    """A query parameter the API cannot read (a date, a box, a cursor); answered with 400."""


class ApiNotFoundError(NotFoundError):
    default_message = "چیزی با این نشانی در داده‌های عمومی نیست."


class ApiConflictError(JaheshError):
    """A request that clashes with another under the same ``Idempotency-Key``; answered 409."""

    default_message = (
        "درخواست دیگری با همین «Idempotency-Key» هم‌زمان انجام شد؛ پاسخ آن را دوباره بخواهید."
    )


class IdempotencyKeyReusedError(JaheshError):
    """The same ``Idempotency-Key`` with another body; answered 422."""

    default_message = (
        "این «Idempotency-Key» پیش‌تر با بدنهٔ دیگری به کار رفته است؛ "
        "برای درخواست تازه کلید تازه بسازید."
    )


UNAUTHORIZED = (
    "کلید API نیامده، درست نیست، باطل شده یا زمانش گذشته است؛ "
    "آن را در سرآیند «Authorization: Bearer …» بفرستید."
)


def unauthorized() -> HttpResponse:
    response = problem_response(401, UNAUTHORIZED)
    response["WWW-Authenticate"] = 'Bearer realm="jahesh"'
    return response


def problem_type(status: int) -> str:
    slug = TITLES.get(status, TITLES[500])[0]
    return f"{settings.SITE_URL}/api/v1/docs#problem-{slug}"


def problem_response(
    status: int, detail: str, *, errors: list[dict[str, Any]] | None = None
) -> HttpResponse:
    title = TITLES.get(status, TITLES[500])[1]
    body: dict[str, Any] = {
        "type": problem_type(status),
        "title": title,
        "status": status,
        "detail": detail,
        "lang": "fa",
    }
    if errors:
        body["errors"] = errors
    return HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type=f"{PROBLEM_CONTENT_TYPE}; charset=utf-8",
        headers={"Content-Language": "fa"},
    )


def invalid_parameters(errors: list[dict[str, Any]]) -> HttpResponse:
    """Answer a request whose parameters failed their declared types, naming each one."""
    names: list[str] = []
    kept: list[dict[str, Any]] = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
        name = ".".join(loc) or "?"
        if name not in names:
            names.append(name)
        kept.append({"parameter": name, "message": str(error.get("msg", ""))})
    listed = "، ".join(f"«{name}»" for name in names)
    detail = f"مقدار این پارامترها درست نیست: {listed}. مقدارهای پذیرفتنی در مستندات آمده است."
    return problem_response(422, detail, errors=kept)


def too_many_requests(wait_s: int, *, token: bool = False) -> HttpResponse:
    who = "این کلید" if token else "این نشانی"
    detail = to_persian_digits(
        f"درخواست‌های {who} از سقف مجاز گذشته است؛ {wait_s} ثانیه دیگر دوباره بخواهید."
    )
    response = problem_response(429, detail)
    response["Retry-After"] = str(wait_s)
    return response


def server_error(request: HttpRequest, error: Exception) -> HttpResponse:
    logger.error("API error at %s", request.path, exc_info=error)
    return problem_response(500, "خطایی در سامانه رخ داد و ثبت شد؛ کمی بعد دوباره بخواهید.")
