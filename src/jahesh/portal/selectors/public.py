"""Which rows are public, and the cities."""

from __future__ import annotations

from django.db.models import QuerySet

from jahesh.core.errors import NotFoundError
from jahesh.leaps.models import PlanAssignment, PlanStatus, Programme, Wave, WaveStatus
from jahesh.registry.models import CeremonyStatus, Municipality, Project

PUBLIC_WAVE_STATUSES = (WaveStatus.ANNOUNCED, WaveStatus.HELD)
# Ceremonies that will not take place in their wave; the newsroom's reports leave them out too,
# so the portal's counters and the published figures agree.
NOT_HAPPENING = (CeremonyStatus.CANCELLED, CeremonyStatus.POSTPONED)
PAGE_SIZE = 24
HISTORY_LIMIT = 60
# The public facts whose changes a project page dates; internal fields stay out.
PUBLIC_FACTS = {
    "title": "عنوان",
    "status": "وضعیت",
    "physical_progress_pct": "پیشرفت فیزیکی",
    "credit_rial": "اعتبار",
    "start_date": "تاریخ شروع",
    "planned_end_date": "تاریخ پایان برنامه‌ریزی‌شده",
    "contractor": "پیمانکار",
}


class PortalNotFoundError(NotFoundError):
    default_message = "صفحه‌ای که خواستید پیدا نشد."


# Cities


def city_list() -> QuerySet[Municipality]:
    return Municipality.objects.filter(is_public=True).order_by("name")


def city_get(*, slug: str) -> Municipality:
    city = city_list().filter(slug=slug).first()
    if city is None:
        raise PortalNotFoundError("شهرداری‌ای با این نشانی در درگاه نیست.")
    return city


def public_projects(city: Municipality) -> QuerySet[Project]:
    return Project.objects.filter(municipality=city, is_public=True)


def public_programmes(city: Municipality) -> QuerySet[Programme]:
    return Programme.objects.filter(municipality=city, is_public=True).order_by(
        "-started_on", "name"
    )


def public_waves(city: Municipality) -> QuerySet[Wave]:
    return Wave.objects.filter(
        programme__municipality=city,
        programme__is_public=True,
        status__in=PUBLIC_WAVE_STATUSES,
    )


def public_assignments(city: Municipality) -> QuerySet[PlanAssignment]:
    """Ceremonies placed by a current plan into an announced or held wave: what the city has
    said in public it will do, or did."""
    return PlanAssignment.objects.filter(
        plan__municipality=city,
        plan__status=PlanStatus.CURRENT,
        plan__programme__is_public=True,
        wave__status__in=PUBLIC_WAVE_STATUSES,
        ceremony__project__is_public=True,
    ).exclude(ceremony__status__in=NOT_HAPPENING)
