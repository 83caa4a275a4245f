"""Counters, credit sums and totals the pages show."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from jahesh import persian
from jahesh.leaps.models import PlanAssignment, Programme, Wave, WaveQuerySet
from jahesh.portal.selectors.public import city_list
from jahesh.registry.models import CeremonyKind, Municipality, Project, ProjectQuerySet

# Figures


@dataclass(frozen=True, slots=True)
class Counters:
    """How many ceremonies of each kind, on how many projects, for how much credit."""

    inaugurations: int = 0
    commissionings: int = 0
    groundbreakings: int = 0
    projects: int = 0
    credit_rial: int = 0

    @property
    def ceremonies(self) -> int:
        return self.inaugurations + self.commissionings + self.groundbreakings


def counters_for(assignments: QuerySet[PlanAssignment]) -> Counters:
    """Count in two queries: ceremonies by kind, then the distinct projects' credit."""
    by_kind = dict(
        assignments.order_by()
        .values_list("ceremony__kind")
        .annotate(n=Count("id"))
        .values_list("ceremony__kind", "n")
    )
    projects = Project.objects.filter(
        pk__in=assignments.order_by().values("ceremony__project_id")
    ).aggregate(n=Count("id"), credit=Coalesce(Sum("credit_rial"), 0))
    return Counters(
        inaugurations=by_kind.get(CeremonyKind.INAUGURATION, 0),
        commissionings=by_kind.get(CeremonyKind.COMMISSIONING, 0),
        groundbreakings=by_kind.get(CeremonyKind.GROUNDBREAKING, 0),
        projects=projects["n"],
        credit_rial=projects["credit"],
    )


def jalali_year_bounds(today: dt.date) -> tuple[int, dt.date, dt.date]:
    """Return the Jalali year of ``today`` and its first and last Gregorian days."""
    shown = persian.to_latin_digits(persian.format_jalali(today, "short"))
    year = int(re.findall(r"\d{4}", shown)[0])
    first = persian.parse_jalali(f"{year}/01/01")
    following = persian.parse_jalali(f"{year + 1}/01/01")
    return year, first, following - dt.timedelta(days=1)


def credit_by_sector(
    city: Municipality, project_ids: QuerySet[Any] | None
) -> list[tuple[str, int]]:
    """Sum the credit of the given projects (all public ones when None) per sector, largest
    first. A project in two sectors counts in both, as the sectors' own pages do."""
    # From the link table, so each link is joined once (filtering and summing over the sectors'
    # reverse relation would join the projects twice and multiply the rows).
    links_ = Project.sectors.through.objects.filter(
        ProjectQuerySet.public_q("project", city_checked=True), sector__municipality=city
    )
    if project_ids is not None:
        links_ = links_.filter(project_id__in=project_ids)
    rows = (
        links_.values("sector__name")
        .annotate(total=Sum("project__credit_rial"))
        .order_by("-total", "sector__name")  # type: ignore[misc]
        .values_list("sector__name", "total")
    )
    return [(name, int(total or 0)) for name, total in rows]


@dataclass(frozen=True, slots=True)
class Totals:
    projects: int
    credit_rial: int


def totals_of(projects: QuerySet[Project]) -> Totals:
    row = projects.aggregate(n=Count("id"), credit=Coalesce(Sum("credit_rial"), 0))
    return Totals(row["n"], int(row["credit"]))


# Member cities side by side


@dataclass(frozen=True, slots=True)
class CityFigures:
    city: Municipality
    programmes: list[Programme]
    projects: int
    credit_rial: int
    waves: int


def member_figures() -> list[CityFigures]:
    """Every public city with its public projects, credit and waves, in three queries."""

    def per_city(rows: QuerySet[Any], value: Any) -> Subquery:
        return Subquery(
            rows.order_by().values("municipality").annotate(v=value).values("v"),
            output_field=IntegerField(),
        )

    # The outer rows are public cities already, so the city's half of each rule is left out.
    projects = Project.objects.filter(
        ProjectQuerySet.public_q(city_checked=True), municipality=OuterRef("pk")
    )
    waves = Wave.objects.filter(
        WaveQuerySet.public_q(city_checked=True), programme__municipality=OuterRef("pk")
    ).annotate(municipality=F("programme__municipality"))
    cities = city_list().annotate(
        n_projects=Coalesce(per_city(projects, Count("id")), 0),
        credit=Coalesce(per_city(projects, Sum("credit_rial")), 0),
        n_waves=Coalesce(per_city(waves, Count("id")), 0),
    )
    by_city: dict[int, list[Programme]] = defaultdict(list)
    for programme in Programme.objects.public().order_by("-started_on", "name"):
        by_city[programme.municipality_id].append(programme)
    return [
        CityFigures(c, by_city.get(c.pk, []), c.n_projects, int(c.credit), c.n_waves)
        for c in cities
    ]
