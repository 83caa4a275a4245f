"""Scenes for leap-planning tests: a city with a programme, waves, ceremonies and a plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from jahesh.leaps.models import Plan, PlanAssignment, Programme, Wave
from jahesh.registry.models import Ceremony, District, Official, Role, Sector
from tests.leaps.factories import PlanAssignmentFactory, PlanFactory, ProgrammeFactory, WaveFactory
from tests.registry.factories import (
    CeremonyFactory,
    DistrictFactory,
    OfficialFactory,
    ProjectFactory,
    SectorFactory,
)


@dataclass
class PlannedCity:
    programme: Programme
    waves: list[Wave]
    districts: list[District]
    sectors: list[Sector]
    mayor: Official
    ceremonies: list[Ceremony]
    plan: Plan
    assignments: list[PlanAssignment]
    planner: Any
    editor: Any


def make_planned_city(city, member_of, *, ceremonies: int = 4) -> PlannedCity:
    """Two two-day waves, two districts and two sectors; the first ``ceremonies - 1`` ceremonies
    are in the plan (one per slot of wave 1's first day), the last one is left out."""
    programme = ProgrammeFactory(municipality=city, slug="jahesh", default_travel_minutes=20)
    waves = [
        WaveFactory(
            programme=programme,
            number=1,
            start_date=dt.date(2023, 2, 1),
            end_date=dt.date(2023, 2, 2),
            slots_per_day=4,
        ),
        WaveFactory(
            programme=programme,
            number=2,
            start_date=dt.date(2023, 3, 6),
            end_date=dt.date(2023, 3, 7),
            slots_per_day=4,
        ),
    ]
    districts = [DistrictFactory(municipality=city, number=n) for n in (1, 2)]
    sectors = [SectorFactory(municipality=city, name=n) for n in ("حمل‌ونقل", "فضای سبز")]
    mayor = OfficialFactory(municipality=city, name="شهردار", max_ceremonies_per_day=4)
    rows = []
    for index in range(ceremonies):
        project = ProjectFactory(
            municipality=city,
            district=districts[index % 2],
            sectors=[sectors[index % 2]],
            title=f"پروژهٔ {index + 1}",
        )
        ceremony = CeremonyFactory(
            project=project,
            ready_from=dt.date(2023, 1, 20),
            latest_date=dt.date(2023, 6, 1),
            importance=5 + index % 3,
        )
        ceremony.officials_requested.add(mayor)
        rows.append(ceremony)
    plan = PlanFactory(programme=programme)
    assignments = [
        PlanAssignmentFactory(
            plan=plan, wave=waves[0], ceremony=row, day=waves[0].start_date, slot=index
        )
        for index, row in enumerate(rows[:-1])
    ]
    return PlannedCity(
        programme=programme,
        waves=waves,
        districts=districts,
        sectors=sectors,
        mayor=mayor,
        ceremonies=rows,
        plan=plan,
        assignments=assignments,
        planner=member_of(city, Role.PLANNER, username="planner"),
        editor=member_of(city, Role.EDITOR, username="editor"),
    )


@pytest.fixture
def planned(city_a, member_of) -> PlannedCity:
    return make_planned_city(city_a, member_of)


@pytest.fixture
def in_1402(monkeypatch):
    """Today is 2024-01-01 (Jalali 1402, Hijri 1445): fixed years such as Hijri 1444 stay inside
    the window of years a one-year occasion shift may name (the present year ± 20)."""
    from django.utils import timezone

    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return dt.date(2024, 1, 1) if value is None else real(value, timezone)

    monkeypatch.setattr(timezone, "localdate", localdate)
