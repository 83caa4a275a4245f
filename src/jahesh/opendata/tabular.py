"""CSV and GeoJSON of a city's public projects, written row by row (streamable)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

from jahesh.core.csv_files import CsvWriter
from jahesh.opendata import selectors
from jahesh.registry.models import Municipality, Project

CSV_COLUMNS = [
    ("code", "کد"),
    ("title", "عنوان"),
    ("status", "وضعیت (OC4IDS)"),
    ("status_label", "وضعیت"),
    ("physical_progress_pct", "پیشرفت فیزیکی (درصد)"),
    ("credit_rial", "اعتبار (ریال)"),
    ("district", "منطقه"),
    ("unit", "واحد اجرایی"),
    ("sectors", "حوزه‌ها"),
    ("start_date", "تاریخ شروع"),
    ("planned_end_date", "تاریخ پایان برنامه‌ریزی‌شده"),
    ("latitude", "عرض جغرافیایی"),
    ("longitude", "طول جغرافیایی"),
    ("is_headline", "شاخص"),
]


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
    """Yield the CSV text: a UTF-8 BOM (so Excel reads Persian), a header row in Persian
    and English, then one line per project."""
    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    writer.writerow([name for name, _ in CSV_COLUMNS])
    yield "\ufeff" + buffer.getvalue()
    for project in selectors.project_rows(city):
        buffer.seek(0)
        buffer.truncate()
        fields = project_fields(project)
        writer.writerow(fields[name] for name, _ in CSV_COLUMNS)
        yield buffer.getvalue()


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
