"""What each page of the portal shows, read in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from jahesh import persian
from jahesh.leaps.models import (
    PlanAssignment,
    PlanAssignmentQuerySet,
    Programme,
    Wave,
    WaveQuerySet,
)
from jahesh.portal import links, news
from jahesh.portal.selectors.figures import (
    Counters,
    counters_for,
    credit_by_sector,
    jalali_year_bounds,
)
from jahesh.portal.selectors.public import (
    HISTORY_LIMIT,
    PAGE_SIZE,
    PUBLIC_FACTS,
    PortalNotFoundError,
    public_assignments,
    public_programmes,
    public_projects,
    public_waves,
)
from jahesh.registry.models import (
    Ceremony,
    CeremonyStatus,
    District,
    Municipality,
    Project,
    ProjectQuerySet,
    Sector,
)

# Home


@dataclass(slots=True)
class HomeData:
    city: Municipality
    programmes: list[Programme]
    wave: Wave | None
    wave_state: str  # "current", "upcoming" or "past"
    wave_counters: Counters | None
    programme: Programme | None
    programme_counters: Counters | None
    jalali_year: int
    year_counters: Counters
    sector_credit: list[tuple[str, int]]
    latest_news: list[Any]


def wave_in_focus(city: Municipality, today: dt.date) -> tuple[Wave | None, str]:
    """The wave on now, else the next one announced, else the last one held."""
    waves = public_waves(city).select_related("programme", "occasion")
    current = waves.filter(start_date__lte=today, end_date__gte=today).order_by("start_date")
    if found := current.first():
        return found, "current"
    if found := waves.filter(start_date__gt=today).order_by("start_date").first():
        return found, "upcoming"
    return waves.filter(end_date__lt=today).order_by("-end_date").first(), "past"


def home_data(
    *, city: Municipality, today: dt.date | None = None, figures_version: str | None = None
) -> HomeData:
    """What the city's home page shows. With ``figures_version`` (``caching.figures_version``),
    the figures added up over the programme's and the year's rows are kept in the cache under
    it and the day, so a page made stale by news alone (a wave's articles going out) renders
    again without adding up thousands of rows."""
    today = today or timezone.localdate()
    programmes = list(public_programmes(city))
    wave, state = wave_in_focus(city, today)
    programme = wave.programme if wave else (programmes[0] if programmes else None)

    def figures() -> _HomeFigures:
        return _home_figures(city, today, wave, state, programme)

    if figures_version is None:
        found = figures()
    else:
        key = f"portal:home-figures:{city.pk}:{figures_version}:{today.isoformat()}"
        found = cache.get(key)
        if found is None:
            found = figures()
            cache.set(key, found, settings.PORTAL_CACHE_SECONDS)
    return HomeData(
        city=city,
        programmes=programmes,
        wave=wave,
        wave_state=state,
        programme=programme,
        latest_news=news.latest(city=city, limit=6),
        **found._asdict(),
    )


class _HomeFigures(NamedTuple):
    wave_counters: Counters | None
    programme_counters: Counters | None
    jalali_year: int
    year_counters: Counters
    sector_credit: list[tuple[str, int]]


def _home_figures(
    city: Municipality, today: dt.date, wave: Wave | None, state: str, programme: Programme | None
) -> _HomeFigures:
    assignments = public_assignments(city)
    programme_assignments = (
        assignments.filter(plan__programme=programme) if programme is not None else None
    )
    # A city between programmes would show a year of zeros; the year of its last wave says more,
    # and the page names the year it counts.
    year, first, last = jalali_year_bounds(wave.start_date if wave and state == "past" else today)
    return _HomeFigures(
        wave_counters=counters_for(assignments.filter(wave=wave)) if wave else None,
        programme_counters=(
            counters_for(programme_assignments) if programme_assignments is not None else None
        ),
        jalali_year=year,
        year_counters=counters_for(assignments.filter(day__gte=first, day__lte=last)),
        sector_credit=credit_by_sector(
            city,
            programme_assignments.values("ceremony__project_id")
            if programme_assignments is not None
            else None,
        ),
    )


# Programmes and waves


@dataclass(frozen=True, slots=True)
class WaveSummary:
    wave: Wave
    ceremonies: int
    credit_rial: int


def programme_get(*, city: Municipality, slug: str) -> Programme:
    programme = public_programmes(city).filter(slug=slug).first()
    if programme is None:
        raise PortalNotFoundError("برنامه‌ای با این نشانی نیست.")
    return programme


def programme_timeline(*, programme: Programme) -> list[WaveSummary]:
    """The programme's public waves in order, each with its ceremony count and credit, in one
    query (both figures are correlated subqueries over the current plan)."""
    # The programme came through ``public_programmes``, so its city is known to be public.
    placed = PlanAssignment.objects.filter(
        PlanAssignmentQuerySet.public_q(city_checked=True), wave=OuterRef("pk")
    )
    count = placed.order_by().values("wave").annotate(n=Count("id")).values("n")
    credit = (
        Project.objects.filter(pk__in=placed.values("ceremony__project_id"))
        .order_by()
        .annotate(group=Value(1))
        .values("group")
        .annotate(total=Sum("credit_rial"))
        .values("total")
    )
    waves = (
        Wave.objects.filter(WaveQuerySet.public_q(city_checked=True), programme=programme)
        .select_related("occasion", "programme")
        .annotate(
            n_ceremonies=Coalesce(Subquery(count, output_field=IntegerField()), 0),
            credit=Coalesce(Subquery(credit, output_field=IntegerField()), 0),
        )
        .order_by("number")
    )
    return [
        WaveSummary(w, w.n_ceremonies, int(w.credit))  # type: ignore[attr-defined]
        for w in waves
    ]


@dataclass(frozen=True, slots=True)
class PlacedCeremony:
    ceremony: Ceremony
    project: Project
    day: dt.date
    starts_at: dt.datetime
    wave: Wave


@dataclass(slots=True)
class WaveData:
    wave: Wave
    placed: list[PlacedCeremony]
    counters: Counters
    news: list[Any]
    sector_credit: list[tuple[str, int]]
    days: list[tuple[dt.date, list[PlacedCeremony]]] = field(default_factory=list)


def wave_get(*, programme: Programme, number: int) -> Wave:
    wave = (
        Wave.objects.filter(
            WaveQuerySet.public_q(city_checked=True), programme=programme, number=number
        )
        .select_related("programme", "occasion")
        .first()
    )
    if wave is None:
        raise PortalNotFoundError(f"{programme.wave_noun} شماره {number} در این برنامه نیست.")
    return wave


def _placed(assignments: QuerySet[PlanAssignment]) -> list[PlacedCeremony]:
    rows = (
        assignments.select_related(
            "wave__programme", "ceremony__project__district", "ceremony__project__municipality"
        )
        .prefetch_related("ceremony__project__sectors")
        .order_by("day", "slot", "ceremony_id")
    )
    return [
        PlacedCeremony(
            ceremony=row.ceremony,
            project=row.ceremony.project,
            day=row.day,
            starts_at=row.wave.slot_start(row.day, row.slot),
            wave=row.wave,
        )
        for row in rows
    ]


def wave_data(*, wave: Wave) -> WaveData:
    city = wave.programme.municipality
    assignments = public_assignments(city).filter(wave=wave)
    placed = _placed(assignments)
    by_day: dict[dt.date, list[PlacedCeremony]] = defaultdict(list)
    for item in placed:
        by_day[item.day].append(item)
    return WaveData(
        wave=wave,
        placed=placed,
        counters=counters_for(assignments),
        news=news.for_wave(wave=wave, limit=10),
        sector_credit=credit_by_sector(city, assignments.values("ceremony__project_id")),
        days=sorted(by_day.items()),
    )


# Projects


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    at: dt.datetime
    changes: list[tuple[str, str]]
    is_creation: bool


@dataclass(slots=True)
class ProjectData:
    project: Project
    placed: list[PlacedCeremony]
    held: list[Ceremony]
    news: list[Any]
    history: list[HistoryEntry]


def project_get(*, city: Municipality, code: str) -> Project:
    project = (
        public_projects(city)
        .filter(code=code)
        .select_related("municipality", "district", "unit")
        .prefetch_related("sectors")
        .first()
    )
    if project is None:
        raise PortalNotFoundError("پروژه‌ای با این نشانی در درگاه نیست.")
    return project


def _fact_text(name: str, value: Any, unit: str) -> str:
    if value is None or value == "":
        return "—"
    if name == "status":
        from jahesh.registry.models import ProjectStatus

        return str(dict(ProjectStatus.choices).get(value, value))
    if name == "credit_rial":
        return persian.credit_phrase(int(value), unit)
    if name == "physical_progress_pct":
        return persian.to_persian_digits(f"{value}٪")
    if isinstance(value, dt.date):
        return persian.format_jalali(value)
    return persian.to_persian_digits(str(value))


def _history_entries(records: list[dict[str, Any]], unit: str) -> list[HistoryEntry]:
    """Turn one project's history rows (oldest first) into dated changes, newest first."""
    entries: list[HistoryEntry] = []
    previous: dict[str, Any] | None = None
    for record in records[-HISTORY_LIMIT:]:
        if previous is None:
            entries.append(HistoryEntry(record["history_date"], [], True))
        elif record["is_public"]:
            changes = [
                (label, _fact_text(name, record[name], unit))
                for name, label in PUBLIC_FACTS.items()
                if record[name] != previous[name]
            ]
            if changes:
                entries.append(HistoryEntry(record["history_date"], changes, False))
        previous = record
    entries.reverse()
    return entries


def project_history(*, project: Project) -> list[HistoryEntry]:
    """Date each change of the project's public facts, newest first (one query, bounded)."""
    return project_data_many(projects=[project], parts={"history"})[project.pk].history


def project_data(*, project: Project) -> ProjectData:
    return project_data_many(projects=[project])[project.pk]


def project_data_many(
    *, projects: list[Project], parts: frozenset[str] | set[str] | None = None
) -> dict[int, ProjectData]:
    """Read what the pages of these projects (all of one city) show, in a fixed number of
    queries however many projects are asked for: the static export renders its pages from it."""
    wanted = parts or {"placed", "held", "news", "history"}
    if not projects:
        return {}
    city = projects[0].municipality
    ids = [p.pk for p in projects]
    result = {p.pk: ProjectData(p, [], [], [], []) for p in projects}
    if "placed" in wanted:
        for item in _placed(public_assignments(city).filter(ceremony__project_id__in=ids)):
            result[item.project.pk].placed.append(item)
    if "held" in wanted:
        placed_ids = {item.ceremony.pk for data in result.values() for item in data.placed}
        held = Ceremony.objects.filter(project_id__in=ids, status=CeremonyStatus.HELD).order_by(
            "held_at", "ready_from"
        )
        for ceremony in held:
            if ceremony.pk not in placed_ids:
                result[ceremony.project_id].held.append(ceremony)
    if "news" in wanted:
        for project_id, items in news.for_projects(project_ids=ids, limit=10).items():
            result[project_id].news = items
    if "history" in wanted:
        rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
        history = Project.history.filter(id__in=ids).order_by("history_date", "history_id")
        for record in history.values("id", "history_date", "is_public", *PUBLIC_FACTS):
            rows[record["id"]].append(record)
        unit = city.credit_display_unit
        for project_id, records in rows.items():
            result[project_id].history = _history_entries(records, unit)
    return result


def project_list_page(projects: QuerySet[Project], page_number: str | None) -> Page[Project]:
    rows = projects.select_related("district", "municipality").order_by("-is_headline", "code")
    return Paginator(rows, PAGE_SIZE).get_page(page_number)


# Districts and sectors


def district_get(*, city: Municipality, number: int) -> District:
    district = District.objects.filter(municipality=city, number=number).first()
    if district is None:
        raise PortalNotFoundError("منطقه‌ای با این شماره نیست.")
    return district


def district_list(*, city: Municipality) -> list[tuple[District, int, int]]:
    public = ProjectQuerySet.public_q("projects", city_checked=True)
    rows = (
        District.objects.filter(municipality=city)
        .annotate(
            n=Count("projects", filter=public),
            credit=Coalesce(Sum("projects__credit_rial", filter=public), 0),
        )
        .order_by("number")
    )
    return [(d, d.n, int(d.credit)) for d in rows]


def sector_get(*, city: Municipality, code: str) -> Sector:
    sector = Sector.objects.filter(municipality=city, code=code).first()
    if sector is None:
        raise PortalNotFoundError("حوزه‌ای با این نشانی نیست.")
    return sector


def sector_list(*, city: Municipality) -> list[tuple[Sector, int, int]]:
    public = ProjectQuerySet.public_q("projects", city_checked=True)
    rows = (
        Sector.objects.filter(municipality=city)
        .annotate(
            n=Count("projects", filter=public),
            credit=Coalesce(Sum("projects__credit_rial", filter=public), 0),
        )
        .order_by("name")
    )
    return [(s, s.n, int(s.credit)) for s in rows]


# Maps


def map_features(
    projects: list[Project], *, labels: dict[int, str] | None = None
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the projects' points and shapes, for the page's inline
    JSON; nothing here needs tiles, so markers show even when the tile server is away."""
    features: list[dict[str, Any]] = []
    for project in projects:
        properties = {
            "title": project.title,
            "url": links.project_url(project),
            "label": (labels or {}).get(project.pk, ""),
        }
        if project.geometry:
            features.append(
                {"type": "Feature", "geometry": project.geometry, "properties": properties}
            )
        if project.latitude is not None and project.longitude is not None:
            features.append(
                {
                    "type": "Feature",
                    "geometry": {
                        "type": "Point",
                        "coordinates": [float(project.longitude), float(project.latitude)],
                    },
                    "properties": properties,
                }
            )
    return {"type": "FeatureCollection", "features": features}
