"""Refuse addresses no page of the site can answer, before any view or query runs.

PostgreSQL refuses strings holding a NUL byte, so ``/%00/`` reached a query and answered 500 on
about 20 public routes. No slug, code or file name of ours holds a control or formatting
character or runs past 255 characters, and no number in an address is wider than 64 bits, so
such addresses get the Persian 404 page here, on every route, whatever a view checks itself.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from django.contrib.admin import ModelAdmin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse

# Zero-width non-joiner and joiner are formatting characters, and Persian words need them.
PERSIAN_JOINERS = frozenset({"\u200c", "\u200d"})
# Controls, surrogates, private-use and unassigned code points, line and paragraph separators.
FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn", "Zl", "Zp"})
# A file name's limit on common file systems; our longest slug field holds 200.
MAX_SEGMENT_CHARS = 255
MAX_NUMBER = 2**63 - 1

NOT_AN_ADDRESS = "این نشانی نویسه‌ای دارد که هیچ نشانی این سایت ندارد."


def address_character_allowed(character: str) -> bool:
    category = unicodedata.category(character)
    if category == "Cf":
        # Bidi overrides and isolates, the byte-order mark, invisible marks.
        return character in PERSIAN_JOINERS
    return category not in FORBIDDEN_CATEGORIES


def path_allowed(path: str) -> bool:
    return all(len(segment) <= MAX_SEGMENT_CHARS for segment in path.split("/")) and all(
        address_character_allowed(c) for c in path
    )


class AddressGuardMiddleware:
    """404 for paths holding characters no address holds, NUL in the query string, numbers
    beyond 64 bits, and admin object ids the model's key cannot read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not path_allowed(request.path_info):
            raise Http404(NOT_AN_ADDRESS)
        # Searches and filters read the query string; only NUL is a danger to the database.
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                raise Http404(NOT_AN_ADDRESS)
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> None:
        for value in [*view_args, *view_kwargs.values()]:
            if isinstance(value, int) and abs(value) > MAX_NUMBER:
                raise Http404(NOT_AN_ADDRESS)
        model_admin = _model_admin_of(view_func)
        if model_admin is not None:
            _check_admin_ids(model_admin, view_args, view_kwargs)


def _model_admin_of(view_func: Callable[..., Any]) -> ModelAdmin[Any] | None:
    """The ModelAdmin behind an admin view: Django marks its own views with ``model_admin``;
    views added by packages wrap a bound method of it."""
    found = getattr(view_func, "model_admin", None)
    if found is None:
        found = getattr(getattr(view_func, "__wrapped__", None), "__self__", None)
    return found if isinstance(found, ModelAdmin) else None


def _check_admin_ids(
    model_admin: ModelAdmin[Any], view_args: tuple[Any, ...], view_kwargs: dict[str, Any]
) -> None:
    """The admin's own views 404 on an id the model's key cannot read, but django-simple-history's
    pages (``<id>/history/`` and ``<id>/history/<history id>/``) hand it to the database."""
    object_ids = [
        *view_args[:1],
        *([view_kwargs["object_id"]] if "object_id" in view_kwargs else []),
    ]
    key = model_admin.model._meta.pk
    if key is None:
        return
    for raw in object_ids:
        try:
            key.to_python(unquote(str(raw)))
        except ValidationError as error:
            raise Http404(NOT_AN_ADDRESS) from error
    # Any further positional id is a history row's, an automatic integer key.
    if not all(str(raw).isdecimal() and str(raw).isascii() for raw in view_args[1:]):
        raise Http404(NOT_AN_ADDRESS)
