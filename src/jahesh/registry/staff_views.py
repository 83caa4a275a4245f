"""What every staff page shares: sign-in, one answer to each domain error, the city it is about.

One policy for leaps, newsroom and committee (docs/adr/0006-one-answer-to-staff-errors.md):
a missing right is 403, a missing row 404, any other refusal 400, each with its Persian
sentence, as JSON (``{"ok": false, "reasons": [...]}``) when the page asked for JSON. Someone
with no role in a city gets exactly the 404 of a city that does not exist, so the staff pages
do not tell strangers which cities use Jahesh.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from jahesh.core.errors import JaheshError, NotFoundError, PermissionDeniedError
from jahesh.registry.models import Municipality

# HttpResponseBase, not HttpResponse: a staff download may stream (FileResponse).
View = Callable[..., HttpResponseBase]

CITY_NOT_FOUND = "این شهرداری پیدا نشد."


def staff_view(error_template: str) -> Callable[[View], View]:
    """Make a decorator for an app's staff views: sign-in required, domain errors answered.

    ``error_template`` is the app's error page (it only differs in the app's navigation); it is
    given ``message``.
    """

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            try:
                return view(request, *args, **kwargs)
            except PermissionDeniedError as exc:
                return error_response(request, exc.message, 403, template=error_template)
            except NotFoundError as exc:
                return error_response(request, exc.message, 404, template=error_template)
            except JaheshError as exc:
                return error_response(request, exc.message, 400, template=error_template)

        # Marks the view for the test that walks every staff address; functools.wraps copies it
        # onto the decorators stacked above.
        wrapper.staff_error_template = error_template  # type: ignore[attr-defined]
        return login_required(wrapper)

    return decorate


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "") or (
        request.content_type == "application/json"
    )


def error_response(
    request: HttpRequest, message: str, status: int, *, template: str
) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"ok": False, "reasons": [message]}, status=status)
    return render(request, template, {"message": message}, status=status)


def staff_city(
    request: HttpRequest, slug: str, *, may_view: Callable[[Any, Municipality], bool]
) -> Municipality:
    """Return the city of the address if the user may view it there; else the missing city's 404."""
    city = Municipality.objects.filter(slug=slug).first()
    if city is None or not may_view(request.user, city):
        raise NotFoundError(CITY_NOT_FOUND)
    return city


@contextmanager
def refusals_flashed(request: HttpRequest) -> Iterator[None]:
    """Show a refused action's sentence on the page the view redirects to, not an error page.

    A missing right or a missing row is not a refusal of the action: those go on to the answer
    of ``staff_view``.
    """
    try:
        yield
    except (PermissionDeniedError, NotFoundError):
        raise
    except JaheshError as exc:
        messages.error(request, exc.message)
