"""How every endpoint answers: validators first (a 304 before any query of the data), then one
page of rows through its schema, as compact UTF-8 JSON with the validators beside it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse

from jahesh.opendata.api import conditional, filters
from jahesh.opendata.api.pagination import SortKey, keyset_page
from jahesh.opendata.api.problems import ApiNotFoundError
from jahesh.opendata.api.schemas import Item

M = TypeVar("M", bound=Model)
JSON_TYPE = "application/json; charset=utf-8"


def _text(body: Any) -> str:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def _json(text: str) -> HttpResponse:
    return HttpResponse(text, content_type=JSON_TYPE, headers={"Content-Language": "fa"})


def json_answer(body: Any) -> HttpResponse:
    """A compact UTF-8 JSON answer in Persian."""
    return _json(_text(body))


def _next_address(request: HttpRequest, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    params = request.GET.copy()
    params["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def _dump(items: Iterable[Item], fields: set[str] | None) -> list[dict[str, Any]]:
    return [item.model_dump(mode="json", include=fields) for item in items]


def page(
    request: HttpRequest,
    query: filters.ListQuery,
    *,
    schema: type[Item],
    present: Callable[[M], Item],
    rows: Callable[[], QuerySet[M]],
    sorts: dict[str, SortKey],
    city_slug: str | None,
    articles: bool = False,
    extra: tuple[str, Callable[[], str]] | None = None,
) -> HttpResponse:
    """Answer one page of a list; ``rows`` is called only when the client's copy is stale."""
    fields = filters.chosen_fields(query.fields, set(schema.model_fields))
    etag, modified = conditional.validators(
        request, city_slug=city_slug, articles=articles, extra=extra
    )
    early = conditional.not_modified(request, etag, modified)
    if early is not None:
        return early
    text = conditional.remembered_body(request, etag)
    if text is None:
        sort = sorts[query.sort]
        found, cursor = keyset_page(rows(), sort=sort, cursor=query.cursor, limit=query.limit)
        body = {
            "items": _dump((present(row) for row in found), fields),
            "next": _next_address(request, cursor),
            "next_cursor": cursor,
            "limit": query.limit,
            "sort": sort.name,
        }
        text = _text(body)
        conditional.remember_body(request, etag, text)
    return conditional.mark(_json(text), etag, modified)


def one(
    request: HttpRequest,
    *,
    fields_raw: str | None,
    schema: type[Item],
    present: Callable[[M], Item],
    get: Callable[[], M | None],
    city_slug: str | None,
    articles: bool = False,
    extra: tuple[str, Callable[[], str]] | None = None,
) -> HttpResponse:
    """Answer one row, or a 404 problem when it is not public (or does not exist)."""
    fields = filters.chosen_fields(fields_raw, set(schema.model_fields))
    etag, modified = conditional.validators(
        request, city_slug=city_slug, articles=articles, extra=extra
    )
    early = conditional.not_modified(request, etag, modified)
    if early is not None:
        return early
    row = get()
    if row is None:
        raise ApiNotFoundError()
    return conditional.mark(
        _json(_text(present(row).model_dump(mode="json", include=fields))), etag, modified
    )
