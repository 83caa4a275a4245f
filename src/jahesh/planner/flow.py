"""Seat ceremonies on the days and slots of their waves without breaking a hard rule.

The optimiser decides which wave (and, for small problems, which day) each ceremony gets; this
module finds the slots. Without officials a day is easy: each district holds one ceremony per slot
and each slot C ceremonies, so a day whose counts fit (≤ K_d per district, ≤ C × slots in all) is
always seatable and a quick pass finds the seats. Officials add one-at-a-time and travel rules that
no single flow expresses, so the most constrained ceremonies go first; a ceremony that finds no
free seat may move one ceremony that blocks it (a one-step augmenting path); when the optimiser
fixed the day, a bounded exhaustive search re-seats the whole day. Whatever still finds no seat is
returned, and the caller re-places it or leaves it out with an explanation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from jahesh.planner.indexing import Index

Seat = tuple[int, int, int]  # (wave, day, slot) positions
#: A swap of two ceremonies' days must gain more than this, so rounding noise never makes one.
SWAP_GAIN_MIN_POINTS = 1e-9


class Board:
    """Occupancy of every wave, day and slot, checked against every hard rule on each move."""

    def __init__(self, index: Index) -> None:
        self.index = index
        problem = index.problem
        self.crews = problem.media_crews_per_slot
        self.seat_of: dict[int, Seat] = {}
        self.wave_count = [0] * len(index.waves)
        self.wave_headlines = [0] * len(index.waves)
        self.slot_count: dict[Seat, int] = defaultdict(int)
        self.slot_members: dict[Seat, set[int]] = defaultdict(set)
        self.district_day: dict[tuple[int, int, str], int] = defaultdict(int)
        self.district_slot: dict[tuple[int, int, int, str], int] = {}
        self.official_day: dict[tuple[int, int, str], int] = defaultdict(int)
        self.official_slot: dict[tuple[int, int, int, str], int] = {}
        self.chief_caps = {d: problem.chief_cap(d) for d in index.districts}
        # When the optimiser chose the days, a ceremony moved aside keeps its day.
        self.keep_days = False

    # -- checks ---------------------------------------------------------------------------------

    def wave_has_room(self, i: int, wave: int) -> bool:
        w = self.index.waves[wave]
        if self.wave_count[wave] >= w.max_ceremonies:
            return False
        return not (
            self.index.ceremonies[i].headline and self.wave_headlines[wave] >= w.headline_cap
        )

    def blockers(self, i: int, seat: Seat) -> list[int] | None:
        """Return the ceremonies that stop ``i`` from taking ``seat`` ([] if free, None if never).

        ``None`` means the seat fails for a reason no single move can cure (day-level caps)."""
        wave, day, slot = seat
        c = self.index.ceremonies[i]
        w = self.index.waves[wave]
        if slot >= w.slots_per_day:
            return None
        found: list[int] = []
        if self.district_day[(wave, day, c.district)] >= self.chief_caps[c.district]:
            return None
        other = self.district_slot.get((wave, day, slot, c.district))
        if other is not None:
            found.append(other)
        problem = self.index.problem
        for official in c.officials:
            if self.official_day[(wave, day, official)] >= self.index.official_cap[official]:
                return None
            same = self.official_slot.get((wave, day, slot, official))
            if same is not None and same not in found:
                found.append(same)
            before = self.official_slot.get((wave, day, slot - 1, official))
            if (
                before is not None
                and before not in found
                and not problem.can_follow(self.index.ceremonies[before], c)
            ):
                found.append(before)
            after = self.official_slot.get((wave, day, slot + 1, official))
            if (
                after is not None
                and after not in found
                and not problem.can_follow(c, self.index.ceremonies[after])
            ):
                found.append(after)
        if self.slot_count[seat] >= self.crews and not found:
            # Any ceremony of the slot would free a crew; the caller tries them.
            found.extend(sorted(self.slot_members[seat]))
            if not found:
                return None
        return found

    def day_has_room(self, i: int, wave: int, day: int) -> bool:
        """Tell whether the day-level caps (chief, officials, crews) leave room for ``i``."""
        c = self.index.ceremonies[i]
        if self.district_day[(wave, day, c.district)] >= self.chief_caps[c.district]:
            return False
        for official in c.officials:
            if self.official_day[(wave, day, official)] >= self.index.official_cap[official]:
                return False
        slots = self.index.waves[wave].slots_per_day
        taken = sum(self.slot_count[(wave, day, s)] for s in range(slots))
        return taken < self.crews * slots

    def can_take(self, i: int, seat: Seat) -> bool:
        return self.blockers(i, seat) == []

    # -- moves ----------------------------------------------------------------------------------

    def place(self, i: int, seat: Seat) -> None:
        wave, day, slot = seat
        c = self.index.ceremonies[i]
        self.seat_of[i] = seat
        self.wave_count[wave] += 1
        if c.headline:
            self.wave_headlines[wave] += 1
        self.slot_count[seat] += 1
        self.slot_members[seat].add(i)
        self.district_day[(wave, day, c.district)] += 1
        self.district_slot[(wave, day, slot, c.district)] = i
        for official in c.officials:
            self.official_day[(wave, day, official)] += 1
            self.official_slot[(wave, day, slot, official)] = i

    def remove(self, i: int) -> Seat:
        seat = self.seat_of.pop(i)
        wave, day, slot = seat
        c = self.index.ceremonies[i]
        self.wave_count[wave] -= 1
        if c.headline:
            self.wave_headlines[wave] -= 1
        self.slot_count[seat] -= 1
        self.slot_members[seat].discard(i)
        self.district_day[(wave, day, c.district)] -= 1
        del self.district_slot[(wave, day, slot, c.district)]
        for official in c.officials:
            self.official_day[(wave, day, official)] -= 1
            del self.official_slot[(wave, day, slot, official)]
        return seat

    # -- search ---------------------------------------------------------------------------------

    def reseat_day(self, i: int, wave: int, day: int, *, max_steps: int = 20_000) -> bool:
        """Re-seat every movable ceremony of one day, plus ``i``, by exhaustive search.

        The quick seating can paint itself into a corner with officials and travel times; a
        day holds few ceremonies, so a bounded backtracking search settles whether they fit."""
        if not self.wave_has_room(i, wave):
            return False
        slots = self.index.waves[wave].slots_per_day
        locked = self.index.locked_positions
        old = {
            j: seat
            for j, seat in self.seat_of.items()
            if seat[0] == wave and seat[1] == day and j not in locked
        }
        for j in old:
            self.remove(j)
        members = [*old, i]
        districts: dict[str, int] = defaultdict(int)
        for j in members:
            districts[self.index.ceremonies[j].district] += 1
        members.sort(
            key=lambda j: (
                -len(self.index.ceremonies[j].officials),
                -districts[self.index.ceremonies[j].district],
                j,
            )
        )
        steps = [max_steps]

        def place_from(k: int) -> bool:
            if k == len(members):
                return True
            j = members[k]
            for s in range(slots):
                steps[0] -= 1
                if steps[0] <= 0:
                    return False
                seat = (wave, day, s)
                if self.can_take(j, seat):
                    self.place(j, seat)
                    if place_from(k + 1):
                        return True
                    self.remove(j)
            return False

        if place_from(0):
            return True
        for j in [j for j in members if j in self.seat_of]:
            self.remove(j)
        for j, seat in old.items():
            self.place(j, seat)
        return False

    def seat_order(self, i: int, wave: int, days: Sequence[int]) -> Iterable[Seat]:
        """Yield seats to try: the previous seat first, then earliest day, then emptiest slot."""
        index = self.index
        previous = index.problem.previous.get(index.ceremonies[i].id)
        slots = index.waves[wave].slots_per_day
        if previous is not None and index.wave_pos.get(previous.wave) == wave:
            ords = index.wave_day_ordinals[wave]
            ordinal = previous.day.toordinal()
            for d in days:
                if ords[d] == ordinal and 0 <= previous.slot < slots:
                    yield (wave, d, previous.slot)
        for d in days:
            for s in sorted(range(slots), key=lambda s: self.slot_count[(wave, d, s)]):
                yield (wave, d, s)

    def find_seat(self, i: int, wave: int, days: Sequence[int], *, augment: bool = True) -> bool:
        """Seat ``i`` in ``wave`` on one of ``days``; move one blocker if that is what it takes."""
        if not self.wave_has_room(i, wave):
            return False
        for seat in self.seat_order(i, wave, days):
            if self.can_take(i, seat):
                self.place(i, seat)
                return True
        if not augment:
            return False
        for seat in self.seat_order(i, wave, days):
            found = self.blockers(i, seat)
            if not found or len(found) != 1:
                continue
            other = found[0]
            if other in self.index.locked_positions:
                continue
            old = self.remove(other)
            if self.can_take(i, seat):
                self.place(i, seat)
                cand = self.index.candidate(other, wave)
                other_days: Sequence[int] = (old[1],)
                if cand is not None and not self.keep_days:
                    other_days = (old[1], *(d for d in cand.days if d != old[1]))
                for alt in self.seat_order(other, wave, other_days):
                    if alt != seat and self.can_take(other, alt):
                        self.place(other, alt)
                        return True
                self.remove(i)
            self.place(other, old)
        return False


def _days_in(index: Index, i: int, wave: int) -> tuple[int, ...]:
    cand = index.candidate(i, wave)
    return cand.days if cand is not None else ()


def seat_waves(
    index: Index,
    board: Board,
    wave_of: dict[int, int],
    *,
    order: Sequence[int] | None = None,
    day_of: dict[int, int] | None = None,
) -> list[int]:
    """Seat every ceremony of ``wave_of`` in its wave; return the ones that found no seat.

    Ceremonies with the fewest days in their window go first, then those with officials (fewest
    candidate seats), then by value, so that the earliest days go to the most important ones."""
    if order is None:
        order = sorted(
            wave_of,
            key=lambda i: (
                len(_days_in(index, i, wave_of[i])),
                -len(index.ceremonies[i].officials),
                -index.ceremonies[i].importance,
                index.ceremonies[i].ready_from,
                i,
            ),
        )
    unseated: list[int] = []
    wanted = day_of or {}
    board.keep_days = bool(wanted)
    for i in order:
        wave = wave_of[i]
        cand = index.candidate(i, wave)
        if cand is None:
            unseated.append(i)
            continue
        day = wanted.get(i)
        if (
            day is not None
            and day in cand.days
            and (board.find_seat(i, wave, (day,)) or board.reseat_day(i, wave, day))
        ):
            continue
        if board.find_seat(i, wave, cand.days):
            continue
        # The quick seating may have painted itself into a corner: settle each day that still
        # has room by the exhaustive search before giving the ceremony up.
        if not any(
            board.day_has_room(i, wave, d) and board.reseat_day(i, wave, d) for d in cand.days
        ):
            unseated.append(i)
    board.keep_days = False
    return unseated


def improve_days(index: Index, board: Board, *, max_pairs: int = 400_000) -> None:
    """Move ceremonies to earlier days of their wave, alone or in a swap with a less valuable one.

    Seating goes by constraint first, so a valuable ceremony can land on a later day than a less
    valuable one; each move here keeps every hard rule and only ever raises the earliness value."""
    locked = index.locked_positions
    by_wave: dict[int, list[int]] = defaultdict(list)
    for i, seat in board.seat_of.items():
        if i not in locked:
            by_wave[seat[0]].append(i)
    budget = max_pairs
    for wave, members in by_wave.items():
        if len(index.waves[wave].days) < 2:
            continue
        members.sort(key=lambda i: -index.ceremonies[i].importance)
        for i in members:
            cand = index.candidate(i, wave)
            if cand is None:
                continue
            _wave, day, _slot = board.seat_of[i]
            earlier = [d for d in cand.days if d < day]
            if not earlier:
                continue
            old = board.remove(i)
            for seat in board.seat_order(i, wave, earlier):
                if board.can_take(i, seat):
                    board.place(i, seat)
                    break
            else:
                board.place(i, old)
        # Swaps: a valuable ceremony on a later day with a less valuable one on an earlier day.
        for a in members:
            seat_a = board.seat_of[a]
            cand_a = index.candidate(a, wave)
            if cand_a is None:
                continue
            for b in members:
                budget -= 1
                if budget <= 0:
                    return
                seat_b = board.seat_of[b]
                if seat_b[1] >= seat_a[1] or seat_b[1] not in cand_a.days:
                    continue
                gain_a = index.day_value(a, wave, seat_b[1]) - index.day_value(a, wave, seat_a[1])
                cand_b = index.candidate(b, wave)
                if cand_b is None or seat_a[1] not in cand_b.days:
                    continue
                loss_b = index.day_value(b, wave, seat_b[1]) - index.day_value(b, wave, seat_a[1])
                if gain_a <= loss_b + SWAP_GAIN_MIN_POINTS:
                    continue
                board.remove(a)
                board.remove(b)
                if board.can_take(a, seat_b):
                    board.place(a, seat_b)
                    if board.can_take(b, seat_a):
                        board.place(b, seat_a)
                        seat_a = seat_b
                        continue
                    board.remove(a)
                board.place(a, seat_a)
                board.place(b, seat_b)
