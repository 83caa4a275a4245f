"""The rows behind each list of the API, filtered as asked.

Every list starts from the owning model's rule of what is public (docs/adr/0003): the API never
spells a visibility condition itself. Filters only narrow a public set, so no filter can reach
a hidden row. Building a QuerySet runs no query: the conditional GET answers 304 before any.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, TypeVar

from django.db.models import (
    ExpressionWrapper,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import ASin, Cast, Cos, Least, Power, Radians, Sin, Sqrt

from jahesh.leaps.models import PlanAssignment, Programme, Wave
from jahesh.newsroom.models import Article
from jahesh.opendata.api import filters
from jahesh.opendata.api.problems import ApiInputError
from jahesh.registry.models import (
    District,
    Municipality,
    MunicipalityQuerySet,
    Project,
    Sector,
)


def municipalities() -> QuerySet[Municipality]:
    return Municipality.objects.public()


def municipality_get(slug: str) -> Municipality | None:
    return Municipality.objects.public().filter(slug=slug).first()


QS = TypeVar("QS", bound=QuerySet[Any, Any])


def _in_city(rows: QS, path: str, slug: str | None) -> QS:
    if slug is None:
        return rows
    # The city's id as a value (one row by its unique slug), not a join on its slug: the planner
    # can then read the rows in order from an index that starts with the city (PostgreSQL sorted
    # a whole city's projects for every page when the slug came through the join).
    city = Municipality.objects.filter(slug=slug).order_by().values("pk")[:1]
    return rows.filter(**{path: Subquery(city)})


def districts(query: filters.DistrictQuery) -> QuerySet[District]:
    # Districts and sectors have no flag of their own: they are public with their city.
    rows = District.objects.filter(MunicipalityQuerySet.public_q("municipality"))
    return _in_city(rows.select_related("municipality"), "municipality", query.municipality)


def sectors(query: filters.SectorQuery) -> QuerySet[Sector]:
    rows = Sector.objects.filter(MunicipalityQuerySet.public_q("municipality"))
    return _in_city(rows.select_related("municipality"), "municipality", query.municipality)


def _placed_project_ids(programme: str | None, wave: int | None) -> QuerySet[Any, Any]:
    placed = PlanAssignment.objects.public()
    if programme is not None:
        placed = placed.filter(wave__programme__slug=programme)
    if wave is not None:
        placed = placed.filter(wave_id=wave)
    return placed.values("ceremony__project_id")


def _between(rows: QS, field: str, start: dt.date | None, end: dt.date | None) -> QS:
    if start is not None:
        rows = rows.filter(**{f"{field}__gte": start})
    if end is not None:
        rows = rows.filter(**{f"{field}__lte": end})
    return rows


# What ``ProjectOut`` reads, and no more: each column left out (the search key, the related rows'
# timestamps) is one value fewer to fetch and convert, for every row of every page.
PROJECT_COLUMNS = (
    "code",
    "title",
    "description",
    "status",
    "physical_progress_pct",
    "credit_rial",
    "start_date",
    "planned_end_date",
    "latitude",
    "longitude",
    "geometry",
    "length_m",
    "area_m2",
    "is_headline",
    "updated_at",
    "municipality__slug",
    "district__name",
    "unit__name",
)


def projects(query: filters.ProjectQuery) -> QuerySet[Project]:
    # to_attr gives each row a plain list: the default prefetch builds a QuerySet per row.
    sectors = Prefetch(
        "sectors", queryset=Sector.objects.order_by("code").only("code"), to_attr="sector_rows"
    )
    rows = (
        Project.objects.public()
        .select_related("municipality", "district", "unit")
        .only(*PROJECT_COLUMNS)
        .prefetch_related(sectors)
    )
    rows = _in_city(rows, "municipality", query.municipality)
    if query.district is not None:
        rows = rows.filter(district_id=query.district)
    if query.sector is not None:
        rows = rows.filter(sectors__code=query.sector).distinct()
    if query.status is not None:
        rows = rows.filter(status=query.status)
    if query.headline is not None:
        rows = rows.filter(is_headline=query.headline)
    if query.programme is not None or query.wave is not None:
        rows = rows.filter(pk__in=_placed_project_ids(query.programme, query.wave))
    rows = _between(
        rows,
        "start_date",
        filters.day("start_from", query.start_from),
        filters.day("start_to", query.start_to),
    )
    rows = _between(
        rows,
        "planned_end_date",
        filters.day("end_from", query.end_from),
        filters.day("end_to", query.end_to),
    )
    for word in filters.search_words(query.q):
        rows = rows.filter(search_text__contains=word)
    box = filters.box(query.bbox)
    if box is not None:
        rows = rows.filter(
            longitude__gte=box.min_lon,
            longitude__lte=box.max_lon,
            latitude__gte=box.min_lat,
            latitude__lte=box.max_lat,
        )
    circle = filters.circle(query.near, query.radius_m)
    if circle is None and query.sort.endswith("distance"):
        raise ApiInputError(filters.NO_NEAR, field="sort")
    if circle is not None:
        rows = within(rows, circle)
    return rows


EARTH_RADIUS_M = 6_371_008.8  # the mean radius (IUGG)
METRES_PER_DEGREE_LAT = 111_132.0  # the shortest a degree of latitude gets, at the equator


def _radians(field: str) -> Any:
    return Radians(Cast(field, FloatField()))


def within(rows: QS, circle: filters.Circle) -> QS:
    """Rows whose point lies within ``circle`` on the sphere, with ``distance_m`` annotated.

    A box around the circle first (cheap, on the coordinates' columns), then the haversine
    distance, which is right at every scale and near the poles and the antimeridian, where a
    box in degrees is wrong.
    """
    lat0 = math.radians(circle.latitude)
    lon0 = math.radians(circle.longitude)
    half_lat = circle.radius_m / METRES_PER_DEGREE_LAT
    rows = rows.filter(
        latitude__isnull=False,
        longitude__isnull=False,
        latitude__gte=max(-90.0, circle.latitude - half_lat),
        latitude__lte=min(90.0, circle.latitude + half_lat),
    )
    # A degree of longitude shrinks with cos(latitude): use the circle's widest latitude.
    widest = min(90.0, abs(circle.latitude) + half_lat)
    cos_widest = math.cos(math.radians(widest))
    if cos_widest > 1e-6:
        half_lon = circle.radius_m / (METRES_PER_DEGREE_LAT * cos_widest)
        west, east = circle.longitude - half_lon, circle.longitude + half_lon
        if west >= -180 and east <= 180:
            rows = rows.filter(longitude__gte=west, longitude__lte=east)
        elif half_lon < 180:
            # The box crosses the antimeridian: two ranges of longitude.
            rows = rows.filter(
                Q(longitude__gte=((west + 540) % 360) - 180)
                | Q(longitude__lte=((east + 540) % 360) - 180)
            )
    lat, lon = _radians("latitude"), _radians("longitude")
    haversine = Power(Sin((lat - Value(lat0)) / 2), 2) + Value(math.cos(lat0)) * Cos(lat) * Power(
        Sin((lon - Value(lon0)) / 2), 2
    )
    # min(1, …): rounding can lift the haversine a hair above 1 for antipodal points.
    distance = Value(2 * EARTH_RADIUS_M) * ASin(Sqrt(Least(Value(1.0), haversine)))
    return rows.annotate(distance_m=ExpressionWrapper(distance, output_field=FloatField())).filter(
        distance_m__lte=circle.radius_m
    )


def project_get(pk: int) -> Project | None:
    return projects(filters.ProjectQuery.model_validate({})).filter(pk=pk).first()


def ceremonies(query: filters.CeremonyQuery) -> QuerySet[PlanAssignment]:
    """Placed ceremonies: in the current plan, in a public wave, of a public project, still
    happening (``PlanAssignment.objects.public()``)."""
    rows = PlanAssignment.objects.public().select_related(
        "ceremony__project", "wave__programme__municipality"
    )
    rows = _in_city(rows, "plan__municipality", query.municipality)
    if query.kind is not None:
        rows = rows.filter(ceremony__kind=query.kind)
    if query.programme is not None:
        rows = rows.filter(wave__programme__slug=query.programme)
    if query.wave is not None:
        rows = rows.filter(wave_id=query.wave)
    if query.district is not None:
        rows = rows.filter(ceremony__project__district_id=query.district)
    if query.project is not None:
        rows = rows.filter(ceremony__project_id=query.project)
    return _between(
        rows, "day", filters.day("day_from", query.day_from), filters.day("day_to", query.day_to)
    )


def programmes(query: filters.ProgrammeQuery) -> QuerySet[Programme]:
    rows = Programme.objects.public().select_related("municipality")
    return _in_city(rows, "municipality", query.municipality)


def waves(query: filters.WaveQuery) -> QuerySet[Wave]:
    rows = Wave.objects.public().select_related("programme__municipality", "occasion")
    rows = _in_city(rows, "programme__municipality", query.municipality)
    if query.programme is not None:
        rows = rows.filter(programme__slug=query.programme)
    if query.status is not None:
        rows = rows.filter(status=query.status)
    # A wave matches a range when any of its days falls in it.
    start = filters.day("date_from", query.date_from)
    end = filters.day("date_to", query.date_to)
    if start is not None:
        rows = rows.filter(end_date__gte=start)
    if end is not None:
        rows = rows.filter(start_date__lte=end)
    return rows


def articles(query: filters.ArticleQuery) -> QuerySet[Article]:
    # Links to hidden waves, projects or programmes are left out, not only the rows themselves.
    programme_slug = Programme.objects.public().filter(pk=OuterRef("programme_id")).values("slug")
    rows = (
        Article.objects.published()
        .select_related("municipality", "reporter")
        .annotate(public_programme=Subquery(programme_slug[:1]))
        .prefetch_related(
            Prefetch("waves", queryset=Wave.objects.public().only("pk")),
            Prefetch("projects", queryset=Project.objects.public().only("pk")),
        )
    )
    rows = _in_city(rows, "municipality", query.municipality)
    if query.kind is not None:
        rows = rows.filter(kind=query.kind)
    if query.programme is not None:
        rows = rows.filter(public_programme=query.programme)
    if query.wave is not None:
        linked = Article.waves.through.objects.filter(wave_id=query.wave)
        rows = rows.filter(pk__in=linked.values("article_id"))
    if query.project is not None:
        rows = rows.filter(
            pk__in=Article.projects.through.objects.filter(project_id=query.project).values(
                "article_id"
            )
        )
    start = filters.day("published_from", query.published_from)
    end = filters.day("published_to", query.published_to)
    # Days are Tehran days: __date reads the moment in the current time zone.
    if start is not None:
        rows = rows.filter(published_at__date__gte=start)
    if end is not None:
        rows = rows.filter(published_at__date__lte=end)
    return rows


def article_get(pk: int) -> Article | None:
    return articles(filters.ArticleQuery.model_validate({})).filter(pk=pk).first()
