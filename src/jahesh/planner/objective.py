"""The one weighted objective, in value points, of a plan (soft rules; penalties are negative)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from jahesh.planner.indexing import Index
from jahesh.planner.problem import Assignment, Breakdown, Problem

Seat = tuple[int, int, int]


def score(index: Index, seat_of: Mapping[int, Seat]) -> Breakdown:
    """Return the objective of a plan given as ceremony position → (wave, day, slot) positions."""
    problem = index.problem
    weights = problem.weights
    earliness = 0.0
    per_wave: Counter[int] = Counter()
    per_wave_sector: Counter[tuple[int, str]] = Counter()
    waves_with_headline: set[int] = set()
    wave_districts: set[tuple[int, str]] = set()
    for i, (wave, day, _slot) in seat_of.items():
        c = index.ceremonies[i]
        earliness += index.day_value(i, wave, day)
        per_wave[wave] += 1
        per_wave_sector[(wave, c.sector)] += 1
        wave_districts.add((wave, c.district))
        if c.headline:
            waves_with_headline.add(wave)
    shortfall = sum(max(0, w.min_ceremonies - per_wave[j]) for j, w in enumerate(index.waves))
    over_share = sum(
        max(0.0, n - weights.sector_share_max * per_wave[wave])
        for (wave, _sector), n in per_wave_sector.items()
    )
    changes = 0
    for cid, before in problem.previous.items():
        pos = index.ceremony_pos.get(cid)
        if pos is None:
            continue
        seat = seat_of.get(pos)
        if seat is None or index.wave_pos.get(before.wave) != seat[0]:
            changes += 1
    return Breakdown(
        earliness=earliness,
        wave_minimum=-weights.wave_minimum * shortfall,
        headline=weights.headline * len(waves_with_headline),
        sector_presence=weights.sector_presence * len(per_wave_sector),
        district_presence=weights.district_presence * len(wave_districts),
        sector_share=-weights.sector_share * over_share,
        changes=-weights.change * changes,
    )


def seats_from_assignments(index: Index, assignments: Sequence[Assignment]) -> dict[int, Seat]:
    """Map assignments to positions; unknown ceremonies, waves or days are skipped."""
    seat_of: dict[int, Seat] = {}
    for a in assignments:
        i = index.ceremony_pos.get(a.ceremony)
        wave = index.wave_pos.get(a.wave)
        if i is None or wave is None:
            continue
        ordinal = a.day.toordinal()
        ords = index.wave_day_ordinals[wave]
        if ordinal not in ords:
            continue
        seat_of[i] = (wave, ords.index(ordinal), a.slot)
    return seat_of


def evaluate(problem: Problem, assignments: Sequence[Assignment]) -> Breakdown:
    """Return the objective of a plan, term by term."""
    index = Index(problem)
    return score(index, seats_from_assignments(index, assignments))
