"""Scenes for newsroom tests: a city with a planned wave, its staff, and a quiet job queue."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from jahesh.leaps.models import Occasion
from jahesh.registry.models import CeremonyKind, Role
from tests.leaps.factories import PlanAssignmentFactory, PlanFactory, ProgrammeFactory, WaveFactory
from tests.registry.factories import (
    CeremonyFactory,
    DistrictFactory,
    OfficialFactory,
    ProjectFactory,
    SectorFactory,
    UnitFactory,
)


@pytest.fixture(autouse=True)
def quiet_queue(job_queue: Any) -> Any:
    """Every newsroom test schedules sends: keep them in memory (see the root ``job_queue``)."""
    return job_queue


@pytest.fixture
def staff(city_a, member_of) -> SimpleNamespace:
    return SimpleNamespace(
        reporter=member_of(city_a, Role.REPORTER, "reporter"),
        editor=member_of(city_a, Role.EDITOR, "editor"),
        editor2=member_of(city_a, Role.EDITOR, "editor2"),
        publisher=member_of(city_a, Role.PUBLISHER, "publisher"),
        viewer=member_of(city_a, Role.VIEWER, "viewer"),
    )


def build_wave_scene(city: Any, *, number: int = 9) -> SimpleNamespace:
    """A programme with one planned wave of four ceremonies in three districts."""
    d1 = DistrictFactory(municipality=city, number=1, name="منطقه ۱")
    d3 = DistrictFactory(municipality=city, number=3, name="منطقه ۳")
    roads = SectorFactory(municipality=city, code="roads", name="راه و تقاطع")
    parks = SectorFactory(municipality=city, code="parks", name="فضای سبز")
    unit = UnitFactory(municipality=city, code="FANI", name="معاونت فنی و عمرانی")
    occasion = Occasion.objects.create(
        municipality=city, code="fajr-test", name="دهه فجر", calendar="solar", month=11, day=12
    )
    programme = ProgrammeFactory(
        municipality=city, slug="jahesh", name="جهش عمرانی", wave_noun="مرحله"
    )
    wave = WaveFactory(
        programme=programme,
        number=number,
        start_date=dt.date(2023, 2, 2),
        end_date=dt.date(2023, 2, 2),
        occasion=occasion,
        headline_cap=3,
    )
    plan = PlanFactory(programme=programme)
    minister = OfficialFactory(municipality=city, name="حسن کریمی", position="وزیر کشور", rank=100)
    mayor = OfficialFactory(municipality=city, name="علی احمدی", position="شهردار", rank=90)
    specs = [
        (
            "تقاطع غیرهم‌سطح معالی‌آباد",
            CeremonyKind.INAUGURATION,
            3_200_000_000_000,
            d1,
            roads,
            {"length_m": 2400, "is_headline": True, "unit": unit},
        ),
        (
            "بوستان نرگس",
            CeremonyKind.COMMISSIONING,
            150_000_000_000,
            d3,
            parks,
            {"area_m2": 25_000, "is_headline": True},
        ),
        ("سالن ورزشی محله", CeremonyKind.GROUNDBREAKING, 90_000_000_000, d3, parks, {}),
        ("پیاده‌راه مرکزی", CeremonyKind.INAUGURATION, 10_000_000_000, None, roads, {}),
    ]
    ceremonies = []
    for slot, (title, kind, credit, district, sector, extra) in enumerate(specs):
        project = ProjectFactory(
            municipality=city,
            title=title,
            credit_rial=credit,
            district=district,
            sectors=[sector],
            **extra,
        )
        ceremony = CeremonyFactory(project=project, kind=kind, venue=f"محل {slot + 1}")
        ceremony.officials_requested.add(mayor)
        if slot == 0:
            ceremony.officials_requested.add(minister)
        PlanAssignmentFactory(
            plan=plan, wave=wave, ceremony=ceremony, day=wave.start_date, slot=slot
        )
        ceremonies.append(ceremony)
    return SimpleNamespace(
        city=city,
        programme=programme,
        wave=wave,
        plan=plan,
        ceremonies=ceremonies,
        mayor=mayor,
        minister=minister,
        total_credit=sum(s[2] for s in specs),
    )


@pytest.fixture
def wave_scene(city_a) -> SimpleNamespace:
    return build_wave_scene(city_a)
