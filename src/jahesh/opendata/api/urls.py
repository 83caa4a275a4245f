"""Addresses of API v1, mounted at /api/v1/; any other address under it answers a 404 problem."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path, re_path

from jahesh.opendata.api import problems
from jahesh.opendata.api.app import NAMESPACE, api, redoc_script


def unknown(request: HttpRequest, rest: str = "") -> HttpResponse:
    return problems.problem_response(404, problems.ApiNotFoundError.default_message)


app_name = NAMESPACE
urlpatterns: list[URLPattern | URLResolver] = [
    *api.urls[0],
    path("docs/redoc.standalone.js", redoc_script, name="redoc-js"),
    re_path(r"^(?P<rest>.*)$", unknown),
]
