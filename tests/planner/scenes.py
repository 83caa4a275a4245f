"""Small hand-checkable planning problems for the planner tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from jahesh.planner import Ceremony, Official, Problem, Wave, Weights

DAY = dt.date(2026, 1, 1)
ONLY_EARLINESS = Weights(
    earliness=1.0,
    wave_minimum=0.0,
    headline=0.0,
    sector_presence=0.0,
    district_presence=0.0,
    sector_share=0.0,
    change=0.0,
)


def day(offset: int) -> dt.date:
    return DAY + dt.timedelta(days=offset)


def ceremony(cid: str, **kwargs: object) -> Ceremony:
    values: dict[str, object] = {
        "ready_from": DAY,
        "district": "d1",
        "sector": "s1",
        "importance": 5,
    }
    values.update(kwargs)
    return Ceremony(id=cid, **values)  # type: ignore[arg-type]


def wave(wid: str, *offsets: int, **kwargs: object) -> Wave:
    return Wave(id=wid, days=tuple(day(o) for o in offsets), **kwargs)  # type: ignore[arg-type]


def two_waves_one_seat_each() -> Problem:
    """A (importance 10) and B (5), ready on day 0; waves on day 3 and day 30, one seat each.

    Putting A first is worth 10·99 + 5·90 = 1440 points; the other way 5·99 + 10·90 = 1395."""
    return Problem(
        ceremonies=(ceremony("A", importance=10), ceremony("B", importance=5)),
        waves=(wave("w1", 3, max_ceremonies=1), wave("w2", 30, max_ceremonies=1)),
        weights=ONLY_EARLINESS,
    )


def one_official_two_districts(travel: int | None) -> Problem:
    """Two ceremonies for the mayor in different districts, one wave of one day with two slots."""
    travel_min = {} if travel is None else {("d1", "d2"): travel}
    return Problem(
        ceremonies=(
            ceremony("A", district="d1", officials=("mayor",)),
            ceremony("B", district="d2", officials=("mayor",)),
        ),
        waves=(wave("w1", 0, slots_per_day=2),),
        officials=(Official("mayor", 4),),
        travel_min=travel_min,
        slot_minutes=90,
        default_duration_min=60,
        weights=ONLY_EARLINESS,
    )


def with_weights(problem: Problem, **weights: float) -> Problem:
    return replace(problem, weights=replace(problem.weights, **weights))
