"""Which rows are public, and the cities.

The rule itself lives on the models (``Municipality.objects.public()``,
``Project.objects.public_in(city)`` …, docs/adr/0003-what-is-public.md); these names only give
the portal's pages their usual order.
"""

from __future__ import annotations

from django.db.models import QuerySet

from jahesh.core.errors import NotFoundError
from jahesh.leaps.models import PlanAssignment, Programme, Wave
from jahesh.registry.models import Municipality, Project

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
    return Municipality.objects.public().order_by("name")


def city_get(*, slug: str) -> Municipality:
    city = city_list().filter(slug=slug).first()
    if city is None:
        raise PortalNotFoundError("شهرداری‌ای با این نشانی در درگاه نیست.")
    return city


def public_projects(city: Municipality) -> QuerySet[Project]:
    return Project.objects.public_in(city)


def public_programmes(city: Municipality) -> QuerySet[Programme]:
    return Programme.objects.public_in(city).order_by("-started_on", "name")


def public_waves(city: Municipality) -> QuerySet[Wave]:
    return Wave.objects.public_in(city)


def public_assignments(city: Municipality) -> QuerySet[PlanAssignment]:
    """Ceremonies placed by a current plan into an announced or held wave: what the city has
    said in public it will do, or did."""
    return PlanAssignment.objects.public_in(city)
