"""OC4IDS 0.9.5 project packages of a city's public projects.

Codes map one to one: project statuses are already the projectStatus codes, and each sector
carries its projectSector code. Credit is a budget in Iranian rials (IRR); ceremonies become
milestones of type ``delivery`` (their due date is the day the plan gives them, when public).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils import timezone

from jahesh.opendata import selectors
from jahesh.registry.models import CeremonyKind, CeremonyStatus, Municipality, Project

VERSION = "0.9"
SCHEMA_PACKAGE_URI = "https://standard.open-contracting.org/infrastructure/schema/0__9__5/project-package-schema.json"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"

# Postponed and cancelled ceremonies never reach here (ADR 0003), so every other one is due.
_MILESTONE_STATUS = {CeremonyStatus.HELD: "met"}
# A ceremony's kind as the nearest code of the open milestoneCode codelist, so readers that know
# the standard read it without our words (lib-cove-oc4ids reports codes outside the list): a
# groundbreaking starts construction, an inauguration opens completed works to the public.
MILESTONE_CODES = {
    CeremonyKind.GROUNDBREAKING: "commencement",
    CeremonyKind.COMMISSIONING: "commissioning",
    CeremonyKind.INAUGURATION: "completion",
}


def project_id(city: Municipality, project: Project) -> str:
    prefix = getattr(settings, "OC4IDS_PREFIX", "oc4ids-jahesh")
    return f"{prefix}-{city.slug}-{project.code}"


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    return f"{value.isoformat()}T00:00:00Z"


def _sector_codes(project: Project) -> list[str]:
    codes: list[str] = []
    for sector in project.sectors.all():
        code = sector.oc4ids_code
        # The standard asks for the parent code beside a subsector code.
        for candidate in (code.split(".")[0], code):
            if candidate and candidate not in codes:
                codes.append(candidate)
    return codes


def project_record(
    city: Municipality, project: Project, placed: dict[int, tuple[str, int]]
) -> dict[str, Any]:
    authority_id = f"{city.slug}"
    record: dict[str, Any] = {
        "id": project_id(city, project),
        "updated": _iso(project.updated_at),
        "language": "fa",
        "title": project.title,
        "status": project.status,
        "publicAuthority": {"id": authority_id, "name": city.name},
        "parties": [
            {
                "id": authority_id,
                "name": city.name,
                "roles": ["publicAuthority"],
                "address": {"locality": city.city_name, "countryName": "Iran"},
            }
        ],
        "budget": {"amount": {"amount": project.credit_rial, "currency": "IRR"}},
    }
    if project.description:
        record["description"] = project.description
    sectors = _sector_codes(project)
    if sectors:
        record["sector"] = sectors
    if project.unit is not None:
        record["parties"].append(
            {
                "id": f"{city.slug}-unit-{project.unit.code}",
                "name": project.unit.name,
                "roles": ["administrativeEntity"],
            }
        )
    period = {
        key: value
        for key, value in (
            ("startDate", _iso(project.start_date)),
            ("endDate", _iso(project.planned_end_date)),
        )
        if value
    }
    if period:
        record["period"] = period
    locations = _locations(city, project)
    if locations:
        record["locations"] = locations
    record["metrics"] = [
        {
            "id": "physicalProgress",
            "title": "پیشرفت فیزیکی",
            "observations": [
                {
                    "id": "physicalProgress-latest",
                    "measure": project.physical_progress_pct,
                    "unit": {"name": "درصد", "scheme": "UNCEFACT", "id": "P1"},
                }
            ],
        }
    ]
    milestones = list(_milestones(project, placed))
    if milestones:
        record["milestones"] = milestones
    return record


def _locations(city: Municipality, project: Project) -> list[dict[str, Any]]:
    address: dict[str, str] = {"locality": city.city_name, "countryName": "Iran"}
    if project.district is not None:
        address["region"] = project.district.name
    locations: list[dict[str, Any]] = []
    if project.latitude is not None and project.longitude is not None:
        locations.append(
            {
                "id": "point",
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(project.longitude), float(project.latitude)],
                },
                "address": address,
            }
        )
    if project.geometry and project.geometry.get("type") in {
        "LineString",
        "Polygon",
        "MultiPoint",
        "MultiLineString",
        "MultiPolygon",
    }:
        locations.append({"id": "shape", "geometry": project.geometry, "address": address})
    return locations


def _milestones(project: Project, placed: dict[int, tuple[str, int]]) -> Iterable[dict[str, Any]]:
    kinds = dict(CeremonyKind.choices)
    for ceremony in project.ceremonies.all():
        in_wave = placed.get(ceremony.pk)
        if in_wave is None and ceremony.status != CeremonyStatus.HELD:
            continue  # not announced: plans stay internal until a wave makes them public
        milestone: dict[str, Any] = {
            "id": f"ceremony-{ceremony.pk}",
            "title": f"{kinds.get(ceremony.kind, ceremony.kind)} {project.title}",
            "type": "delivery",
            "code": MILESTONE_CODES[CeremonyKind(ceremony.kind)],
            "status": _MILESTONE_STATUS.get(CeremonyStatus(ceremony.status), "scheduled"),
        }
        if in_wave is not None:
            milestone["dueDate"] = f"{in_wave[0]}T00:00:00Z"
        if ceremony.held_at is not None:
            milestone["dateMet"] = _iso(ceremony.held_at)
        yield milestone


def project_package(*, city: Municipality, uri: str) -> dict[str, Any]:
    """Build the whole package of the city's public projects as one JSON-ready dict."""
    placed = selectors.ceremony_days(city)
    projects = [project_record(city, p, placed) for p in selectors.project_rows(city)]
    published = selectors.last_change(city) or timezone.now()
    return _package(city, uri, published, projects)


def single_project_package(*, city: Municipality, project: Project, uri: str) -> dict[str, Any]:
    """Build a package holding one public project (read with ``selectors.project_one``)."""
    placed = selectors.ceremony_days(city, project=project)
    return _package(city, uri, project.updated_at, [project_record(city, project, placed)])


def _package(
    city: Municipality, uri: str, published: object, projects: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "uri": uri,
        "version": VERSION,
        "publishedDate": _iso(published),  # type: ignore[arg-type]
        "publisher": {"name": city.name},
        "license": LICENSE_URL,
        "projects": projects,
    }
