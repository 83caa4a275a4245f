"""Reads behind the open-data exports: only public projects of public cities, with what each
format needs joined in, streamed in chunks so a city of 100,000 projects fits in memory."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Max, Prefetch, QuerySet

from jahesh.core.errors import NotFoundError
from jahesh.leaps.models import PlanAssignment, PlanStatus, Wave, WaveStatus
from jahesh.registry.models import Ceremony, CeremonyStatus, Municipality, Project, Sector

CHUNK = 2000
PUBLIC_WAVE_STATUSES = (WaveStatus.ANNOUNCED, WaveStatus.HELD)


class CityNotPublishedError(NotFoundError):
    default_message = "شهرداری‌ای با این نشانی داده باز منتشر نمی‌کند."


def city_get(*, slug: str) -> Municipality:
    city = Municipality.objects.filter(is_public=True, slug=slug).first()
    if city is None:
        raise CityNotPublishedError()
    return city


def public_projects(city: Municipality) -> QuerySet[Project]:
    return Project.objects.filter(municipality=city, is_public=True)


def project_rows(city: Municipality) -> Iterator[Project]:
    """Yield the city's public projects in code order with district, unit, sectors and public
    ceremonies, a chunk of rows per three queries."""
    ceremonies = Ceremony.objects.exclude(status=CeremonyStatus.CANCELLED).order_by(
        "ready_from", "pk"
    )
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
    rows = PlanAssignment.objects.filter(
        plan__municipality=city,
        plan__status=PlanStatus.CURRENT,
        plan__programme__is_public=True,
        wave__status__in=PUBLIC_WAVE_STATUSES,
    ).values_list("ceremony_id", "day", "wave__number")
    return {ceremony_id: (day.isoformat(), number) for ceremony_id, day, number in rows}


def last_change(city: Municipality) -> object:
    return public_projects(city).aggregate(at=Max("updated_at"))["at"]


def public_waves(city: Municipality) -> QuerySet[Wave]:
    return (
        Wave.objects.filter(
            programme__municipality=city,
            programme__is_public=True,
            status__in=PUBLIC_WAVE_STATUSES,
        )
        .select_related("programme", "occasion")
        .order_by("programme__name", "number")
    )
