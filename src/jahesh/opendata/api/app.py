"""The public API v1: one NinjaAPI with its error answers and a documentation page that loads
nothing from another site."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ninja
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import escape
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import DocsBase

from jahesh.core.errors import JaheshError, NotFoundError, PermissionDeniedError, ValidationError
from jahesh.opendata.api import problems
from jahesh.opendata.api.committee import router as committee_router
from jahesh.opendata.api.promises import router as promises_router
from jahesh.opendata.api.routes import router
from jahesh.opendata.api.staff import router as staff_router
from jahesh.opendata.api.throttling import AnonymousRateThrottle, window_s

NAMESPACE = "api_v1"
# Redoc as Django Ninja ships it, served from the installed package, not from a CDN.
REDOC_JS = Path(ninja.__file__).parent / "static" / "ninja" / "redoc.standalone.js"

DESCRIPTION = """\
داده‌های عمومی جهش: شهرها، مناطق، حوزه‌ها، پروژه‌ها، آیین‌ها، برنامه‌ها، مرحله‌ها و خبرهای منتشرشده.

Public lists are read-only, anonymous JSON, each also as CSV and (where rows have places) GeoJSON.
The staff operations under `/staff/` need a city's token in `Authorization: Bearer` and reach
that city only. Lists are paged by an opaque `cursor` in a stable order; every answer
carries `ETag` and `Last-Modified` and answers `304` to a conditional GET. Credits are integer
rials with tomans beside; dates are ISO 8601 with the Jalali date beside. Errors are RFC 9457
`application/problem+json` with a Persian `detail`. See docs/api.md for examples and the
versioning policy.
"""


class RedocFromPackage(DocsBase):
    """The docs page: Redoc from the installed Django Ninja package, nothing from a CDN."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        schema_url = escape(self.get_openapi_url(api, kwargs))
        script = escape(reverse(f"{NAMESPACE}:redoc-js"))
        html = (
            '<!DOCTYPE html><html lang="fa"><head><meta charset="utf-8">'
            f"<title>{escape(api.title)}</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'</head><body><redoc spec-url="{schema_url}"></redoc>'
            f'<script src="{script}"></script></body></html>'
        )
        return HttpResponse(html)


def redoc_script(request: HttpRequest) -> FileResponse:
    if not REDOC_JS.is_file():
        raise Http404("redoc")
    response = FileResponse(REDOC_JS.open("rb"), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


class PublicApi(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """Say what the answers really are: errors as problem+json, every answer with its
        validators."""
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    if int(status) >= 400 and "content" in response:
                        body = response["content"].pop("application/json")
                        response["content"][problems.PROBLEM_CONTENT_TYPE] = body
                    if int(status) == 304:
                        response.pop("content", None)
                        response["description"] = "Not Modified"
        return schema


api = PublicApi(
    title="رابط برنامه‌نویسی عمومی جهش",
    version="1",
    description=DESCRIPTION,
    urls_namespace=NAMESPACE,
    docs=RedocFromPackage(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    throttle=AnonymousRateThrottle(),
)
api.add_router("/", router)
api.add_router("/", committee_router)
api.add_router("/", promises_router)
api.add_router("/staff", staff_router)


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, error: NinjaValidationError) -> HttpResponse:
    return problems.invalid_parameters(list(error.errors))


@api.exception_handler(ValidationError)
def _bad_input(request: HttpRequest, error: ValidationError) -> HttpResponse:
    named = [{"parameter": error.field, "message": error.message}] if error.field else None
    return problems.problem_response(400, error.message, errors=named)


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return problems.unauthorized()


@api.exception_handler(PermissionDeniedError)
def _forbidden(request: HttpRequest, error: PermissionDeniedError) -> HttpResponse:
    return problems.problem_response(403, error.message)


@api.exception_handler(problems.ApiConflictError)
def _conflict(request: HttpRequest, error: problems.ApiConflictError) -> HttpResponse:
    return problems.problem_response(409, error.message)


@api.exception_handler(problems.IdempotencyKeyReusedError)
def _key_reused(request: HttpRequest, error: problems.IdempotencyKeyReusedError) -> HttpResponse:
    return problems.problem_response(422, error.message)


@api.exception_handler(JaheshError)
def _refused(request: HttpRequest, error: JaheshError) -> HttpResponse:
    return problems.problem_response(400, error.message)


@api.exception_handler(NotFoundError)
def _not_found(request: HttpRequest, error: NotFoundError) -> HttpResponse:
    return problems.problem_response(404, error.message)


@api.exception_handler(Http404)
def _no_route(request: HttpRequest, error: Http404) -> HttpResponse:
    return problems.problem_response(404, problems.ApiNotFoundError.default_message)


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, error: Throttled) -> HttpResponse:
    token = getattr(request, "auth", None) is not None
    return problems.too_many_requests(int(error.wait or window_s()), token=token)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    return problems.problem_response(error.status_code, "درخواست پذیرفته نشد.")


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, error: Exception) -> HttpResponse:
    return problems.server_error(request, error)
