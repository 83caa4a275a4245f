"""Reads of leap planning: occasions and their dates, programmes, waves, plans and runs."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, NamedTuple

from django.db.models import Prefetch, Q, QuerySet

from jahesh.core.errors import NotFoundError, PermissionDeniedError, require
from jahesh.leaps import occasions as occasion_calendar
from jahesh.leaps.models import (
    Occasion,
    Plan,
    PlanAssignment,
    PlanRun,
    Programme,
    TravelTime,
    Wave,
)
from jahesh.leaps.permissions import can_view_plans
from jahesh.registry import selectors as registry_selectors
from jahesh.registry.models import (
    Ceremony,
    CeremonyStatus,
    Municipality,
    Official,
)

# Cards and the planner never read these; a city's shapes and texts would dominate the page's reads.
_HEAVY_PROJECT_FIELDS = ("geometry", "description", "search_text")

# Ceremonies in these states are no longer the planner's to place.
UNPLANNABLE_CEREMONY_STATUSES = (CeremonyStatus.CANCELLED, CeremonyStatus.HELD)


# Occasions


def occasion_list(*, municipality: Municipality) -> list[Occasion]:
    """Return the occasions the city sees: the shipped ones, each replaced by the city's own row
    with the same code, and the city's own extra occasions."""
    rows = Occasion.objects.filter(Q(municipality__isnull=True) | Q(municipality=municipality))
    by_code: dict[str, Occasion] = {}
    for row in rows.order_by("municipality_id"):
        if row.code not in by_code or row.municipality_id is not None:
            by_code[row.code] = row
    return sorted(by_code.values(), key=lambda o: (o.calendar, o.month, o.day, o.code))


class OccasionDate(NamedTuple):
    """One occurrence of an occasion: its days, and its year in the occasion's own calendar
    (the Hijri year of a lunar one), the year a city's one-year shift is kept under."""

    occasion: Occasion
    start: dt.date
    end: dt.date
    year: int

    @property
    def shift(self) -> int:
        return self.occasion.shift_in(self.year)

    @property
    def shifted_this_year_only(self) -> bool:
        return str(self.year) in self.occasion.year_shifts


def occasion_dates(*, municipality: Municipality, jalali_year: int) -> list[OccasionDate]:
    """Return every occasion of the city falling in ``jalali_year`` with its first and last day,
    in date order; a lunar occasion can occur twice in one solar year."""
    found: list[OccasionDate] = []
    for occasion in occasion_list(municipality=municipality):
        for year, start in occasion_calendar.occurrences_in_year(
            calendar=occasion.calendar,
            month=occasion.month,
            day=occasion.day,
            shift_days=occasion.shift_days,
            jalali_year=jalali_year,
            year_shifts={int(key): int(value) for key, value in occasion.year_shifts.items()},
        ):
            end = start + dt.timedelta(days=occasion.length_days - 1)
            found.append(OccasionDate(occasion, start, end, year))
    found.sort(key=lambda item: (item.start, item.occasion.code))
    return found


def travel_minutes(*, municipality: Municipality) -> dict[tuple[int, int], int]:
    """The city's minutes between districts as {(smaller district id, larger id): minutes}."""
    table: dict[tuple[int, int], int] = {}
    for row in TravelTime.objects.filter(municipality=municipality):
        a, b = sorted((row.from_district_id, row.to_district_id))
        table[(a, b)] = row.minutes
    return table


# Programmes and waves


def programme_list(*, user: Any, municipality: Municipality) -> QuerySet[Programme]:
    require(can_view_plans(user, municipality), PermissionDeniedError())
    return Programme.objects.filter(municipality=municipality).order_by("-started_on", "name")


def programme_get(*, municipality: Municipality, slug: str) -> Programme:
    try:
        return Programme.objects.select_related("municipality").get(
            municipality=municipality, slug=slug
        )
    except Programme.DoesNotExist as exc:
        raise NotFoundError(f"برنامه‌ای با نامک «{slug}» در این شهر پیدا نشد.") from exc


def wave_list(*, programme: Programme) -> list[Wave]:
    return list(
        Wave.objects.filter(programme=programme)
        .select_related("occasion", "programme")
        .order_by("number")
    )


def wave_get(*, programme: Programme, number: int) -> Wave:
    try:
        return Wave.objects.select_related("programme__municipality", "occasion").get(
            programme=programme, number=number
        )
    except Wave.DoesNotExist as exc:
        raise NotFoundError(
            f"{programme.wave_noun} شمارهٔ {number} در برنامهٔ «{programme.name}» نیست."
        ) from exc


# Plans


def plan_current(*, programme: Programme) -> Plan | None:
    return Plan.objects.current_for(programme)


def plan_get(*, programme: Programme, plan_id: int) -> Plan:
    try:
        return Plan.objects.select_related("programme", "municipality").get(
            programme=programme, pk=plan_id
        )
    except Plan.DoesNotExist as exc:
        raise NotFoundError("این برنامهٔ زمانی پیدا نشد.") from exc


def plan_assignments(*, plan: Plan) -> QuerySet[PlanAssignment]:
    """Assignments with everything a card shows, in two queries beyond this one."""
    return (
        PlanAssignment.objects.filter(plan=plan)
        .select_related("wave", "ceremony__project__district")
        .defer(*(f"ceremony__project__{name}" for name in _HEAVY_PROJECT_FIELDS))
        .prefetch_related(
            "ceremony__project__sectors",
            Prefetch(
                "ceremony__officials_requested",
                queryset=Official.objects.order_by("-rank", "name"),
            ),
        )
        .order_by("wave__number", "day", "slot", "ceremony_id")
    )


def plannable_ceremonies(*, municipality: Municipality) -> QuerySet[Ceremony]:
    """Ceremonies of the city a plan may place, with what mapping and cards need."""
    return (
        Ceremony.objects.filter(municipality=municipality)
        .exclude(status__in=UNPLANNABLE_CEREMONY_STATUSES)
        .select_related("project__district")
        .defer(*(f"project__{name}" for name in _HEAVY_PROJECT_FIELDS))
        .prefetch_related(
            "project__sectors",
            Prefetch("officials_requested", queryset=Official.objects.order_by("-rank", "name")),
        )
        .order_by("ready_from", "pk")
    )


def plan_run_get(*, programme: Programme, run_id: int) -> PlanRun:
    try:
        return PlanRun.objects.select_related("plan").get(programme=programme, pk=run_id)
    except PlanRun.DoesNotExist as exc:
        raise NotFoundError("این اجرای برنامه‌ریز پیدا نشد.") from exc


def plan_run_latest(*, programme: Programme) -> PlanRun | None:
    return PlanRun.objects.filter(programme=programme).select_related("plan").first()


def official_get(*, municipality: Municipality, official_id: int) -> Official:
    try:
        return Official.objects.get(municipality=municipality, pk=official_id)
    except Official.DoesNotExist as exc:
        raise NotFoundError("این مقام پیدا نشد.") from exc


CITY_NOT_FOUND = "این شهرداری پیدا نشد."


def municipality_get(*, slug: str) -> Municipality:
    try:
        return Municipality.objects.get(slug=slug)
    except Municipality.DoesNotExist as exc:
        raise NotFoundError(CITY_NOT_FOUND) from exc


def municipalities_for(*, user: Any) -> list[Municipality]:
    """Cities whose plans the user may read (every member reads them, see permissions)."""
    return list(registry_selectors.municipality_list_for(user).order_by("name"))


def programmes_of(*, municipalities: list[Municipality]) -> dict[int, list[Programme]]:
    grouped: dict[int, list[Programme]] = defaultdict(list)
    for programme in Programme.objects.filter(municipality__in=municipalities).order_by(
        "-started_on", "name"
    ):
        grouped[programme.municipality_id].append(programme)
    return grouped


def ceremony_get(*, municipality: Municipality, ceremony_id: int) -> Ceremony:
    try:
        return Ceremony.objects.select_related("project").get(
            municipality=municipality, pk=ceremony_id
        )
    except Ceremony.DoesNotExist as exc:
        raise NotFoundError("این آیین در این شهر نیست.") from exc


def officials_of(*, municipality: Municipality) -> list[Official]:
    return list(Official.objects.filter(municipality=municipality, is_active=True))


def plan_assignment_get(*, plan: Plan, assignment_id: int) -> PlanAssignment:
    try:
        return PlanAssignment.objects.select_related(
            "plan__municipality", "wave__programme", "ceremony"
        ).get(plan=plan, pk=assignment_id)
    except PlanAssignment.DoesNotExist as exc:
        raise NotFoundError("این آیین در برنامه نیست.") from exc
