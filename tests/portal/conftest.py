"""Scenes of the public portal: a city with a programme, an announced wave and its ceremonies."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from jahesh.leaps.models import Plan, Programme, Wave, WaveStatus
from jahesh.registry.models import (
    CeremonyKind,
    District,
    Municipality,
    Project,
    ProjectStatus,
    Sector,
)
from tests.leaps.factories import PlanAssignmentFactory, PlanFactory, ProgrammeFactory, WaveFactory
from tests.registry.factories import (
    CeremonyFactory,
    DistrictFactory,
    ProjectFactory,
    SectorFactory,
    UnitFactory,
)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


@dataclass
class WaveScene:
    city: Municipality
    programme: Programme
    wave: Wave
    plan: Plan
    district: District
    sector: Sector
    projects: list[Project] = field(default_factory=list)

    def add_ceremony(self, title: str, *, kind: str = CeremonyKind.INAUGURATION, **project: Any):
        made = ProjectFactory(
            municipality=self.city,
            title=title,
            slug=title.replace(" ", "-"),
            district=self.district,
            sectors=[self.sector],
            **project,
        )
        ceremony = CeremonyFactory(project=made, kind=kind)
        PlanAssignmentFactory(
            plan=self.plan, wave=self.wave, ceremony=ceremony, day=self.wave.start_date, slot=0
        )
        self.projects.append(made)
        return made


def build_wave_scene(
    city: Municipality, *, count: int = 3, today: dt.date | None = None
) -> WaveScene:
    # The portal counts days in Tehran; UTC's date is a day behind from 20:30 UTC.
    today = today or timezone.localdate()
    programme = ProgrammeFactory(
        municipality=city, slug="جهش-عمرانی", name="جهش عمرانی", started_on=today
    )
    wave = WaveFactory(
        programme=programme,
        number=1,
        theme="شهر برای مردم",
        start_date=today + dt.timedelta(days=2),
        end_date=today + dt.timedelta(days=3),
        status=WaveStatus.ANNOUNCED,
    )
    plan = PlanFactory(programme=programme)
    district = DistrictFactory(municipality=city, number=1, name="منطقه یک")
    sector = SectorFactory(
        municipality=city, code="transport", name="حمل‌ونقل", oc4ids_code="transport"
    )
    scene = WaveScene(city, programme, wave, plan, district, sector)
    UnitFactory(municipality=city, code="civil", name="معاونت فنی و عمرانی")
    for index in range(count):
        scene.add_ceremony(
            f"بوستان محله {index + 1}",
            credit_rial=(index + 1) * 10_000_000_000,
            latitude=Decimal("29.61") + Decimal(index) / 100,
            longitude=Decimal("52.53"),
            status=ProjectStatus.COMPLETION,
        )
    return scene


@pytest.fixture
def wave_scene(city_a: Municipality) -> WaveScene:
    return build_wave_scene(city_a)


_article_codes: dict[int, int] = {}


def make_article(city: Municipality, title: str, **fields: Any):
    """A published article of ``city``; codes count up per city as the newsroom's do."""

    from jahesh.newsroom.models import Article, ArticleKind, ArticleStatus

    waves = fields.pop("waves", [])
    projects = fields.pop("projects", [])
    code = Article.objects.filter(municipality=city).count() + 1001
    values: dict[str, Any] = {
        "kind": ArticleKind.NEWS,
        "status": ArticleStatus.PUBLISHED,
        "slug": title.replace(" ", "-"),
        "kicker": "مدیرکل ارتباطات شهرداری خبر داد",
        "lead": "لید خبر درباره " + title,
        "body": "بند نخست.\nبند دوم <b>با نشانه</b>.",
        "reporter_name": "مریم راستی",
        "published_at": timezone.now() - dt.timedelta(hours=1),
    }
    values.update(fields)
    article = Article.objects.create(municipality=city, code=code, title=title, **values)
    if waves:
        article.waves.set(waves)
    if projects:
        article.projects.set(projects)
    return article
