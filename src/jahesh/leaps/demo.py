"""The demo city's programme «جهش عمرانی», laid out around the day the demo is built.

The waves follow the shape of a real programme of this kind and are tied to the occasions of the
calendar around ``today``: the last few occasions before it are waves already held, a wave is in
progress today, and the next occasions of the coming months are planned waves. Their days come
from the occasions calendar, so a lunar occasion lands where the calendar puts it and every wave
falls in its season. The ceremonies are the demo city's own, planned by the real planner with a
short time limit. The same ``today`` always gives the same programme.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol
from zoneinfo import ZoneInfo

from django.utils import timezone

from jahesh import persian
from jahesh.leaps import selectors, services
from jahesh.leaps.models import (
    Occasion,
    Plan,
    PlanAssignment,
    PlanQuerySet,
    Programme,
    Wave,
    WaveStatus,
)
from jahesh.registry.models import Ceremony, CeremonyStatus, Municipality
from jahesh.registry.services import system_actor_ensure

PROGRAMME_SLUG = "jahesh-omrani"
PROGRAMME_NAME = "جهش عمرانی"
DEMO_TIME_LIMIT_S = 5.0
TEHRAN = ZoneInfo("Asia/Tehran")

HELD_WAVES = 4
PLANNED_WAVES = 3
# Two waves closer than this would blur into one in the news.
MIN_GAP_DAYS = 7
# How far back and ahead the demo looks for occasions; the registry demo's ceremonies are
# ready inside the same window.
LOOK_BACK_DAYS = 200
LOOK_AHEAD_DAYS = 170


@dataclass(frozen=True, slots=True)
class _Style:
    offset_days: int  # from the occasion's first day
    length_days: int
    theme: str
    max_ceremonies: int = 16


# How the demo city marks each shipped occasion; one it does not know gets a one-day wave.
STYLES: dict[str, _Style] = {
    "nowruz": _Style(-6, 2, "استقبال از نوروز"),
    "islamic-republic-day": _Style(0, 1, "روز جمهوری اسلامی"),
    "teachers-day": _Style(0, 1, "مدرسه‌ها و فضاهای آموزشی"),
    "khorramshahr-liberation": _Style(0, 1, "سالروز آزادسازی خرمشهر"),
    "municipality-day": _Style(0, 2, "خدمت شهر به شهروندان"),
    "government-week": _Style(1, 2, "دستاوردهای هفته دولت"),
    "sacred-defence-week": _Style(1, 1, "یاد ایثارگران در محله‌ها"),
    "basij-week": _Style(1, 2, "خدمت‌رسانی به محله‌ها"),
    "dahe-fajr": _Style(0, 2, "افتتاح‌های آغاز دهه فجر", max_ceremonies=10),
    "arbor-day": _Style(0, 1, "بوستان‌ها و فضای سبز"),
    "mabath": _Style(0, 1, "عید مبعث"),
    "imam-ali-birthday": _Style(0, 1, "روز پدر، شهر مهربان"),
    "nimeh-shaban": _Style(0, 2, "جشن نیمه شعبان"),
    "eid-fitr": _Style(0, 2, "عیدانهٔ شهر به مردم"),
    "dahe-karamat": _Style(0, 2, "دهه کرامت"),
    "imam-reza-birthday": _Style(0, 1, "میلاد امام رضا (ع)"),
    "eid-qurban": _Style(0, 1, "عید قربان"),
    "eid-ghadir": _Style(0, 1, "عید غدیر"),
    "fatimah-birthday": _Style(0, 1, "روز مادر، شهر مهربان"),
}


@dataclass(frozen=True, slots=True)
class DemoWave:
    """One wave of the demo programme as laid out for a given day."""

    start: dt.date
    end: dt.date
    occasion: Occasion
    theme: str
    max_ceremonies: int = 16


class Writer(Protocol):
    def write(self, msg: str, /) -> object: ...


def _say(stdout: Writer | None, text: str) -> None:
    if stdout is not None:
        stdout.write("  " + persian.to_persian_digits(text))


def _occasion_waves(municipality: Municipality, today: dt.date) -> list[DemoWave]:
    """Every occasion of the city near ``today`` as the wave the demo city would hold for it."""
    year = persian.jalali_year(today)
    first, last = (
        today - dt.timedelta(days=LOOK_BACK_DAYS),
        today + dt.timedelta(days=LOOK_AHEAD_DAYS),
    )
    found: list[DemoWave] = []
    for jalali_year in (year - 1, year, year + 1):
        for occasion, start, _end, _year in selectors.occasion_dates(
            municipality=municipality, jalali_year=jalali_year
        ):
            style = STYLES.get(occasion.code, _Style(0, 1, occasion.name))
            day = start + dt.timedelta(days=style.offset_days)
            if first <= day <= last:
                found.append(
                    DemoWave(
                        start=day,
                        end=day + dt.timedelta(days=style.length_days - 1),
                        occasion=occasion,
                        theme=style.theme,
                        max_ceremonies=style.max_ceremonies,
                    )
                )
    found.sort(key=lambda w: (w.start, w.occasion.code))
    return found


def _spaced(waves: list[DemoWave], *, backwards: bool = False) -> list[DemoWave]:
    """Keep waves at least ``MIN_GAP_DAYS`` apart, the one nearer the start of the walk winning
    (walking ``backwards`` from the latest when ``backwards``); return them in date order."""
    kept: list[DemoWave] = []
    for wave in reversed(waves) if backwards else waves:
        if kept:
            gap = (kept[-1].start - wave.end) if backwards else (wave.start - kept[-1].end)
            if gap.days < MIN_GAP_DAYS:
                continue
        kept.append(wave)
    return sorted(kept, key=lambda w: w.start)


def demo_waves(*, municipality: Municipality, today: dt.date) -> list[DemoWave]:
    """Lay the programme out around ``today``: held waves, the one in progress, planned ones.

    The wave in progress runs from yesterday to tomorrow, on the occasion nearest to today;
    the held waves are the occasions before it, the planned ones the occasions after it.
    """
    around = _occasion_waves(municipality, today)
    if not around:
        raise LookupError("no occasions around the demo's day")
    nearest = min(around, key=lambda w: (abs((w.start - today).days), w.start))
    current = DemoWave(
        start=today - dt.timedelta(days=1),
        end=today + dt.timedelta(days=1),
        occasion=nearest.occasion,
        theme=nearest.theme,
        max_ceremonies=nearest.max_ceremonies,
    )
    gap = dt.timedelta(days=MIN_GAP_DAYS)
    before = [w for w in around if w.end <= current.start - gap and w.occasion != nearest.occasion]
    after = [w for w in around if w.start >= current.end + gap and w.occasion != nearest.occasion]
    held = _spaced(before, backwards=True)[-HELD_WAVES:]
    planned = _spaced(after)[:PLANNED_WAVES]
    return [*held, current, *planned]


def build_demo_programme(
    *,
    municipality: Municipality,
    stdout: Writer | None = None,
    today: dt.date | None = None,
    time_limit_s: float = DEMO_TIME_LIMIT_S,
) -> Programme:
    """Create (once) and plan the demo programme of ``municipality`` around ``today`` (Tehran's
    today by default); running it again changes nothing that is already there."""
    today = today or timezone.localdate()
    actor = system_actor_ensure()
    layout = demo_waves(municipality=municipality, today=today)
    programme = Programme.objects.filter(municipality=municipality, slug=PROGRAMME_SLUG).first()
    if programme is None:
        programme = services.programme_create(
            municipality=municipality,
            by=actor,
            name=PROGRAMME_NAME,
            slug=PROGRAMME_SLUG,
            wave_noun="مرحله",
            started_on=layout[0].start,
            description="افتتاح، بهره‌برداری و آغاز عملیات اجرایی پروژه‌های شهری در مراحل پیاپی.",
        )
        _say(stdout, f"برنامهٔ «{programme.name}» ساخته شد.")
    if not Wave.objects.filter(programme=programme).exists():
        for number, spec in enumerate(layout, start=1):
            services.wave_create(
                programme=programme,
                by=actor,
                number=number,
                start_date=spec.start,
                end_date=spec.end,
                theme=spec.theme,
                occasion=spec.occasion,
                slots_per_day=6,
                min_ceremonies=4,
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
            f"{plan.assignments.count()} آیین در {len(layout)} مرحله جا گرفت "
            f"(امتیاز {plan.objective:.0f}).",
        )
    _advance_to(programme, today)
    return programme


def _advance_to(programme: Programme, today: dt.date) -> None:
    """Mark the waves as they stand on ``today``: past ones held, the one under way announced."""
    actor = system_actor_ensure()
    for wave in Wave.objects.filter(programme=programme).order_by("number"):
        if wave.start_date > today:
            continue
        if wave.status == WaveStatus.DRAFT:
            # Waves are announced a few days ahead, in the morning, Tehran time.
            announced_at = dt.datetime.combine(
                wave.start_date - dt.timedelta(days=3), dt.time(10, 0), tzinfo=TEHRAN
            )
            services.wave_announce(wave=wave, by=actor, at=announced_at)
        if wave.end_date < today and wave.status == WaveStatus.ANNOUNCED:
            services.wave_mark_held(wave=wave, by=actor)
            _hold_ceremonies(wave, today)


def _hold_ceremonies(wave: Wave, today: dt.date) -> None:
    """Say what became of each ceremony of a wave just marked held: most were held in their
    slot on their day; a few, chosen by their place in the wave (so the same ``today`` gives the
    same story), were held days late, postponed, or cancelled the day before. The history
    records are dated when each thing happened, as the promises page reads them."""
    placed = (
        PlanAssignment.objects.filter(
            PlanQuerySet.current_q("plan"), wave=wave, plan__programme_id=wave.programme_id
        )
        .select_related("ceremony")
        .order_by("day", "slot", "ceremony_id")
    )
    # The demo enters its ceremonies today, though its story has them entered before the wave
    # was announced: their first records are dated so, or a change would read as older.
    entered = (wave.announced_at or timezone.now()) - dt.timedelta(days=7)
    Ceremony.history.filter(id__in=placed.values("ceremony_id"), history_date__gt=entered).update(
        history_date=entered
    )
    for index, assignment in enumerate(placed, start=wave.number):
        ceremony = assignment.ceremony
        if ceremony.status in (CeremonyStatus.HELD, CeremonyStatus.CANCELLED):
            continue
        slot_start = wave.slot_start(assignment.day, assignment.slot).replace(tzinfo=TEHRAN)
        day_before = slot_start - dt.timedelta(days=1)
        if index % 23 == 7:
            ceremony.status = CeremonyStatus.CANCELLED
            when = day_before
        elif index % 19 == 5:
            # Postponed the day before, to a day still to come.
            ceremony.status = CeremonyStatus.POSTPONED
            ceremony.ready_from = today + dt.timedelta(days=10 + index % 20)
            ceremony.latest_date = None
            when = day_before
        else:
            late_days = 1 + index % 5 if index % 9 == 4 else 0
            held_at = slot_start + dt.timedelta(days=late_days)
            if held_at.date() >= today:  # a late holding cannot be in the future
                held_at = slot_start
            ceremony.status = CeremonyStatus.HELD
            ceremony.held_at = held_at
            when = held_at
        ceremony._history_date = when  # type: ignore[attr-defined]
        ceremony.save()
        del ceremony._history_date  # type: ignore[attr-defined]
    # The outcomes are stored now, not by the queued refresh: the demo may load with no worker.
    services.promise_outcomes_refresh(ceremony_ids=[a.ceremony_id for a in placed])
