"""Integer indexes over a problem, shared by the greedy, the seating, the objective and the solver.

Dates become day ordinals and ids become positions once, so the hot loops compare integers.
"""

from __future__ import annotations

import bisect
from typing import NamedTuple

from jahesh.planner.problem import Ceremony, Problem, Wave

#: Each ceremony's value in points is importance × max(FLOOR, ON_TIME − days late / DAYS_PER_POINT).
EARLINESS_ON_TIME = 100.0
EARLINESS_FLOOR = 20.0
DAYS_PER_POINT = 3.0
#: Day ordinals beyond every real date: an open window's end, and the start of the running max.
_NEVER = 10**9


def earliness_points(importance: int, days_late: int) -> float:
    """Return the unweighted value of holding a ceremony ``days_late`` days after it is ready."""
    return importance * max(EARLINESS_FLOOR, EARLINESS_ON_TIME - days_late / DAYS_PER_POINT)


class Candidate(NamedTuple):
    """One wave a ceremony may go to, with the wave's days inside its window (positions)."""

    wave: int
    days: tuple[int, ...]
    best_value: float


class Index:
    """Positions, day ordinals, windows and candidate waves for one problem."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.ceremonies: tuple[Ceremony, ...] = problem.ceremonies
        self.waves: tuple[Wave, ...] = problem.waves
        self.ceremony_pos = {c.id: i for i, c in enumerate(self.ceremonies)}
        self.wave_pos = {w.id: j for j, w in enumerate(self.waves)}
        self.official_cap = {o.id: o.max_per_day for o in problem.officials}
        self.locked_positions = frozenset(
            self.ceremony_pos[cid] for cid in problem.locks if cid in self.ceremony_pos
        )
        self.wave_day_ordinals: list[tuple[int, ...]] = [
            tuple(d.toordinal() for d in w.days) for w in self.waves
        ]
        self.districts = sorted({c.district for c in self.ceremonies})
        self.sectors = sorted({c.sector for c in self.ceremonies})
        weight = problem.weights.earliness
        order = sorted(
            range(len(self.waves)),
            key=lambda j: self.wave_day_ordinals[j][0] if self.wave_day_ordinals[j] else 0,
        )
        firsts = [self.wave_day_ordinals[j][0] if self.wave_day_ordinals[j] else 0 for j in order]
        lasts_max: list[int] = []
        running = -_NEVER
        for j in order:
            ords = self.wave_day_ordinals[j]
            running = max(running, max(ords) if ords else running)
            lasts_max.append(running)
        all_days = [tuple(range(len(ords))) for ords in self.wave_day_ordinals]
        self.candidates: list[tuple[Candidate, ...]] = []
        self.blocked: list[str | None] = []
        for c in self.ceremonies:
            reason = self._blocked_reason(c)
            self.blocked.append(reason)
            if reason is not None:
                self.candidates.append(())
                continue
            start = c.ready_from.toordinal()
            end = c.latest.toordinal() if c.latest is not None else _NEVER
            found: list[Candidate] = []
            importance = c.importance
            # Waves sorted by first day: skip those that end before the window opens.
            k = bisect.bisect_left(lasts_max, start)
            while k < len(order) and firsts[k] <= end:
                j = order[k]
                k += 1
                ords = self.wave_day_ordinals[j]
                lo = bisect.bisect_left(ords, start) if start > ords[0] else 0
                hi = bisect.bisect_right(ords, end) if end < ords[-1] else len(ords)
                if lo < hi:
                    late = ords[lo] - start
                    points = EARLINESS_ON_TIME - late / DAYS_PER_POINT
                    points = max(points, EARLINESS_FLOOR)
                    found.append(Candidate(j, all_days[j][lo:hi], weight * importance * points))
            found.sort(key=lambda cand: -cand.best_value)
            self.candidates.append(tuple(found))

    def _blocked_reason(self, c: Ceremony) -> str | None:
        for official in c.officials:
            cap = self.official_cap.get(official)
            if cap is None:
                return "unknown_official"
            if cap <= 0:
                return "official_zero"
        return None

    def day_value(self, i: int, wave: int, day: int) -> float:
        c = self.ceremonies[i]
        late = self.wave_day_ordinals[wave][day] - c.ready_from.toordinal()
        return self.problem.weights.earliness * earliness_points(c.importance, late)

    def candidate(self, i: int, wave: int) -> Candidate | None:
        for cand in self.candidates[i]:
            if cand.wave == wave:
                return cand
        return None
