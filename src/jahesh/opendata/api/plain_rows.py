"""The projects download read as plain values: the same items as ``ProjectOut.of`` dumped to
JSON, without a model instance or a schema object per row.

A whole city's download is 100,000 rows; built through the ORM, each row was five model
instances (the project, its city, district, unit and a list of sectors) and a pydantic model,
which was most of the time. Here each keyset chunk of ``CHUNK`` rows is one query of plain
tuples and one query of the chunk's sectors; each row becomes the dict ``ProjectOut`` would
have dumped, key for key in the schema's order (tests/opendata/test_api_downloads.py checks the
two give the same bytes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.db.models import Q, QuerySet
from pydantic_core import to_jsonable_python

from jahesh.opendata.api.pagination import SortKey
from jahesh.opendata.api.schemas import RIALS_PER_TOMAN, ProjectOut, jalali_day
from jahesh.registry.models import Project, ProjectStatus

# The values read for each row, in this order (``_item`` reads them by position).
VALUES = (
    "pk",
    "municipality__slug",
    "code",
    "title",
    "description",
    "status",
    "physical_progress_pct",
    "credit_rial",
    "district_id",
    "district__name",
    "unit__name",
    "start_date",
    "planned_end_date",
    "latitude",
    "longitude",
    "geometry",
    "length_m",
    "area_m2",
    "is_headline",
    "updated_at",
)
SortValue = Callable[[tuple[Any, ...]], Any]


def _sectors(ids: list[int]) -> dict[int, list[str]]:
    """Each project's sector codes in code order, for a chunk of projects in one query."""
    found: dict[int, list[str]] = {pk: [] for pk in ids}
    links = Project.sectors.through.objects.filter(project_id__in=ids)
    for project_id, code in links.order_by("sector__code").values_list(
        "project_id", "sector__code"
    ):
        found[project_id].append(code)
    return found


def _chunks(
    rows: QuerySet[Project], sort: SortKey, size: int, names: tuple[str, ...]
) -> Iterator[list[tuple[Any, ...]]]:
    """The rows in the sort's order then by id, ``size`` at a time, resumed after the last
    row's key (as the pages' cursors do)."""
    direction = "-" if sort.descending else ""
    beyond = "lt" if sort.descending else "gt"
    ordered = rows.order_by(f"{direction}{sort.field}", f"{direction}pk").values_list(*names)
    key_at = names.index(sort.field)
    after: tuple[Any, int] | None = None
    while True:
        page = ordered
        if after is not None:
            value, pk = after
            # The first condition is implied by the other two; it is there for the planner,
            # which reads an index range from it (with the «or» alone PostgreSQL read the
            # city's rows from the start for every chunk).
            page = page.filter(
                Q(**{f"{sort.field}__{beyond}e": value}),
                Q(**{f"{sort.field}__{beyond}": value})
                | Q(**{sort.field: value, f"pk__{beyond}": pk}),
            )
        found = list(page[:size])
        if found:
            yield found
        if len(found) < size:
            return
        after = (found[-1][key_at], found[-1][0])


def project_items(
    rows: Callable[[], QuerySet[Project]], sort: SortKey, columns: list[str], size: int
) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None]]:
    """Each project's item (only ``columns``, in the schema's order) and its place."""
    queryset = rows().prefetch_related(None)
    distance = "distance_m" in queryset.query.annotations
    names = VALUES + (("distance_m",) if distance else ())
    labels = {value: str(label) for value, label in ProjectStatus.choices}
    days: dict[Any, str | None] = {None: None}

    def jalali(day: Any) -> str | None:
        shown = days.get(day)
        if shown is None and day is not None:
            shown = days[day] = jalali_day(day)
        return shown

    wanted = set(columns)
    order = [name for name in ProjectOut.model_fields if name in wanted]
    for chunk in _chunks(queryset, sort, size, names):
        sectors = _sectors([row[0] for row in chunk]) if "sectors" in wanted else {}
        for row in chunk:
            (pk, city, code, title, description, status, progress, credit, district,
             district_name, unit_name, start, end, lat, lon, geometry, length, area, headline,
             updated) = row[:20]  # fmt: skip
            latitude = None if lat is None else float(lat)
            longitude = None if lon is None else float(lon)
            far = row[20] if distance else None
            values: dict[str, Any] = {
                "id": pk,
                "municipality": city,
                "code": code,
                "title": title,
                "description": description,
                "status": status,
                "status_label": labels.get(status, status),
                "physical_progress_pct": progress,
                "credit_rial": credit,
                "credit_toman": credit // RIALS_PER_TOMAN,
                "district": district,
                "district_name": district_name,
                "unit_name": unit_name,
                "sectors": sectors.get(pk, []),
                "start_date": None if start is None else start.isoformat(),
                "start_date_jalali": jalali(start),
                "planned_end_date": None if end is None else end.isoformat(),
                "planned_end_date_jalali": jalali(end),
                "latitude": latitude,
                "longitude": longitude,
                "geometry": geometry or None,
                "length_m": length,
                "area_m2": area,
                "is_headline": headline,
                "updated_at": to_jsonable_python(updated),
                "distance_m": None if far is None else round(far, 1),
                "lang": "fa",
            }
            if geometry:
                place: dict[str, Any] | None = dict(geometry)
            elif latitude is None or longitude is None:
                place = None
            else:
                place = {"type": "Point", "coordinates": [longitude, latitude]}
            yield {name: values[name] for name in order}, place
