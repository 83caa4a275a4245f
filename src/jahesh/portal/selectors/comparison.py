"""The member cities compared: per city its waves held, projects, credit and main sectors."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Sum

from jahesh.leaps.models import Wave, WaveQuerySet, WaveStatus
from jahesh.portal.selectors.figures import CityFigures, member_figures
from jahesh.registry.models import Project, ProjectQuerySet

SECTORS_SHOWN = 5


@dataclass(frozen=True, slots=True)
class SectorFigures:
    name: str
    projects: int
    credit_rial: int


@dataclass(frozen=True, slots=True)
class CityComparison:
    figures: CityFigures
    waves_held: int
    sectors: tuple[SectorFigures, ...]  # the largest by credit, at most SECTORS_SHOWN
    sector_count: int


def city_comparison() -> list[CityComparison]:
    """Every public city side by side (``member_figures`` plus two queries): the waves it has
    held, and its sectors by credit, counted over its public projects only."""
    figures = member_figures()
    ids = [f.city.pk for f in figures]
    held = dict(
        Wave.objects.filter(
            WaveQuerySet.public_q(city_checked=True),
            status=WaveStatus.HELD,
            programme__municipality__in=ids,
        )
        .order_by()
        .values_list("programme__municipality")
        .annotate(n=Count("id"))
    )
    by_city: dict[int, list[SectorFigures]] = defaultdict(list)
    rows = (
        Project.objects.filter(
            ProjectQuerySet.public_q(city_checked=True),
            municipality__in=ids,
            sectors__isnull=False,
        )
        .order_by()
        .values_list("municipality", "sectors__name")
        .annotate(n=Count("id", distinct=True), credit=Sum("credit_rial"))
    )
    for city_id, name, n, credit in rows:
        by_city[city_id].append(SectorFigures(name, n, int(credit or 0)))
    result = []
    for f in figures:
        sectors = sorted(by_city[f.city.pk], key=lambda s: (-s.credit_rial, s.name))
        result.append(
            CityComparison(
                figures=f,
                waves_held=held.get(f.city.pk, 0),
                sectors=tuple(sectors[:SECTORS_SHOWN]),
                sector_count=len(sectors),
            )
        )
    return result
