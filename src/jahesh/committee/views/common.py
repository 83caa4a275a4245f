"""What every committee page shares: the house's one answer to domain errors.

Staff pages go through ``jahesh.registry.staff_views.staff_view`` like those of leaps and the
newsroom (docs/adr/0006-one-answer-to-staff-errors.md). The committee needs no lookup of its own
there: ``selectors.seat_for`` raises the missing committee's ``NotFoundError`` for a stranger, so a
stranger and an address with no committee get one and the same 404.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jahesh.core.errors import NotFoundError
from jahesh.registry.staff_views import error_response, staff_view

ERROR_TEMPLATE = "committee/error.html"

View = Callable[..., HttpResponseBase]

staff = staff_view(ERROR_TEMPLATE)


def staff_page(view: View) -> View:
    return require_GET(staff(view))


def staff_action(view: View) -> View:
    return require_POST(staff(view))


def staff_form(view: View) -> View:
    """A page that shows a form and takes its answer."""
    return require_http_methods(["GET", "POST"])(staff(view))


def public_page(view: View) -> View:
    """A page for everyone: no sign-in; what is not public is simply not found."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except NotFoundError as exc:
            return error_response(request, exc.message, 404, template=ERROR_TEMPLATE)

    return require_GET(wrapper)
