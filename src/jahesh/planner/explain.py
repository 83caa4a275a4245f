"""Persian explanations: why each ceremony left out stayed out, why each soft rule was missed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from jahesh.planner.flow import Board
from jahesh.planner.indexing import Index
from jahesh.planner.objective import seats_from_assignments
from jahesh.planner.problem import (
    Assignment,
    Explanation,
    ExplanationKind,
    Official,
    Problem,
)
from jahesh.planner.wording import ceremony_name, fa, official_name, solar_date, wave_name

#: How many of a left-out ceremony's candidate waves are explained one by one.
WAVES_EXPLAINED = 3


def board_from_seats(index: Index, seat_of: dict[int, tuple[int, int, int]]) -> Board:
    """Return a board with each ceremony placed on its seat."""
    board = Board(index)
    for i, seat in seat_of.items():
        board.place(i, seat)
    return board


def explain(problem: Problem, assignments: Sequence[Assignment]) -> tuple[Explanation, ...]:
    """Explain, in Persian, every ceremony left out and every soft rule missed by a plan."""
    index = Index(problem)
    return explain_board(index, board_from_seats(index, seats_from_assignments(index, assignments)))


def _why_not_in(index: Index, board: Board, i: int, wave: int, days: Sequence[int]) -> str:
    """Return why ceremony ``i`` did not get into one of its candidate waves."""
    c = index.ceremonies[i]
    w = index.waves[wave]
    if board.wave_count[wave] >= w.max_ceremonies:
        return f"{wave_name(w)} به بیشینهٔ {fa(w.max_ceremonies)} آیین رسیده بود"
    if c.headline and board.wave_headlines[wave] >= w.headline_cap:
        return f"سقف {fa(w.headline_cap)} پروژهٔ شاخص {wave_name(w)} پر بود"
    cap = index.problem.chief_cap(c.district)
    if all(board.district_day[(wave, d, c.district)] >= cap for d in days):
        return f"رئیس منطقهٔ «{c.district}» در روزهای {wave_name(w)} به سقف {fa(cap)} آیین رسیده بود"
    officials = {o.id: o for o in index.problem.officials}
    for official in c.officials:
        limit = index.official_cap[official]
        if all(board.official_day[(wave, d, official)] >= limit for d in days):
            return (
                f"{official_name(officials.get(official), official)} در روزهای {wave_name(w)}"
                f" به سقف {fa(limit)} آیین در روز رسیده بود"
            )
    seats = [(wave, d, s) for d in days for s in range(w.slots_per_day)]
    if any(board.can_take(i, seat) for seat in seats):
        return f"در {wave_name(w)} جا بود، ولی با آن امتیاز کل برنامه کمتر می‌شد"
    return (
        f"در هیچ نوبتی از {wave_name(w)} هم رئیس منطقه، هم گروه رسانه و هم مقام‌های خواسته‌شده"
        " (با زمان جابه‌جایی) با هم آزاد نبودند"
    )


@dataclass(frozen=True, slots=True)
class _Tally:
    """How many placed ceremonies each wave has per sector and district, and its headlines."""

    per_wave_sector: Counter[tuple[int, str]]
    per_wave_district: Counter[tuple[int, str]]
    headlines: Counter[int]


def explain_board(index: Index, board: Board) -> tuple[Explanation, ...]:
    """Explain every ceremony the board leaves out, every soft rule it misses, every change."""
    out = _left_out(index, board)
    tally = _tally(index, board)
    eligible = _eligible_by_wave(index)
    for j in range(len(index.waves)):
        here = eligible.get(j, [])
        out += _wave_minimum(index, board, j, here)
        out += _missing_headline(index, board, j, here, tally)
        out += _missing_presence(index, board, j, here, tally)
        out += _sector_over_share(index, board, j, tally)
    out += _changes(index, board)
    return tuple(out)


def _left_out(index: Index, board: Board) -> list[Explanation]:
    """Explain why each ceremony not on the board stayed out."""
    officials = {o.id: o for o in index.problem.officials}
    return [
        Explanation("left_out", _why_left_out(index, board, i, officials), ceremony=c.id)
        for i, c in enumerate(index.ceremonies)
        if i not in board.seat_of
    ]


def _why_left_out(index: Index, board: Board, i: int, officials: dict[str, Official]) -> str:
    """Return the sentence saying why ceremony ``i`` is not in the plan."""
    c = index.ceremonies[i]
    name = ceremony_name(c)
    reason = index.blocked[i]
    if reason == "official_zero":
        zero = [o for o in c.officials if index.official_cap.get(o) == 0]
        return (
            f"{name} در برنامه نیست: سقف روزانهٔ"
            + "، ".join(f" {official_name(officials.get(o), o)}" for o in zero)
            + " صفر است."
        )
    if reason == "unknown_official":
        return f"{name} در برنامه نیست: مقامی را خواسته که در فهرست مقام‌ها نیست."
    if not index.candidates[i]:
        window = f"از {solar_date(c.ready_from)}" + (
            f" تا {solar_date(c.latest)}" if c.latest is not None else " به بعد"
        )
        return f"{name} در برنامه نیست: بازهٔ آمادگی‌اش ({window}) با روزهای هیچ مرحله‌ای نمی‌خواند."
    reasons = [
        _why_not_in(index, board, i, cand.wave, cand.days)
        for cand in index.candidates[i][:WAVES_EXPLAINED]
    ]
    more = len(index.candidates[i]) - WAVES_EXPLAINED
    tail = f" (و {fa(more)} مرحلهٔ دیگر)" if more > 0 else ""
    return f"{name} در برنامه نیست: " + "؛ ".join(reasons) + tail + "."


def _tally(index: Index, board: Board) -> _Tally:
    """Count the placed ceremonies of each wave per sector and district, and its headlines."""
    tally = _Tally(Counter(), Counter(), Counter())
    for i, (wave, _d, _s) in board.seat_of.items():
        c = index.ceremonies[i]
        tally.per_wave_sector[(wave, c.sector)] += 1
        tally.per_wave_district[(wave, c.district)] += 1
        tally.headlines[wave] += int(c.headline)
    return tally


def _eligible_by_wave(index: Index) -> dict[int, list[int]]:
    """Return, per wave, the unlocked ceremonies whose window meets its days."""
    eligible: dict[int, list[int]] = {}
    for i in range(len(index.ceremonies)):
        if i in index.locked_positions:
            continue
        for cand in index.candidates[i]:
            eligible.setdefault(cand.wave, []).append(i)
    return eligible


def _elsewhere(board: Board, ids: list[int]) -> str:
    """Say where the eligible ceremonies ``ids`` went instead."""
    placed = sum(1 for i in ids if i in board.seat_of)
    if placed == len(ids):
        return f"هر {fa(len(ids))} آیین واجد شرایط در مرحله‌های دیگر جای بهتری گرفتند"
    return (
        f"از {fa(len(ids))} آیین واجد شرایط {fa(placed)} آیین در مرحله‌های دیگر جای بهتری"
        f" گرفتند و {fa(len(ids) - placed)} آیین جایی نیافتند"
    )


def _wave_minimum(index: Index, board: Board, j: int, here: list[int]) -> list[Explanation]:
    """Explain a wave left below its minimum number of ceremonies."""
    w = index.waves[j]
    n = board.wave_count[j]
    if n >= w.min_ceremonies:
        return []
    text = (
        f"{wave_name(w)} {fa(n)} آیین دارد و به کمینهٔ {fa(w.min_ceremonies)} نرسید: "
        f"فقط {fa(len(here))} آیین بازهٔ آمادگی‌شان با روزهای آن می‌خواند"
        + (f" و {_elsewhere(board, here)}." if here else ".")
    )
    return [Explanation("wave_minimum", text, wave=w.id)]


def _missing_headline(
    index: Index, board: Board, j: int, here: list[int], tally: _Tally
) -> list[Explanation]:
    """Explain a wave without a headline project, when headlines are worth points."""
    w = index.waves[j]
    if tally.headlines[j] != 0 or not index.problem.weights.headline:
        return []
    name = wave_name(w)
    heads = [i for i in here if index.ceremonies[i].headline]
    if not heads:
        text = f"{name} پروژهٔ شاخص ندارد: هیچ پروژهٔ شاخصی در روزهای آن آماده نبود."
    elif w.headline_cap == 0:
        text = f"{name} پروژهٔ شاخص ندارد: سقف پروژه‌های شاخص آن صفر است."
    else:
        text = f"{name} پروژهٔ شاخص ندارد: {_elsewhere(board, heads)}."
    return [Explanation("headline", text, wave=w.id)]


def _missing_presence(
    index: Index, board: Board, j: int, here: list[int], tally: _Tally
) -> list[Explanation]:
    """Explain each eligible sector, then each eligible district, with no ceremony in a wave."""
    w = index.waves[j]
    out: list[Explanation] = []
    rules: tuple[tuple[ExplanationKind, str, Counter[tuple[int, str]]], ...] = (
        ("sector_presence", "بخش", tally.per_wave_sector),
        ("district_presence", "منطقهٔ", tally.per_wave_district),
    )
    for kind, label, present in rules:
        groups: dict[str, list[int]] = {}
        for i in here:
            c = index.ceremonies[i]
            groups.setdefault(c.sector if kind == "sector_presence" else c.district, []).append(i)
        for subject, ids in sorted(groups.items()):
            if present[(j, subject)]:
                continue
            text = f"{wave_name(w)} آیینی از {label} «{subject}» ندارد: {_elsewhere(board, ids)}."
            out.append(Explanation(kind, text, wave=w.id, subject=subject))
    return out


def _sector_over_share(index: Index, board: Board, j: int, tally: _Tally) -> list[Explanation]:
    """Explain each sector holding more than its share of a wave's ceremonies."""
    w = index.waves[j]
    n = board.wave_count[j]
    share_max = index.problem.weights.sector_share_max
    out: list[Explanation] = []
    if not n:
        return out
    for (jj, sector), count in sorted(tally.per_wave_sector.items()):
        if jj != j or count <= share_max * n:
            continue
        share = round(100 * count / n)
        limit = round(100 * share_max)
        text = (
            f"بخش «{sector}» {fa(count)} آیین از {fa(n)} آیین {wave_name(w)} را دارد"
            f" ({fa(share)}٪، بیش از {fa(limit)}٪): آیین کافی از بخش‌های دیگر در"
            " روزهای این مرحله آماده نبود یا جا نداشت."
        )
        out.append(Explanation("sector_share", text, wave=w.id, subject=sector))
    return out


def _changes(index: Index, board: Board) -> list[Explanation]:
    """Explain each ceremony of the previous plan that left its wave or the plan."""
    out: list[Explanation] = []
    for cid, before in index.problem.previous.items():
        pos = index.ceremony_pos.get(cid)
        was = index.wave_pos.get(before.wave)
        if pos is None:
            continue
        seat = board.seat_of.get(pos)
        if seat is not None and seat[0] == was:
            continue
        c = index.ceremonies[pos]
        old = wave_name(index.waves[was]) if was is not None else f"مرحلهٔ «{before.wave}»"
        if seat is None:
            text = f"{ceremony_name(c)} در برنامهٔ پیشین در {old} بود و اکنون در برنامه نیست."
        else:
            new = wave_name(index.waves[seat[0]])
            stay = index.candidate(pos, was) if was is not None else None
            why = (
                "روزهای آن دیگر در بازهٔ آمادگی‌اش نیست"
                if stay is None
                else "جابه‌جایی امتیاز کل برنامه را بیشتر کرد"
            )
            text = f"{ceremony_name(c)} از {old} به {new} رفت: {why}."
        out.append(Explanation("changed", text, ceremony=c.id, wave=before.wave))
    return out
