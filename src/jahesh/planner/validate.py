"""Hard-rule checks: data that make a rule impossible, and plans that break one.

Nothing here bends a rule: an impossible lock is an error naming the lock, never a moved ceremony.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from jahesh.planner.flow import Board
from jahesh.planner.indexing import Index
from jahesh.planner.problem import (
    Assignment,
    Finding,
    InfeasibleProblemError,
    Problem,
    ProblemError,
)
from jahesh.planner.wording import ceremony_name, fa, official_name, solar_date, wave_name


def _duplicates(ids: Sequence[str]) -> list[str]:
    return sorted(i for i, n in Counter(ids).items() if n > 1)


#: Above this many (ceremony, wave) pairs the problem is refused before anything is built.
MAX_PAIRS = 20_000_000


def require_size(problem: Problem) -> None:
    """Refuse a problem too large to index safely (a hostile file must not exhaust memory)."""
    pairs = len(problem.ceremonies) * len(problem.waves)
    if pairs > MAX_PAIRS:
        raise ProblemError(
            f"مسئله بیش از اندازه بزرگ است: {fa(len(problem.ceremonies))} آیین در"
            f" {fa(len(problem.waves))} مرحله؛ آن را به چند برنامه یا بازهٔ کوچک‌تر بشکنید.",
            "ceremonies",
        )


def check_problem(problem: Problem, index: Index | None = None) -> tuple[Finding, ...]:
    """Return every finding about the data; an ``error`` means the problem cannot be planned."""
    found: list[Finding] = []

    def error(field: str, message: str) -> None:
        found.append(Finding("error", field, message))

    def warning(field: str, message: str) -> None:
        found.append(Finding("warning", field, message))

    for kind, ids in (
        ("ceremonies", [c.id for c in problem.ceremonies]),
        ("waves", [w.id for w in problem.waves]),
        ("officials", [o.id for o in problem.officials]),
    ):
        for dup in _duplicates(ids):
            error(kind, f"شناسهٔ «{dup}» در «{kind}» بیش از یک بار آمده است.")
    if problem.media_crews_per_slot < 1:
        error("media_crews_per_slot", "هیچ گروه رسانه‌ای در نوبت‌ها نیست؛ هیچ آیینی جا نمی‌گیرد.")
    if problem.slot_minutes < 1:
        error("slot_minutes", "طول هر نوبت باید دست‌کم یک دقیقه باشد.")
    if problem.district_chiefs_per_day < 0:
        error("district_chiefs_per_day", "سقف آیین‌های روزانهٔ هر منطقه نمی‌تواند منفی باشد.")
    for (a, b), minutes in problem.travel_min.items():
        if minutes < 0:
            error("travel_min", f"زمان جابه‌جایی میان «{a}» و «{b}» منفی است.")
    day_owner: dict[int, str] = {}
    for k, w in enumerate(problem.waves):
        field = f"waves[{k}]"
        if not w.days:
            error(f"{field}.days", f"{wave_name(w)} هیچ روزی ندارد.")
        if len(set(w.days)) != len(w.days):
            error(f"{field}.days", f"{wave_name(w)} یک روز را دو بار دارد.")
        elif list(w.days) != sorted(w.days):
            error(f"{field}.days", f"روزهای {wave_name(w)} باید به ترتیب تاریخ بیایند.")
        for d in set(w.days):
            other = day_owner.setdefault(d.toordinal(), w.id)
            if other != w.id:
                error(
                    f"{field}.days",
                    f"روز {solar_date(d)} هم در مرحلهٔ «{other}» است و هم در {wave_name(w)}؛"
                    " مقام‌ها در یک روز دو جا نمی‌توانند باشند.",
                )
        if w.slots_per_day < 1:
            error(f"{field}.slots_per_day", f"{wave_name(w)} هیچ نوبتی در روز ندارد.")
        if w.max_ceremonies < 0 or w.min_ceremonies < 0 or w.headline_cap < 0:
            error(field, f"کمینه، بیشینه و سقف پروژه‌های شاخص {wave_name(w)} نباید منفی باشند.")
        if w.min_ceremonies > w.max_ceremonies:
            error(
                f"{field}.min_ceremonies",
                f"کمینهٔ آیین‌های {wave_name(w)} ({fa(w.min_ceremonies)}) از بیشینهٔ آن"
                f" ({fa(w.max_ceremonies)}) بیشتر است.",
            )
    officials = {o.id: o for o in problem.officials}
    for k, o in enumerate(problem.officials):
        if o.max_per_day < 0:
            error(f"officials[{k}].max_per_day", f"سقف روزانهٔ {official_name(o, o.id)} منفی است.")
    for k, c in enumerate(problem.ceremonies):
        field = f"ceremonies[{k}]"
        if not 1 <= c.importance <= 10:
            error(f"{field}.importance", f"اهمیت {ceremony_name(c)} باید از ۱ تا ۱۰ باشد.")
        if c.latest is not None and c.latest < c.ready_from:
            error(f"{field}.latest", f"آخرین موعد {ceremony_name(c)} پیش از روز آمادگی آن است.")
        if c.duration_min is not None and c.duration_min < 1:
            error(f"{field}.duration_min", f"مدت {ceremony_name(c)} باید مثبت باشد.")
        if c.credit_rial < 0:
            error(f"{field}.credit_rial", f"اعتبار {ceremony_name(c)} منفی است.")
        for official in c.officials:
            asked = officials.get(official)
            if asked is None:
                error(
                    f"{field}.officials",
                    f"{ceremony_name(c)} مقامی را خواسته که در فهرست مقام‌ها نیست: «{official}».",
                )
            elif asked.max_per_day == 0:
                warning(
                    f"{field}.officials",
                    f"{ceremony_name(c)} برنامه‌ریزی نمی‌شود: سقف روزانهٔ"
                    f" {official_name(asked, official)} صفر است.",
                )
    if any(f.severity == "error" for f in found):
        return tuple(found)

    index = index or Index(problem)
    for i, c in enumerate(problem.ceremonies):
        if index.blocked[i] is None and not index.candidates[i]:
            window = f"از {solar_date(c.ready_from)}" + (
                f" تا {solar_date(c.latest)}" if c.latest is not None else " به بعد"
            )
            warning(
                f"ceremonies[{i}]",
                f"بازهٔ آمادگی {ceremony_name(c)} ({window}) با روزهای هیچ مرحله‌ای هم‌پوشانی ندارد.",
            )
    if problem.district_chiefs_per_day == 0:
        warning("district_chiefs_per_day", "سقف روزانهٔ آیین‌های هر منطقه صفر است؛ آیینی جا نمی‌گیرد.")
    found.extend(_travel_gaps(problem))
    found.extend(_lock_findings(problem, index))
    return tuple(found)


def _travel_gaps(problem: Problem) -> list[Finding]:
    by_official: dict[str, set[str]] = {}
    for c in problem.ceremonies:
        for official in c.officials:
            by_official.setdefault(official, set()).add(c.district)
    missing: set[tuple[str, str]] = set()
    for districts in by_official.values():
        ordered = sorted(districts)
        for x, a in enumerate(ordered):
            for b in ordered[x + 1 :]:
                if problem.travel(a, b) is None:
                    missing.add((a, b))
    if not missing:
        return []
    sample = "، ".join(f"«{a}»–«{b}»" for a, b in sorted(missing)[:5])
    return [
        Finding(
            "warning",
            "travel_min",
            f"زمان جابه‌جایی {fa(len(missing))} جفت منطقه معلوم نیست (مانند {sample})؛"
            " یک مقام آیین‌های این مناطق را در نوبت‌های پشت‌سرهم نمی‌گیرد.",
        )
    ]


def _lock_findings(problem: Problem, index: Index) -> list[Finding]:
    found: list[Finding] = []
    board = Board(index)
    for cid, lock in problem.locks.items():
        field = f"locks.{cid}"
        i = index.ceremony_pos.get(cid)
        if i is None:
            found.append(Finding("error", field, f"قفل برای آیینی است که در مسئله نیست: «{cid}»."))
            continue
        c = index.ceremonies[i]
        wave = index.wave_pos.get(lock.wave)
        if wave is None:
            found.append(
                Finding(
                    "error", field, f"{ceremony_name(c)} به مرحله‌ای قفل شده که نیست: «{lock.wave}»."
                )
            )
            continue
        w = index.waves[wave]
        ords = index.wave_day_ordinals[wave]
        ordinal = lock.day.toordinal()
        if ordinal not in ords:
            found.append(
                Finding(
                    "error",
                    field,
                    f"{ceremony_name(c)} به روز {solar_date(lock.day)} قفل شده که از روزهای"
                    f" {wave_name(w)} نیست.",
                )
            )
            continue
        if not 0 <= lock.slot < w.slots_per_day:
            found.append(
                Finding(
                    "error",
                    field,
                    f"{ceremony_name(c)} به نوبت {fa(lock.slot + 1)} قفل شده، ولی {wave_name(w)}"
                    f" {fa(w.slots_per_day)} نوبت در روز دارد.",
                )
            )
            continue
        if index.blocked[i] is not None:
            found.append(
                Finding(
                    "error",
                    field,
                    f"{ceremony_name(c)} قفل شده ولی مقامی که خواسته ظرفیتی ندارد.",
                )
            )
            continue
        if lock.day < c.ready_from or (c.latest is not None and lock.day > c.latest):
            found.append(
                Finding(
                    "error",
                    field,
                    f"قفل {ceremony_name(c)} روز {solar_date(lock.day)} است که بیرون از بازهٔ"
                    " آمادگی آن است.",
                )
            )
            continue
        seat = (wave, ords.index(ordinal), lock.slot)
        if not board.wave_has_room(i, wave):
            found.append(
                Finding(
                    "error",
                    field,
                    f"قفل‌ها بیش از بیشینهٔ آیین‌ها یا سقف پروژه‌های شاخص {wave_name(w)} است"
                    f" ({ceremony_name(c)}).",
                )
            )
            continue
        blockers = board.blockers(i, seat)
        if blockers != []:
            names = "، ".join(ceremony_name(index.ceremonies[b]) for b in blockers or [])
            reason = f"با قفل {names} جور نیست" if names else "ظرفیت روز را می‌شکند"
            found.append(
                Finding(
                    "error",
                    field,
                    f"قفل {ceremony_name(c)} در {wave_name(w)}، روز {solar_date(lock.day)}،"
                    f" نوبت {fa(lock.slot + 1)} {reason} (مقام، رئیس منطقه، گروه رسانه یا"
                    " زمان جابه‌جایی).",
                )
            )
            continue
        board.place(i, seat)
    return found


def require_plannable(problem: Problem, index: Index) -> tuple[Finding, ...]:
    """Return the warnings, or raise ``InfeasibleProblemError`` listing every error."""
    findings = check_problem(problem, index)
    errors = tuple(f for f in findings if f.severity == "error")
    if errors:
        raise InfeasibleProblemError(errors)
    return findings


def hard_rule_violations(problem: Problem, assignments: Sequence[Assignment]) -> tuple[str, ...]:
    """Return a Persian sentence for every hard rule the plan breaks; () when it breaks none.

    Written apart from the seating code on purpose, so each checks the other."""
    out: list[str] = []
    ceremonies = {c.id: c for c in problem.ceremonies}
    waves = {w.id: w for w in problem.waves}
    caps = {o.id: o.max_per_day for o in problem.officials}
    by_id = {o.id: o for o in problem.officials}

    def person(official: str) -> str:
        return f"مقام {official_name(by_id.get(official), official)}"

    seen: Counter[str] = Counter()
    per_wave: Counter[str] = Counter()
    headlines: Counter[str] = Counter()
    per_slot: Counter[tuple[str, int, int]] = Counter()
    district_day: Counter[tuple[str, int, str]] = Counter()
    district_slot: Counter[tuple[str, int, int, str]] = Counter()
    official_day: Counter[tuple[str, int]] = Counter()
    official_at: dict[tuple[str, int, int], list[str]] = {}
    for a in assignments:
        c = ceremonies.get(a.ceremony)
        w = waves.get(a.wave)
        if c is None or w is None:
            out.append(f"آیین «{a.ceremony}» یا مرحلهٔ «{a.wave}» در مسئله نیست.")
            continue
        seen[c.id] += 1
        if a.day not in w.days:
            out.append(f"{ceremony_name(c)} در روزی است که از روزهای {wave_name(w)} نیست.")
        if not 0 <= a.slot < w.slots_per_day:
            out.append(f"{ceremony_name(c)} در نوبتی است که {wave_name(w)} ندارد.")
        if a.day < c.ready_from or (c.latest is not None and a.day > c.latest):
            out.append(f"{ceremony_name(c)} بیرون از بازهٔ آمادگی‌اش است.")
        per_wave[w.id] += 1
        if c.headline:
            headlines[w.id] += 1
        day = a.day.toordinal()
        per_slot[(w.id, day, a.slot)] += 1
        district_day[(w.id, day, c.district)] += 1
        district_slot[(w.id, day, a.slot, c.district)] += 1
        for official in c.officials:
            official_day[(official, day)] += 1
            official_at.setdefault((official, day, a.slot), []).append(c.id)
    for cid, n in seen.items():
        if n > 1:
            out.append(f"{ceremony_name(ceremonies[cid])} بیش از یک بار آمده است.")
    for wid, n in per_wave.items():
        w = waves[wid]
        if n > w.max_ceremonies:
            out.append(f"{wave_name(w)} از بیشینهٔ آیین‌هایش بیشتر دارد.")
        if headlines[wid] > w.headline_cap:
            out.append(f"{wave_name(w)} از سقف پروژه‌های شاخصش بیشتر دارد.")
    for (wid, _day, slot), n in per_slot.items():
        if n > problem.media_crews_per_slot:
            out.append(f"در {wave_name(waves[wid])}، نوبت {fa(slot + 1)} گروه رسانه کم می‌آورد.")
    for (wid, _day, district), n in district_day.items():
        if n > problem.chief_cap(district):
            out.append(
                f"منطقهٔ «{district}» در یک روز {wave_name(waves[wid])} بیش از سقفش آیین دارد."
            )
    for (wid, _day, slot, district), n in district_slot.items():
        if n > 1:
            out.append(
                f"منطقهٔ «{district}» در {wave_name(waves[wid])}، نوبت {fa(slot + 1)}"
                " دو آیین هم‌زمان دارد."
            )
    for (official, _day), n in official_day.items():
        if n > caps.get(official, 0):
            out.append(f"{person(official)} در یک روز بیش از سقفش آیین دارد.")
    for (official, day, slot), ids in official_at.items():
        if len(ids) > 1:
            out.append(f"{person(official)} در نوبت {fa(slot + 1)} دو آیین هم‌زمان دارد.")
        following = official_at.get((official, day, slot + 1), [])
        for first in ids:
            for second in following:
                if not problem.can_follow(ceremonies[first], ceremonies[second]):
                    out.append(
                        f"{person(official)} از {ceremony_name(ceremonies[first])} به"
                        f" {ceremony_name(ceremonies[second])} در نوبت بعد نمی‌رسد."
                    )
    placed = {a.ceremony: a for a in assignments}
    for cid, lock in problem.locks.items():
        held = placed.get(cid)
        if held is None or (held.wave, held.day, held.slot) != (lock.wave, lock.day, lock.slot):
            c = ceremonies.get(cid)
            name = ceremony_name(c) if c is not None else f"آیین «{cid}»"
            out.append(f"{name} از جای قفل‌شده‌اش جابه‌جا شده است.")
    return tuple(out)
