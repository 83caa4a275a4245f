"""The city map's reads: every public project of a city with its place, status and sectors."""

from __future__ import annotations

from dataclasses import dataclass

from jahesh.portal import links
from jahesh.registry.models import Municipality, Project, ProjectStatus


@dataclass(frozen=True, slots=True)
class MapProject:
    title: str
    url: str
    status: str
    status_label: str
    sector_codes: tuple[str, ...]
    sector_names: tuple[str, ...]
    district: str
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True, slots=True)
class CityMap:
    projects: tuple[MapProject, ...]
    statuses: tuple[tuple[str, str], ...]  # (code, label) of the statuses the city's projects have
    sectors: tuple[tuple[str, str], ...]  # (code, name) of the city's sectors with projects
    placed: int  # how many of ``projects`` have a point on the map

    def as_points(self) -> list[dict[str, object]]:
        """The placed projects as the map script reads them."""
        return [
            {
                "title": p.title,
                "url": p.url,
                "status": p.status,
                "label": f"{p.status_label} · {'، '.join(p.sector_names)}",
                "lat": p.latitude,
                "lng": p.longitude,
            }
            for p in self.projects
            if p.latitude is not None and p.longitude is not None
        ]


def city_map(
    *, city: Municipality, status: str | None = None, sector: str | None = None
) -> CityMap:
    """Every public project of ``city`` (``Project.objects.public_in``), filtered by status and
    sector code when given, with the choices the filters offer; four queries."""
    everything = Project.objects.public_in(city)
    rows = everything.select_related("district").prefetch_related("sectors").order_by("title")
    if status:
        rows = rows.filter(status=status)
    if sector:
        rows = rows.filter(sectors__code=sector).distinct()
    projects: list[MapProject] = []
    statuses: dict[str, str] = {}
    sectors: dict[str, str] = {}
    for p in rows:
        own = sorted(p.sectors.all(), key=lambda s: s.name)
        projects.append(
            MapProject(
                title=p.title,
                url=links.project_path(city.slug, p.code, p.slug),
                status=p.status,
                status_label=str(p.get_status_display()),
                sector_codes=tuple(s.code for s in own),
                sector_names=tuple(s.name for s in own),
                district=p.district.name if p.district is not None else "فرامنطقه‌ای",
                latitude=float(p.latitude) if p.latitude is not None else None,
                longitude=float(p.longitude) if p.longitude is not None else None,
            )
        )
    # The filters offer what the whole city has, not only what the current filter left.
    for code in everything.order_by().values_list("status", flat=True).distinct():
        statuses[code] = str(ProjectStatus(code).label)
    for code, name in (
        everything.order_by().values_list("sectors__code", "sectors__name").distinct()
    ):
        if code:
            sectors[code] = name
    return CityMap(
        projects=tuple(projects),
        statuses=tuple(sorted(statuses.items(), key=lambda item: item[1])),
        sectors=tuple(sorted(sectors.items(), key=lambda item: item[1])),
        placed=sum(1 for p in projects if p.latitude is not None and p.longitude is not None),
    )
