"""Every list as CSV, and the lists of places as GeoJSON, from the same filter as its pages.

The rows are read in the list's own order, a keyset page of ``CHUNK`` rows at a time (the
same pages a client would walk with ``cursor``), and written out as they come: memory stays
flat whatever the list's length. The answer carries the list's validators and answers 304.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

from jahesh.core.csv_files import CsvWriter
from jahesh.opendata.api import conditional, filters
from jahesh.opendata.api.pagination import SortKey, keyset_page
from jahesh.opendata.api.schemas import Item

M = TypeVar("M", bound=Model)
CHUNK = 1000
CSV_TYPE = "text/csv; charset=utf-8"
GEOJSON_TYPE = "application/geo+json; charset=utf-8"
# Excel opens a CSV as UTF-8 (and so shows Persian) only when it starts with a byte-order mark.
BOM = "\ufeff"

Place = Callable[[Any], dict[str, Any] | None]
# A list's own reader of plain values (plain_rows.py): given the rows, the order, the columns
# and the chunk size, each row's item (as its schema would dump it) and its place.
Plain = Callable[
    [Callable[[], QuerySet[Any]], SortKey, list[str], int],
    Iterator[tuple[dict[str, Any], dict[str, Any] | None]],
]


def _rows(rows: Callable[[], QuerySet[M]], sort: SortKey) -> Iterator[M]:
    cursor: str | None = None
    while True:
        found, cursor = keyset_page(rows(), sort=sort, cursor=cursor, limit=CHUNK)
        yield from found
        if cursor is None:
            return


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(part) for part in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value


def _csv(items: Iterator[dict[str, Any]], columns: list[str]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    writer.writerow(columns)
    yield BOM + _drain(buffer)
    for count, item in enumerate(items, 1):
        writer.writerow(_cell(item.get(name)) for name in columns)
        if count % 200 == 0:
            yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _geojson(items: Iterator[tuple[dict[str, Any], dict[str, Any] | None]]) -> Iterator[str]:
    yield '{"type":"FeatureCollection","features":['
    parts: list[str] = []
    first = True
    for properties, geometry in items:
        feature = {"type": "Feature", "id": properties.get("id"), "geometry": geometry,
                   "properties": properties}  # fmt: skip
        text = json.dumps(feature, ensure_ascii=False, separators=(",", ":"))
        parts.append(text if first else "," + text)
        first = False
        if len(parts) >= 200:
            yield "".join(parts)
            parts = []
    parts.append("]}")
    yield "".join(parts)


def download(
    request: HttpRequest,
    query: filters.ListQuery,
    *,
    kind: str,
    name: str,
    schema: type[Item],
    present: Callable[[M], Item],
    rows: Callable[[], QuerySet[M]],
    sorts: dict[str, SortKey],
    city_slug: str | None,
    place: Place | None = None,
    articles: bool = False,
    plain: Plain | None = None,
) -> HttpResponse | StreamingHttpResponse:
    """Stream the whole filtered list as ``kind`` ("csv" or "geojson").

    With ``plain`` the rows are read as plain values by that reader instead of as model
    instances through ``present``: the same items, a fraction of the time.
    """
    known = list(schema.model_fields)
    fields = filters.chosen_fields(query.fields, set(known))
    columns = [field for field in known if fields is None or field in fields]
    etag, modified = conditional.validators(request, city_slug=city_slug, articles=articles)
    early = conditional.not_modified(request, etag, modified)
    if early is not None:
        return early
    sort = sorts[query.sort]
    # Refuse a bad filter now, with its 400, not halfway through a streamed body.
    rows()

    def dumped() -> Iterator[tuple[dict[str, Any], Any]]:
        if plain is not None:
            yield from plain(rows, sort, columns, CHUNK)
            return
        for row in _rows(rows, sort):
            item = present(row).model_dump(mode="json", include=set(columns))
            yield item, (place(row) if place is not None and kind == "geojson" else None)

    if kind == "csv":
        body: Iterator[str] = _csv((item for item, _place in dumped()), columns)
        content_type = CSV_TYPE
    else:
        assert place is not None
        body = _geojson(
            ({k: v for k, v in item.items() if k != "geometry"}, where) for item, where in dumped()
        )
        content_type = GEOJSON_TYPE
    response = StreamingHttpResponse((chunk.encode() for chunk in body), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    response["Content-Language"] = "fa"
    conditional.mark(response, etag, modified)
    return response


def project_place(row: Any) -> dict[str, Any] | None:
    """A project's shape when it has one, else its point, else none (GeoJSON allows null)."""
    if row.geometry:
        return dict(row.geometry)
    if row.latitude is None or row.longitude is None:
        return None
    return {"type": "Point", "coordinates": [float(row.longitude), float(row.latitude)]}


def ceremony_place(row: Any) -> dict[str, Any] | None:
    """Where a ceremony is held: its project's point."""
    project = row.ceremony.project
    if project.latitude is None or project.longitude is None:
        return None
    return {"type": "Point", "coordinates": [float(project.longitude), float(project.latitude)]}
