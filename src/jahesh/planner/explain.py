"""Persian explanations: why each ceremony left out stayed out, why each soft rule was missed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from jahesh.planner.flow import Board
from jahesh.planner.indexing import Index
from jahesh.planner.objective import seats_from_assignments
from jahesh.planner.problem import Assignment, Explanation, Problem
from jahesh.planner.wording import ceremony_name, fa, official_name, solar_date, wave_name


def board_from_seats(index: Index, seat_of: dict[int, tuple[int, int, int]]) -> Board:
    board = Board(index)
    for i, seat in seat_of.items():
        board.place(i, seat)
    return board


def explain(problem: Problem, assignments: Sequence[Assignment]) -> tuple[Explanation, ...]:
    """Explain, in Persian, every ceremony left out and every soft rule missed by a plan."""
    index = Index(problem)
    return explain_board(index, board_from_seats(index, seats_from_assignments(index, assignments)))


def _why_not_in(index: Index, board: Board, i: int, wave: int, days: Sequence[int]) -> str:
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


def explain_board(index: Index, board: Board) -> tuple[Explanation, ...]:
    problem = index.problem
    weights = problem.weights
    out: list[Explanation] = []
    officials = {o.id: o for o in problem.officials}
    for i, c in enumerate(index.ceremonies):
        if i in board.seat_of:
            continue
        name = ceremony_name(c)
        reason = index.blocked[i]
        if reason == "official_zero":
            zero = [o for o in c.officials if index.official_cap.get(o) == 0]
            text = (
                f"{name} در برنامه نیست: سقف روزانهٔ"
                + "، ".join(f" {official_name(officials.get(o), o)}" for o in zero)
                + " صفر است."
            )
        elif reason == "unknown_official":
            text = f"{name} در برنامه نیست: مقامی را خواسته که در فهرست مقام‌ها نیست."
        elif not index.candidates[i]:
            window = f"از {solar_date(c.ready_from)}" + (
                f" تا {solar_date(c.latest)}" if c.latest is not None else " به بعد"
            )
            text = (
                f"{name} در برنامه نیست: بازهٔ آمادگی‌اش ({window}) با روزهای هیچ مرحله‌ای نمی‌خواند."
            )
        else:
            reasons = [
                _why_not_in(index, board, i, cand.wave, cand.days)
                for cand in index.candidates[i][:3]
            ]
            more = len(index.candidates[i]) - 3
            tail = f" (و {fa(more)} مرحلهٔ دیگر)" if more > 0 else ""
            text = f"{name} در برنامه نیست: " + "؛ ".join(reasons) + tail + "."
        out.append(Explanation("left_out", text, ceremony=c.id))

    per_wave_sector: Counter[tuple[int, str]] = Counter()
    per_wave_district: Counter[tuple[int, str]] = Counter()
    head_in: Counter[int] = Counter()
    for i, (wave, _d, _s) in board.seat_of.items():
        c = index.ceremonies[i]
        per_wave_sector[(wave, c.sector)] += 1
        per_wave_district[(wave, c.district)] += 1
        head_in[wave] += int(c.headline)
    eligible: dict[int, list[int]] = {}
    for i in range(len(index.ceremonies)):
        if i in index.locked_positions:
            continue
        for cand in index.candidates[i]:
            eligible.setdefault(cand.wave, []).append(i)

    def elsewhere(ids: list[int]) -> str:
        placed = sum(1 for i in ids if i in board.seat_of)
        if placed == len(ids):
            return f"هر {fa(len(ids))} آیین واجد شرایط در مرحله‌های دیگر جای بهتری گرفتند"
        return (
            f"از {fa(len(ids))} آیین واجد شرایط {fa(placed)} آیین در مرحله‌های دیگر جای بهتری"
            f" گرفتند و {fa(len(ids) - placed)} آیین جایی نیافتند"
        )

    for j, w in enumerate(index.waves):
        name = wave_name(w)
        here = eligible.get(j, [])
        n = board.wave_count[j]
        if n < w.min_ceremonies:
            out.append(
                Explanation(
                    "wave_minimum",
                    f"{name} {fa(n)} آیین دارد و به کمینهٔ {fa(w.min_ceremonies)} نرسید: "
                    f"فقط {fa(len(here))} آیین بازهٔ آمادگی‌شان با روزهای آن می‌خواند"
                    + (f" و {elsewhere(here)}." if here else "."),
                    wave=w.id,
                )
            )
        if head_in[j] == 0 and weights.headline:
            heads = [i for i in here if index.ceremonies[i].headline]
            if not heads:
                text = f"{name} پروژهٔ شاخص ندارد: هیچ پروژهٔ شاخصی در روزهای آن آماده نبود."
            elif w.headline_cap == 0:
                text = f"{name} پروژهٔ شاخص ندارد: سقف پروژه‌های شاخص آن صفر است."
            else:
                text = f"{name} پروژهٔ شاخص ندارد: {elsewhere(heads)}."
            out.append(Explanation("headline", text, wave=w.id))
        for key, kind, label in (
            ("sector", "sector_presence", "بخش"),
            ("district", "district_presence", "منطقهٔ"),
        ):
            groups: dict[str, list[int]] = {}
            for i in here:
                c = index.ceremonies[i]
                groups.setdefault(c.sector if key == "sector" else c.district, []).append(i)
            present = per_wave_sector if key == "sector" else per_wave_district
            for subject, ids in sorted(groups.items()):
                if present[(j, subject)]:
                    continue
                out.append(
                    Explanation(
                        kind,  # type: ignore[arg-type]
                        f"{name} آیینی از {label} «{subject}» ندارد: {elsewhere(ids)}.",
                        wave=w.id,
                        subject=subject,
                    )
                )
        if n:
            for (jj, sector), count in sorted(per_wave_sector.items()):
                if jj != j or count <= weights.sector_share_max * n:
                    continue
                share = round(100 * count / n)
                limit = round(100 * weights.sector_share_max)
                out.append(
                    Explanation(
                        "sector_share",
                        f"بخش «{sector}» {fa(count)} آیین از {fa(n)} آیین {name} را دارد"
                        f" ({fa(share)}٪، بیش از {fa(limit)}٪): آیین کافی از بخش‌های دیگر در"
                        " روزهای این مرحله آماده نبود یا جا نداشت.",
                        wave=w.id,
                        subject=sector,
                    )
                )
    for cid, before in problem.previous.items():
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
    return tuple(out)
