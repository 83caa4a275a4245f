"""The demo city's programme «جهش عمرانی»: nine waves from Bahman 1401 to Khordad 1402.

The waves follow the shape of a real programme of this kind (the first wave on 12–13 Bahman 1401,
in the Fajr decade) and are tied to occasions of the calendar; their days come from the occasions
calendar, so a lunar occasion lands where the calendar puts it. The ceremonies are the demo city's
own, planned by the real planner with a short time limit. The demo is shown as it stood on
``DEMO_AS_OF``: earlier waves held, the next one announced, the rest still drafts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol
from zoneinfo import ZoneInfo

from jahesh import persian
from jahesh.leaps import selectors, services
from jahesh.leaps.models import Occasion, Plan, Programme, Wave, WaveStatus
from jahesh.registry.models import Municipality
from jahesh.registry.services import system_actor_ensure

PROGRAMME_SLUG = "jahesh-omrani"
PROGRAMME_NAME = "جهش عمرانی"
DEMO_AS_OF = dt.date(2023, 4, 25)  # 5 Ordibehesht 1402
DEMO_TIME_LIMIT_S = 5.0
TEHRAN = ZoneInfo("Asia/Tehran")


@dataclass(frozen=True, slots=True)
class _WaveSpec:
    occasion: str
    jalali_year: int
    offset_days: int  # from the occasion's first day
    length_days: int
    theme: str
    min_ceremonies: int = 4
    max_ceremonies: int = 16


WAVES: tuple[_WaveSpec, ...] = (
    _WaveSpec("dahe-fajr", 1401, 0, 2, "افتتاح‌های آغاز دهه فجر", max_ceremonies=10),
    _WaveSpec("dahe-fajr", 1401, 8, 2, "جشن دستاوردهای شهری در دهه فجر"),
    _WaveSpec("arbor-day", 1401, 0, 1, "بوستان‌ها و فضای سبز"),
    _WaveSpec("nowruz", 1402, -6, 2, "استقبال از نوروز"),
    _WaveSpec("islamic-republic-day", 1402, 0, 1, "روز جمهوری اسلامی"),
    _WaveSpec("eid-fitr", 1402, 0, 2, "عیدانهٔ شهر به مردم"),
    _WaveSpec("teachers-day", 1402, 0, 1, "مدرسه‌ها و فضاهای آموزشی"),
    _WaveSpec("khorramshahr-liberation", 1402, 0, 1, "سالروز آزادسازی خرمشهر"),
    _WaveSpec("imam-reza-birthday", 1402, 0, 2, "دهه کرامت"),
)


class Writer(Protocol):
    def write(self, msg: str, /) -> object: ...


def _say(stdout: Writer | None, text: str) -> None:
    if stdout is not None:
        stdout.write("  " + persian.to_persian_digits(text))


def _wave_days(municipality: Municipality, spec: _WaveSpec) -> tuple[dt.date, dt.date, Occasion]:
    for occasion, start, _end, _year in selectors.occasion_dates(
        municipality=municipality, jalali_year=spec.jalali_year
    ):
        if occasion.code == spec.occasion:
            first = start + dt.timedelta(days=spec.offset_days)
            return first, first + dt.timedelta(days=spec.length_days - 1), occasion
    raise LookupError(spec.occasion)


def build_demo_programme(
    *,
    municipality: Municipality,
    stdout: Writer | None = None,
    as_of: dt.date = DEMO_AS_OF,
    time_limit_s: float = DEMO_TIME_LIMIT_S,
) -> Programme:
    """Create (once) and plan the demo programme of ``municipality``; running it again changes
    nothing that is already there."""
    actor = system_actor_ensure()
    programme = Programme.objects.filter(municipality=municipality, slug=PROGRAMME_SLUG).first()
    if programme is None:
        programme = services.programme_create(
            municipality=municipality,
            by=actor,
            name=PROGRAMME_NAME,
            slug=PROGRAMME_SLUG,
            wave_noun="مرحله",
            started_on=_wave_days(municipality, WAVES[0])[0],
            description="افتتاح، بهره‌برداری و آغاز عملیات اجرایی پروژه‌های شهری در مراحل پیاپی.",
        )
        _say(stdout, f"برنامهٔ «{programme.name}» ساخته شد.")
    existing = {w.number for w in Wave.objects.filter(programme=programme)}
    for number, spec in enumerate(WAVES, start=1):
        if number in existing:
            continue
        first, last, occasion = _wave_days(municipality, spec)
        services.wave_create(
            programme=programme,
            by=actor,
            number=number,
            start_date=first,
            end_date=last,
            theme=spec.theme,
            occasion=occasion,
            slots_per_day=6,
            min_ceremonies=spec.min_ceremonies,
            max_ceremonies=spec.max_ceremonies,
            headline_cap=3,
        )
    if Plan.objects.current_for(programme) is None:
        _say(stdout, "برنامه‌ریزی مراحل …")
        plan = services.plan_compute(
            programme=programme, by=actor, time_limit_s=time_limit_s, adopt=True
        )
        _say(
            stdout,
            f"{plan.assignments.count()} آیین در {len(WAVES)} مرحله جا گرفت "
            f"(امتیاز {plan.objective:.0f}).",
        )
    _advance_to(programme, as_of)
    return programme


def _advance_to(programme: Programme, as_of: dt.date) -> None:
    """Mark the waves as they stood on ``as_of``: past ones held, the next one announced."""
    actor = system_actor_ensure()
    waves = list(Wave.objects.filter(programme=programme).order_by("number"))
    upcoming_announced = False
    for wave in waves:
        # Waves are announced a few days ahead, in the morning, Tehran time.
        announced_at = dt.datetime.combine(
            wave.start_date - dt.timedelta(days=3), dt.time(10, 0), tzinfo=TEHRAN
        )
        if wave.end_date < as_of:
            if wave.status == WaveStatus.DRAFT:
                services.wave_announce(wave=wave, by=actor, at=announced_at)
            if wave.status == WaveStatus.ANNOUNCED:
                services.wave_mark_held(wave=wave, by=actor)
        elif not upcoming_announced:
            upcoming_announced = True
            if wave.status == WaveStatus.DRAFT:
                services.wave_announce(wave=wave, by=actor, at=announced_at)
