"""Seeded synthetic problems shaped like a city's programme, for the benchmark and the tests."""

from __future__ import annotations

import datetime as dt
import math
import random

from jahesh.planner.problem import Ceremony, Official, Problem, Wave
from jahesh.planner.wording import fa

SECTORS = (
    "حمل‌ونقل",
    "فضای سبز",
    "فرهنگی",
    "ورزشی",
    "خدمات شهری",
    "ایمنی",
    "اجتماعی",
    "گردشگری",
)
# Transport and green space dominate a real city's list, so the 35 % rule has work to do.
SECTOR_WEIGHTS = (30, 20, 12, 10, 10, 8, 6, 4)


def synthetic_problem(
    n_ceremonies: int,
    n_waves: int,
    *,
    seed: int = 1,
    districts: int = 11,
    slots_per_day: int = 6,
    start: dt.date = dt.date(2026, 3, 21),
) -> Problem:
    """Return a reproducible problem: ``n_ceremonies`` ceremonies, ``n_waves`` waves in a year."""
    rng = random.Random(seed)
    district_ids = [f"منطقه {fa(k + 1)}" for k in range(districts)]
    per_wave = n_ceremonies / max(1, n_waves)
    # Enough media crews and days that the waves can hold about 90 % of the ceremonies.
    crews = max(3, math.ceil(per_wave / (slots_per_day * 2)))
    chiefs = 3
    day_room = min(crews * slots_per_day, districts * min(chiefs, slots_per_day))
    days_per_wave = max(1, math.ceil(0.9 * per_wave / (0.8 * day_room)))
    spacing = max(days_per_wave + 1, 330 // max(1, n_waves))
    waves = []
    for k in range(n_waves):
        first = start + dt.timedelta(days=10 + k * spacing)
        waves.append(
            Wave(
                id=f"w{k + 1}",
                days=tuple(first + dt.timedelta(days=d) for d in range(days_per_wave)),
                slots_per_day=slots_per_day,
                min_ceremonies=int(per_wave * 0.6),
                # Room for about three in four ceremonies: waves compete for them.
                max_ceremonies=max(1, int(per_wave * rng.uniform(0.6, 0.9))),
                headline_cap=max(1, int(per_wave * 0.05)),
                title=fa(k + 1),
            )
        )
    span = (waves[-1].days[-1] - start).days if waves else 30
    officials = (
        Official("mayor", 4, "شهردار"),
        Official("deputy-works", 3, "معاون فنی و عمرانی"),
        Official("deputy-transport", 3, "معاون حمل‌ونقل"),
        Official("council", 2, "رئیس شورا"),
    )
    ceremonies = []
    for k in range(n_ceremonies):
        ready = start + dt.timedelta(days=rng.randint(-30, max(1, span - 20)))
        latest = None if rng.random() < 0.35 else ready + dt.timedelta(days=rng.randint(10, 120))
        asked: tuple[str, ...] = ()
        roll = rng.random()
        if roll < 0.12:
            asked = ("mayor",)
        elif roll < 0.25:
            asked = (officials[rng.randint(1, 3)].id,)
        elif roll < 0.28:
            asked = ("mayor", "council")
        ceremonies.append(
            Ceremony(
                id=f"c{k + 1}",
                ready_from=ready,
                latest=latest,
                district=rng.choice(district_ids),
                sector=rng.choices(SECTORS, weights=SECTOR_WEIGHTS)[0],
                credit_rial=rng.randint(1, 5000) * 1_000_000_000,
                importance=rng.randint(1, 10),
                headline=rng.random() < 0.1,
                officials=asked,
                duration_min=rng.choice((45, 60, 60, 75)),
                title=f"پروژهٔ {fa(k + 1)}",
            )
        )
    travel: dict[tuple[str, str], int] = {}
    for a in range(districts):
        for b in range(a + 1, districts):
            travel[(district_ids[a], district_ids[b])] = 10 + 6 * abs(a - b) + rng.randint(0, 10)
    return Problem(
        ceremonies=tuple(ceremonies),
        waves=tuple(waves),
        officials=officials,
        travel_min=dict(travel),
        district_chiefs_per_day=chiefs,
        media_crews_per_slot=crews,
        slot_minutes=90,
        default_duration_min=60,
    )
