"""Seeded synthetic problems shaped like a city's programme, for the benchmark and the tests.

Two profiles. ``easy`` (the first one written) gives every ceremony a wide window and room in
most waves, so a greedy plan already reaches about 98 % of the bound. ``hard`` follows the
instances of issue 4 more closely: tight windows (most ceremonies fit one or two waves), ready
dates bunched in seasons, waves that hold 55–85 % of their share with a minimum of 60 %, more
ceremonies asking for officials who travel, small headline caps and a sector mix in which
transport alone is above the 35 % share. With seed 2026 the greedy plan lands at 89.5–92 % of the
bound there (the issue reports 91–93 %).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Literal

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
# The hard profile's mix: transport alone is above the 35 % share of a wave.
HARD_SECTOR_WEIGHTS = (40, 18, 10, 9, 9, 7, 4, 3)

#: Share of a wave's fair share of ceremonies that its maximum allows (hard profile).
HARD_ROOM = (0.55, 0.85)
#: Days from ready to latest (hard profile).
HARD_WINDOW = (8, 40)
#: Share of ceremonies ready near a seasonal peak, and the peaks (as shares of the year).
HARD_SEASONAL = 0.4
HARD_PEAKS = (0.2, 0.55, 0.9)
#: Each wave's minimum as a share of its fair share.
HARD_MIN = 0.6
#: Importance is log-normal around e^HARD_IMPORTANCE (≈ 3), so the soft rules weigh as in a city.
HARD_IMPORTANCE = 1.1

Profile = Literal["easy", "hard"]
PROFILES: tuple[Profile, ...] = ("easy", "hard")


def synthetic_problem(
    n_ceremonies: int,
    n_waves: int,
    *,
    seed: int = 1,
    districts: int = 11,
    slots_per_day: int = 6,
    start: dt.date = dt.date(2026, 3, 21),
    profile: Profile = "easy",
) -> Problem:
    """Return a reproducible problem: ``n_ceremonies`` ceremonies, ``n_waves`` waves in a year."""
    if profile == "hard":
        return _hard_problem(
            n_ceremonies,
            n_waves,
            seed=seed,
            districts=districts,
            slots_per_day=slots_per_day,
            start=start,
        )
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
    return _assemble(
        ceremonies,
        waves,
        officials,
        district_ids,
        rng,
        chiefs=chiefs,
        crews=crews,
        travel_base=10,
        travel_step=6,
    )


def _hard_problem(
    n_ceremonies: int,
    n_waves: int,
    *,
    seed: int,
    districts: int,
    slots_per_day: int,
    start: dt.date,
) -> Problem:
    rng = random.Random(seed)
    district_ids = [f"منطقه {fa(k + 1)}" for k in range(districts)]
    per_wave = n_ceremonies / max(1, n_waves)
    crews = max(2, math.ceil(per_wave / (slots_per_day * 3)))
    chiefs = 3
    day_room = min(crews * slots_per_day, districts * min(chiefs, slots_per_day))
    days_per_wave = max(1, math.ceil(0.6 * per_wave / (0.8 * day_room)))
    spacing = max(days_per_wave + 1, 330 // max(1, n_waves))
    waves = []
    for k in range(n_waves):
        first = start + dt.timedelta(days=10 + k * spacing)
        most = max(1, int(per_wave * rng.uniform(HARD_ROOM[0], HARD_ROOM[1])))
        waves.append(
            Wave(
                id=f"w{k + 1}",
                days=tuple(first + dt.timedelta(days=d) for d in range(days_per_wave)),
                slots_per_day=slots_per_day,
                min_ceremonies=min(most, int(per_wave * HARD_MIN)),
                max_ceremonies=most,
                headline_cap=max(1, int(per_wave * 0.02)),
                title=fa(k + 1),
            )
        )
    span = (waves[-1].days[-1] - start).days if waves else 30
    officials = (
        Official("mayor", 3, "شهردار"),
        Official("deputy-works", 3, "معاون فنی و عمرانی"),
        Official("deputy-transport", 2, "معاون حمل‌ونقل"),
        Official("council", 2, "رئیس شورا"),
        Official("governor", 1, "استاندار"),
    )
    ceremonies = []
    for k in range(n_ceremonies):
        if rng.random() < HARD_SEASONAL:
            # Work finishes in bursts (before Nowruz, before the autumn rains, before Fajr).
            peak = rng.choice(HARD_PEAKS) * span
            ready = start + dt.timedelta(days=int(rng.gauss(peak, 6)))
        else:
            ready = start + dt.timedelta(days=rng.randint(-10, max(1, span - 10)))
        # Most windows hold one or two waves; a few ceremonies can wait.
        reach = rng.randint(HARD_WINDOW[0], HARD_WINDOW[1])
        latest = None if rng.random() < 0.1 else ready + dt.timedelta(days=reach)
        asked: tuple[str, ...] = ()
        roll = rng.random()
        if roll < 0.15:
            asked = ("mayor",)
        elif roll < 0.32:
            asked = (officials[rng.randint(1, 3)].id,)
        elif roll < 0.37:
            asked = ("mayor", "council")
        elif roll < 0.40:
            asked = ("governor", "mayor")
        ceremonies.append(
            Ceremony(
                id=f"c{k + 1}",
                ready_from=ready,
                latest=latest,
                district=rng.choice(district_ids),
                sector=rng.choices(SECTORS, weights=HARD_SECTOR_WEIGHTS)[0],
                credit_rial=rng.randint(1, 5000) * 1_000_000_000,
                importance=min(10, max(1, round(rng.lognormvariate(HARD_IMPORTANCE, 0.6)))),
                headline=rng.random() < 0.12,
                officials=asked,
                duration_min=rng.choice((45, 60, 60, 75)),
                title=f"پروژهٔ {fa(k + 1)}",
            )
        )
    return _assemble(
        ceremonies,
        waves,
        officials,
        district_ids,
        rng,
        chiefs=chiefs,
        crews=crews,
        travel_base=15,
        travel_step=7,
    )


def _assemble(
    ceremonies: list[Ceremony],
    waves: list[Wave],
    officials: tuple[Official, ...],
    district_ids: list[str],
    rng: random.Random,
    *,
    chiefs: int,
    crews: int,
    travel_base: int,
    travel_step: int,
) -> Problem:
    """Draw travel minutes between districts (farther numbers, longer trips); build the problem."""
    travel: dict[tuple[str, str], int] = {}
    for a, first in enumerate(district_ids):
        for b in range(a + 1, len(district_ids)):
            travel[(first, district_ids[b])] = (
                travel_base + travel_step * (b - a) + rng.randint(0, 10)
            )
    return Problem(
        ceremonies=tuple(ceremonies),
        waves=tuple(waves),
        officials=officials,
        travel_min=travel,
        district_chiefs_per_day=chiefs,
        media_crews_per_slot=crews,
        slot_minutes=90,
        default_duration_min=60,
    )
