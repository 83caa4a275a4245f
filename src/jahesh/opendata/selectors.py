"""Reads behind the open-data exports: only public projects of public cities, with what each
format needs joined in, streamed in chunks so a city of 100,000 projects fits in memory.

What is public is the models' rule, the portal's too (docs/adr/0003-what-is-public.md).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Max, Prefetch, QuerySet

from jahesh.core.errors import NotFoundError
from jahesh.leaps.models import PlanAssignment, Wave
from jahesh.registry.models import Ceremony, Municipality, Project, Sector

CHUNK = 2000


class CityNotPublishedError(NotFoundError):
    default_message = "شهرداری‌ای با این نشانی داده باز منتشر نمی‌کند."


def city_get(*, slug: str) -> Municipality:
    city = Municipality.objects.public().filter(slug=slug).first()
    if city is None:
        raise CityNotPublishedError()
    return city


def public_projects(city: Municipality) -> QuerySet[Project]:
    return Project.objects.public_in(city)


def project_rows(city: Municipality) -> Iterator[Project]:
    """Yield the city's public projects in code order with district, unit, sectors and the
    ceremonies still happening, a chunk of rows per three queries."""
    ceremonies = Ceremony.objects.happening().order_by("ready_from", "pk")
    rows = (
        public_projects(city)
        .select_related("district", "unit")
        .prefetch_related(
            Prefetch("sectors", queryset=Sector.objects.order_by("code")),
            Prefetch("ceremonies", queryset=ceremonies),
        )
        .order_by("code")
    )
    yield from rows.iterator(chunk_size=CHUNK)


def ceremony_days(city: Municipality) -> dict[int, tuple[str, int]]:
    """Map each publicly placed ceremony to (its day in ISO form, its wave number)."""
    rows = PlanAssignment.objects.public_in(city).values_list("ceremony_id", "day", "wave__number")
    return {ceremony_id: (day.isoformat(), number) for ceremony_id, day, number in rows}


def last_change(city: Municipality) -> object:
    return public_projects(city).aggregate(at=Max("updated_at"))["at"]


def public_waves(city: Municipality) -> QuerySet[Wave]:
    return (
        Wave.objects.public_in(city)
        .select_related("programme", "occasion")
        .order_by("programme__name", "number")
    )
