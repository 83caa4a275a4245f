"""CSV and GeoJSON of a city's public projects, written row by row (streamable)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from jahesh.core.csv_files import CsvWriter
from jahesh.leaps.models import Wave
from jahesh.opendata import catalogue, selectors
from jahesh.registry.models import Municipality, Project

# (name, Persian description): the columns as the catalogue describes them.
CSV_COLUMNS = [(field.name, field.description) for field in catalogue.PROJECT_FIELDS]


def project_fields(project: Project) -> dict[str, Any]:
    """The flat, machine-friendly fields of a project: Latin digits, Gregorian ISO dates,
    rials as integers, so spreadsheets and scripts read them without conversion."""
    return {
        "code": project.code,
        "title": project.title,
        "status": project.status,
        "status_label": project.get_status_display(),
        "physical_progress_pct": project.physical_progress_pct,
        "credit_rial": project.credit_rial,
        "district": project.district.name if project.district else "",
        "unit": project.unit.name if project.unit else "",
        "sectors": "؛ ".join(s.name for s in project.sectors.all()),
        "start_date": project.start_date.isoformat() if project.start_date else "",
        "planned_end_date": (
            project.planned_end_date.isoformat() if project.planned_end_date else ""
        ),
        "latitude": str(project.latitude) if project.latitude is not None else "",
        "longitude": str(project.longitude) if project.longitude is not None else "",
        "is_headline": "1" if project.is_headline else "0",
    }


def csv_lines(city: Municipality) -> Iterator[str]:
    """Yield the CSV text: a UTF-8 BOM (so Excel reads Persian), a header row of the
    catalogue's column names, then one line per project."""
    rows = (project_fields(project) for project in selectors.project_rows(city))
    return csv_text(catalogue.PROJECT_FIELDS, rows)


def csv_text(
    columns: Iterable[catalogue.Field], records: Iterable[dict[str, Any]]
) -> Iterator[str]:
    """Yield a CSV with a BOM, a header of the columns' names and one line per record (its
    values under those names), through the project's one CSV writer."""
    names = [column.name for column in columns]
    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    writer.writerow(names)
    yield "\ufeff" + buffer.getvalue()
    for record in records:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(record[name] for name in names)
        yield buffer.getvalue()


def wave_fields(wave: Wave) -> dict[str, Any]:
    return {
        "programme": wave.programme.name,
        "programme_slug": wave.programme.slug,
        "number": wave.number,
        "theme": wave.theme,
        "occasion": wave.occasion.name if wave.occasion else None,
        "start_date": wave.start_date.isoformat(),
        "end_date": wave.end_date.isoformat(),
        "status": wave.status,
    }


def geojson_feature(project: Project, url: str) -> dict[str, Any] | None:
    geometry: dict[str, Any] | None = project.geometry or None
    if geometry is None and project.latitude is not None and project.longitude is not None:
        geometry = {
            "type": "Point",
            "coordinates": [float(project.longitude), float(project.latitude)],
        }
    if geometry is None:
        return None
    properties = project_fields(project)
    properties.pop("latitude")
    properties.pop("longitude")
    properties["url"] = url
    return {"type": "Feature", "id": project.code, "geometry": geometry, "properties": properties}


def geojson_chunks(city: Municipality, site_url: str) -> Iterator[str]:
    """Yield a GeoJSON FeatureCollection (RFC 7946, WGS84) piece by piece."""
    yield '{"type":"FeatureCollection","features":['
    first = True
    for project in selectors.project_rows(city):
        feature = geojson_feature(project, f"{site_url}/{city.slug}/projects/{project.code}/")
        if feature is None:
            continue
        yield ("" if first else ",") + json.dumps(feature, ensure_ascii=False)
        first = False
    yield "]}"
