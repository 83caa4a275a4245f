"""HiGHS models of the planning problem (the only module that imports ``highspy``).

The main model has one binary per (ceremony, wave) instead of per day: days and slots are seated
afterwards (``flow.py``), so the model stays small. Each (ceremony, wave) is worth its best day in
the wave, and day, district and official capacities are summed over the wave's days, so the model is
a relaxation of the real problem: its bound is a proven bound on every real plan. Count variables
per wave and per (wave, sector) carry the soft rules. Above a size where branch and bound cannot
finish, we solve the LP once (a proven bound), fix what the LP already decided and let the MIP
settle the rest ("LP-guided rounding").

``day_level=True`` builds the plain model (one binary per ceremony and day, no start, no fixing)
that the benchmark compares against.

Functions here run inside the worker process; the caller enforces the time limit by killing it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import highspy
import numpy as np

from jahesh.planner.indexing import Index

Emit = Callable[[str, object], None]
INF = highspy.kHighsInf

#: Above this many (ceremony, wave) columns the full MIP is not tried: on the hard profile at
#: N=5,000 (25,000 columns) it found its first better plan after 13 s and stood 0.7 % below the
#: bound at 55 s, while LP-guided rounding was 0.05 % below at 13 s.
FULL_MIP_COLUMNS = 20_000
#: Up to this many (ceremony, day) columns the exact day-level model is used instead.
DAY_MODEL_COLUMNS = 6_000
#: Time kept from the wave-level MIP for choosing the days exactly afterwards.
DAYS_RESERVE_S = 0.5
DAYS_RESERVE_S_PER_1000 = 0.4
#: Share of the time the rounding MIP may take when the whole MIP follows it.
ROUNDING_SHARE = 0.35
#: The whole MIP is not started with less time than this.
MIN_MIP_S = 0.3


@dataclass
class _Rows:
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    keys: dict[tuple[object, ...], int] = field(default_factory=dict)

    def add(self, key: tuple[object, ...], lower: float, upper: float) -> int:
        self.keys[key] = len(self.lower)
        self.lower.append(lower)
        self.upper.append(upper)
        return self.keys[key]


@dataclass
class Model:
    """A built model: HiGHS arrays plus what each x column means."""

    col_ceremony: np.ndarray
    col_wave: np.ndarray
    col_day: np.ndarray
    n_x: int
    cost: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    integer: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    start: np.ndarray
    rows: np.ndarray
    values: np.ndarray
    constant: float
    free: list[int]

    def lp(self, integral: bool) -> highspy.HighsLp:
        lp = highspy.HighsLp()
        lp.num_col_ = len(self.cost)
        lp.num_row_ = len(self.row_lower)
        lp.col_cost_ = self.cost
        lp.col_lower_ = self.lower
        lp.col_upper_ = self.upper
        lp.row_lower_ = self.row_lower
        lp.row_upper_ = self.row_upper
        lp.offset_ = self.constant
        lp.sense_ = highspy.ObjSense.kMaximize
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = self.start
        lp.a_matrix_.index_ = self.rows
        lp.a_matrix_.value_ = self.values
        lp.a_matrix_.num_col_ = len(self.cost)
        lp.a_matrix_.num_row_ = len(self.row_lower)
        if integral:
            lp.integrality_ = [
                highspy.HighsVarType.kInteger if flag else highspy.HighsVarType.kContinuous
                for flag in self.integer
            ]
        return lp


def build(
    index: Index, *, day_level: bool = False, only_wave: Sequence[int] | None = None
) -> Model:
    """Build the wave-level model (or the day-level one).

    ``only_wave`` keeps each ceremony to one wave (−1: left out), for choosing days exactly once
    the waves are settled."""
    candidates = index.candidates
    if only_wave is not None:
        candidates = [
            tuple(cand for cand in cands if cand.wave == only_wave[i])
            for i, cands in enumerate(index.candidates)
        ]
    problem = index.problem
    weights = problem.weights
    crews = problem.media_crews_per_slot
    waves = index.waves
    locks = {index.ceremony_pos[cid]: lock for cid, lock in problem.locks.items()}
    locked_wave: dict[int, int] = {i: index.wave_pos[lock.wave] for i, lock in locks.items()}
    free = [
        i
        for i in range(len(index.ceremonies))
        if i not in locked_wave and index.blocked[i] is None and candidates[i]
    ]
    # What the locks already take and give.
    lw_count = [0] * len(waves)
    lw_head = [0] * len(waves)
    l_sector: dict[tuple[int, str], int] = {}
    l_district: dict[tuple[int, str], int] = {}
    l_district_day: dict[tuple[int, int, str], int] = {}
    l_official: dict[tuple[int, str], int] = {}
    l_official_day: dict[tuple[int, int, str], int] = {}
    l_day: dict[tuple[int, int], int] = {}
    constant = 0.0
    for i, lock in locks.items():
        c = index.ceremonies[i]
        j = locked_wave[i]
        d = index.wave_day_ordinals[j].index(lock.day.toordinal())
        constant += index.day_value(i, j, d)
        lw_count[j] += 1
        lw_head[j] += int(c.headline)
        l_sector[(j, c.sector)] = l_sector.get((j, c.sector), 0) + 1
        l_district[(j, c.district)] = l_district.get((j, c.district), 0) + 1
        l_district_day[(j, d, c.district)] = l_district_day.get((j, d, c.district), 0) + 1
        l_day[(j, d)] = l_day.get((j, d), 0) + 1
        for o in c.officials:
            l_official[(j, o)] = l_official.get((j, o), 0) + 1
            l_official_day[(j, d, o)] = l_official_day.get((j, d, o), 0) + 1
    prev_wave: dict[int, int] = {}
    for cid, before in problem.previous.items():
        pos = index.ceremony_pos.get(cid)
        if pos is None:
            continue
        constant -= weights.change
        was = index.wave_pos.get(before.wave)
        if was is None:
            continue
        if pos in locked_wave:
            constant += weights.change if locked_wave[pos] == was else 0.0
        else:
            prev_wave[pos] = was

    # Which (wave, sector) and (wave, district) pairs can be present at all.
    elig_sector: set[tuple[int, str]] = set(l_sector)
    elig_district: set[tuple[int, str]] = set(l_district)
    elig_head: set[int] = {j for j in range(len(waves)) if lw_head[j]}
    head_cols: set[int] = set()
    for i in free:
        c = index.ceremonies[i]
        for cand in candidates[i]:
            elig_sector.add((cand.wave, c.sector))
            elig_district.add((cand.wave, c.district))
            if c.headline:
                head_cols.add(cand.wave)
    elig_head |= head_cols

    rows = _Rows()
    for i in free:
        rows.add(("one", i), -INF, 1.0)
    for j, w in enumerate(waves):
        ndays = len(w.days)
        slots = w.slots_per_day
        rows.add(("n", j), float(lw_count[j]), float(lw_count[j]))
        if j in head_cols:
            rows.add(("head", j), -INF, float(w.headline_cap - lw_head[j]))
        if day_level:
            for d in range(ndays):
                rows.add(("day", j, d), -INF, float(slots * crews - l_day.get((j, d), 0)))
    for j, district in sorted(elig_district, key=lambda k: (k[0], k[1])):
        w = waves[j]
        per_day = min(problem.chief_cap(district), w.slots_per_day)
        if day_level:
            for d in range(len(w.days)):
                left = per_day - l_district_day.get((j, d, district), 0)
                rows.add(("dist", j, d, district), -INF, float(left))
        else:
            left = per_day * len(w.days) - l_district.get((j, district), 0)
            rows.add(("dist", j, district), -INF, float(left))
    officials_used: set[tuple[int, str]] = set()
    for i in free:
        for o in index.ceremonies[i].officials:
            for cand in candidates[i]:
                officials_used.add((cand.wave, o))
    for j, o in sorted(officials_used):
        w = waves[j]
        per_day = min(index.official_cap[o], w.slots_per_day)
        if day_level:
            for d in range(len(w.days)):
                left = per_day - l_official_day.get((j, d, o), 0)
                rows.add(("off", j, d, o), -INF, float(left))
        else:
            rows.add(("off", j, o), -INF, float(per_day * len(w.days) - l_official.get((j, o), 0)))

    # Columns: x first, then the per-wave and per-pair soft-rule variables.
    cost: list[float] = []
    col_i: list[int] = []
    col_w: list[int] = []
    col_d: list[int] = []
    starts: list[int] = [0]
    entries_r: list[int] = []
    entries_v: list[float] = []
    for i in free:
        c = index.ceremonies[i]
        one = rows.keys[("one", i)]
        for cand in candidates[i]:
            j = cand.wave
            bonus = weights.change if prev_wave.get(i) == j else 0.0
            day_choices: tuple[int | None, ...] = cand.days if day_level else (None,)
            for day_pos in day_choices:
                value = cand.best_value if day_pos is None else index.day_value(i, j, day_pos)
                cost.append(value + bonus)
                col_i.append(i)
                col_w.append(j)
                col_d.append(-1 if day_pos is None else day_pos)
                col_rows = [one, rows.keys[("n", j)]]
                col_vals = [1.0, -1.0]
                if c.headline:
                    col_rows.append(rows.keys[("head", j)])
                    col_vals.append(1.0)
                if day_pos is None:
                    col_rows.append(rows.keys[("dist", j, c.district)])
                    col_vals.append(1.0)
                    for o in c.officials:
                        col_rows.append(rows.keys[("off", j, o)])
                        col_vals.append(1.0)
                else:
                    col_rows.append(rows.keys[("day", j, day_pos)])
                    col_vals.append(1.0)
                    col_rows.append(rows.keys[("dist", j, day_pos, c.district)])
                    col_vals.append(1.0)
                    for o in c.officials:
                        col_rows.append(rows.keys[("off", j, day_pos, o)])
                        col_vals.append(1.0)
                entries_r.extend(col_rows)
                entries_v.extend(col_vals)
                starts.append(len(entries_r))
    n_x = len(cost)
    # Soft-rule rows reference x columns; add them now that every x column exists.
    col_w_arr = np.asarray(col_w, dtype=np.int64)
    col_i_arr = np.asarray(col_i, dtype=np.int64)
    sectors = np.asarray([index.ceremonies[i].sector for i in col_i], dtype=object)
    districts = np.asarray([index.ceremonies[i].district for i in col_i], dtype=object)
    heads = np.asarray([index.ceremonies[i].headline for i in col_i], dtype=bool)
    extra: dict[int, list[tuple[int, float]]] = {}  # x column -> more (row, value)

    def link(cols: np.ndarray, row: int, value: float) -> None:
        for k in cols.tolist():
            extra.setdefault(k, []).append((row, value))

    lower: list[float] = [0.0] * n_x
    upper: list[float] = [1.0] * n_x
    integer: list[bool] = [True] * n_x
    aux_cols: list[tuple[float, float, float, list[tuple[int, float]]]] = []
    by_wave: dict[int, np.ndarray] = {j: np.flatnonzero(col_w_arr == j) for j in range(len(waves))}
    for j, w in enumerate(waves):
        cols_j = by_wave[j]
        n_row = rows.keys[("n", j)]
        n_cap = float(max(0, min(w.max_ceremonies, len(w.days) * w.slots_per_day * crews)))
        aux_cols.append((0.0, 0.0, n_cap, [(n_row, 1.0)]))  # n_j
        n_col = n_x + len(aux_cols) - 1
        if w.min_ceremonies > 0:
            m_row = rows.add(("min", j), float(w.min_ceremonies), INF)
            aux_cols[-1][3].append((m_row, 1.0))
            aux_cols.append((-weights.wave_minimum, 0.0, INF, [(m_row, 1.0)]))
        if j in elig_head:
            if lw_head[j]:
                constant += weights.headline
            else:
                r = rows.add(("hp", j), -INF, 0.0)
                link(cols_j[heads[cols_j]], r, -1.0)
                aux_cols.append((weights.headline, 0.0, 1.0, [(r, 1.0)]))
        sec_here = sorted({s for (jj, s) in elig_sector if jj == j})
        for s in sec_here:
            mine = cols_j[sectors[cols_j] == s] if len(cols_j) else cols_j
            if l_sector.get((j, s), 0):
                constant += weights.sector_presence
            else:
                r = rows.add(("sp", j, s), -INF, 0.0)
                link(mine, r, -1.0)
                aux_cols.append((weights.sector_presence, 0.0, 1.0, [(r, 1.0)]))
            # n_js + locked − share · n_j − e_js ≤ 0
            r = rows.add(("ss", j, s), -INF, -float(l_sector.get((j, s), 0)))
            link(mine, r, 1.0)
            aux_cols[n_col - n_x][3].append((r, -weights.sector_share_max))
            aux_cols.append((-weights.sector_share, 0.0, INF, [(r, -1.0)]))
        for dname in sorted({d for (jj, d) in elig_district if jj == j}):
            if l_district.get((j, dname), 0):
                constant += weights.district_presence
                continue
            mine = cols_j[districts[cols_j] == dname] if len(cols_j) else cols_j
            r = rows.add(("dp", j, dname), -INF, 0.0)
            link(mine, r, -1.0)
            aux_cols.append((weights.district_presence, 0.0, 1.0, [(r, 1.0)]))

    if not day_level:
        _add_day_split(
            index,
            model_cols=(col_i, col_w),
            l_day=l_day,
            l_district_day=l_district_day,
            l_official_day=l_official_day,
            rows=rows,
            link=link,
            aux_cols=aux_cols,
            by_wave=by_wave,
        )

    # Assemble column-wise arrays.
    out_start = [0]
    out_rows: list[int] = []
    out_vals: list[float] = []
    for k in range(n_x):
        out_rows.extend(entries_r[starts[k] : starts[k + 1]])
        out_vals.extend(entries_v[starts[k] : starts[k + 1]])
        for row, val in extra.get(k, ()):
            out_rows.append(row)
            out_vals.append(val)
        out_start.append(len(out_rows))
    for c_cost, lo, hi, entries in aux_cols:
        cost.append(c_cost)
        lower.append(lo)
        upper.append(hi)
        integer.append(False)
        for row, val in entries:
            out_rows.append(row)
            out_vals.append(val)
        out_start.append(len(out_rows))
    return Model(
        col_ceremony=col_i_arr,
        col_wave=col_w_arr,
        col_day=np.asarray(col_d, dtype=np.int64),
        n_x=n_x,
        cost=np.asarray(cost, dtype=np.float64),
        lower=np.asarray(lower, dtype=np.float64),
        upper=np.asarray(upper, dtype=np.float64),
        integer=np.asarray(integer, dtype=bool),
        row_lower=np.asarray(rows.lower, dtype=np.float64),
        row_upper=np.asarray(rows.upper, dtype=np.float64),
        start=np.asarray(out_start, dtype=np.int32),
        rows=np.asarray(out_rows, dtype=np.int32),
        values=np.asarray(out_vals, dtype=np.float64),
        constant=constant,
        free=free,
    )


def _highs(time_limit_s: float, threads: int = 1, *, presolve: bool = False) -> highspy.Highs:
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", max(0.05, time_limit_s))
    h.setOptionValue("threads", threads)
    h.setOptionValue("random_seed", 7)
    # Measured: on these models presolve costs more than it saves (0.7 s of 1.9 s at N=1,000),
    # except once most columns are fixed, as in the rounding MIP.
    h.setOptionValue("presolve", "on" if presolve else "off")
    return h


def _waves_of(model: Model, x: np.ndarray, n_ceremonies: int) -> list[int]:
    """Return each ceremony's wave position (−1 for none) from x column values."""
    chosen = np.full(n_ceremonies, -1, dtype=np.int64)
    picked = np.flatnonzero(x[: model.n_x] > 0.5)
    chosen[model.col_ceremony[picked]] = model.col_wave[picked]
    return [int(v) for v in chosen]


def _days_of(model: Model, x: np.ndarray, n_ceremonies: int) -> list[int]:
    chosen = np.full(n_ceremonies, -1, dtype=np.int64)
    picked = np.flatnonzero(x[: model.n_x] > 0.5)
    chosen[model.col_ceremony[picked]] = model.col_day[picked]
    return [int(v) for v in chosen]


def _start_columns(model: Model, start: list[int], start_days: list[int]) -> np.ndarray:
    """Return 0/1 values of the x columns for a start plan (−1 = not planned)."""
    want = np.asarray(start, dtype=np.int64)[model.col_ceremony]
    hit = want == model.col_wave
    if np.any(model.col_day >= 0):
        want_day = np.asarray(start_days, dtype=np.int64)[model.col_ceremony]
        hit &= want_day == model.col_day
    return np.asarray(hit, dtype=np.float64)


def day_columns(index: Index) -> int:
    """Return how many columns the day-level model of ``index`` would have."""
    return sum(len(cand.days) for cands in index.candidates for cand in cands)


def solve_model(
    index: Index,
    start: list[int],
    start_days: list[int],
    *,
    time_limit_s: float,
    emit: Emit,
    granularity: str = "auto",
    warm: bool = True,
    threads: int = 1,
) -> None:
    """Optimise and emit ("incumbent", (waves, days, objective)), ("bound", value), ("done", stats).

    ``granularity`` "auto" takes the exact day-level model while it is small (its bound is then
    tight and branch and bound finishes) and the wave-level model above that."""
    began = time.perf_counter()
    if granularity == "auto":
        granularity = "day" if day_columns(index) <= DAY_MODEL_COLUMNS else "wave"
    day_level = granularity == "day"
    model = build(index, day_level=day_level)
    emit(
        "built",
        {"columns": int(model.n_x), "rows": len(model.row_lower), "model": granularity},
    )

    def left() -> float:
        return time_limit_s - (time.perf_counter() - began)

    best: list[tuple[list[int], list[int], float]] = []

    def days_reserve() -> float:
        # Measured: a wave-level plan seated without the exact day choice lost 1.2 % at N=5,000
        # (ceremonies whose window holds one day of a wave collide on it); the day choice took
        # 0.7 s there. So the wave-level MIP stops early enough to leave it that time.
        if not any(len(w.days) > 1 for w in index.waves):
            return 0.0
        return min(
            0.3 * left(), DAYS_RESERVE_S + DAYS_RESERVE_S_PER_1000 * len(index.ceremonies) / 1000
        )

    def keep(kind: str, payload: object) -> None:
        if kind == "incumbent":
            best[:] = [payload]  # type: ignore[list-item]
        emit(kind, payload)

    if day_level or not warm:
        x0 = _start_columns(model, start, start_days) if warm and start else None
        # The plain baseline (no start) keeps HiGHS's default presolve.
        _run_mip(model, index, x0, left(), keep, threads=threads, presolve=not warm)
        return
    # The LP gives a proven bound at once; fixing what it decided leaves a small MIP whose plan
    # is good within a second at N=1,000 (LP-guided rounding).
    h = _highs(left(), threads)
    h.passModel(model.lp(integral=False))
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        emit("done", {"method": "lp", "status": str(h.getModelStatus()).split(".")[-1]})
        return
    lp_bound = float(h.getInfo().objective_function_value)
    emit("bound", lp_bound)
    sol = h.getSolution()
    x_lp = np.asarray(sol.col_value)
    reduced = np.asarray(sol.col_dual)
    del h, sol
    fixed_model = _fixed_copy(model, x_lp, reduced)
    x0 = _start_columns(fixed_model, start, start_days) if start else None
    whole = model.n_x <= FULL_MIP_COLUMNS
    rounding_s = left() - days_reserve()
    if whole:
        # Leave most of the time to the whole MIP, which can close the last tenths of a percent.
        rounding_s = min(rounding_s, max(1.0, ROUNDING_SHARE * left()))
    _run_mip(
        fixed_model,
        index,
        x0,
        rounding_s,
        keep,
        threads=threads,
        bound_override=lp_bound,
        presolve=True,
    )
    if best:
        _choose_days(index, best[0][0], left() - (days_reserve() if whole else 0.0), emit, threads)
    if not whole or left() < days_reserve() + MIN_MIP_S:
        return
    # The whole wave-level MIP, started from the rounded plan: a better plan and a tighter bound.
    rounded = best[0][2] if best else None
    begin = start if not best else best[0][0]
    x0 = _start_columns(model, begin, [-1] * len(begin))
    _run_mip(model, index, x0, left() - days_reserve(), keep, threads=threads)
    if best and (rounded is None or best[0][2] > rounded + 1e-6):
        _choose_days(index, best[0][0], left(), emit, threads)


def _choose_days(
    index: Index, waves_of: list[int], time_limit_s: float, emit: Emit, threads: int
) -> None:
    """With the waves settled, choose each ceremony's day exactly (a small day-level MIP).

    Its plan is sent as one more incumbent; the proven bound stays the wave-level model's."""
    if time_limit_s < 0.2 or not any(len(w.days) > 1 for w in index.waves):
        return
    model = build(index, day_level=True, only_wave=waves_of)
    start = _start_columns(model, waves_of, [-1] * len(waves_of))
    _ = start

    def forward(kind: str, payload: object) -> None:
        if kind == "incumbent":
            emit(kind, payload)

    _run_mip(model, index, None, time_limit_s, forward, threads=threads, presolve=False)


def _fixed_copy(model: Model, x_lp: np.ndarray, reduced: np.ndarray) -> Model:
    """Return the model with LP-integral ones fixed and clearly unattractive columns removed."""
    lower = model.lower.copy()
    upper = model.upper.copy()
    xs = x_lp[: model.n_x]
    ones = xs > 0.999
    lower[: model.n_x][ones] = 1.0
    # A column the LP left at zero with a clearly negative reduced cost is very unlikely to be
    # in a good plan; dropping it keeps the rounding MIP small. The bound stays the LP's.
    drop = (xs < 1e-6) & (reduced[: model.n_x] < -50.0)
    upper[: model.n_x][drop] = 0.0
    return Model(
        col_ceremony=model.col_ceremony,
        col_wave=model.col_wave,
        col_day=model.col_day,
        n_x=model.n_x,
        cost=model.cost,
        lower=lower,
        upper=upper,
        integer=model.integer,
        row_lower=model.row_lower,
        row_upper=model.row_upper,
        start=model.start,
        rows=model.rows,
        values=model.values,
        constant=model.constant,
        free=model.free,
    )


def _run_mip(
    model: Model,
    index: Index,
    x0: np.ndarray | None,
    time_limit_s: float,
    emit: Emit,
    *,
    threads: int,
    bound_override: float | None = None,
    presolve: bool = False,
) -> None:
    n = len(index.ceremonies)
    h = _highs(time_limit_s, threads, presolve=presolve)
    h.setOptionValue("mip_rel_gap", 1e-6)
    h.passModel(model.lp(integral=True))
    if x0 is not None and model.n_x:
        fits = np.all(x0 >= model.lower[: model.n_x]) and np.all(x0 <= model.upper[: model.n_x])
        if fits:
            # A partial start: HiGHS completes the soft-rule variables itself.
            h.setSolution(model.n_x, np.arange(model.n_x, dtype=np.int32), x0)

    def send(x: np.ndarray, value: float) -> None:
        emit("incumbent", (_waves_of(model, x, n), _days_of(model, x, n), value))

    def improving(event: object) -> None:
        data = event.data_out  # type: ignore[attr-defined]
        send(np.asarray(data.mip_solution), float(data.objective_function_value))
        bound = float(data.mip_dual_bound)
        if bound_override is None and np.isfinite(bound):
            emit("bound", bound)

    h.cbMipImprovingSolution.subscribe(improving)
    h.run()
    info = h.getInfo()
    status = h.getModelStatus()
    if bound_override is None:
        bound = float(info.mip_dual_bound)
        if np.isfinite(bound):
            emit("bound", bound)
    if info.primal_solution_status == 2:  # a feasible point
        send(np.asarray(h.getSolution().col_value), float(info.objective_function_value))
    emit(
        "done",
        {
            "method": "mip" if bound_override is None else "lp+rounding",
            "status": str(status).split(".")[-1],
            "nodes": int(info.mip_node_count),
        },
    )


def _add_day_split(
    index: Index,
    *,
    model_cols: tuple[list[int], list[int]],
    l_day: dict[tuple[int, int], int],
    l_district_day: dict[tuple[int, int, str], int],
    l_official_day: dict[tuple[int, int, str], int],
    rows: _Rows,
    link: Callable[[np.ndarray, int, float], None],
    aux_cols: list[tuple[float, float, float, list[tuple[int, float]]]],
    by_wave: dict[int, np.ndarray],
) -> None:
    """Split multi-day waves over their days, inside each ceremony's own window.

    A (ceremony, wave) column is worth the wave's best day in the ceremony's window; without more,
    the model would assume every ceremony gets that day and that a district's or an official's
    ceremonies can share the wave's days freely. Per wave we split the ceremonies of each
    (district, importance, window) over the days of that window (continuous counts, each day capped
    by its crews and each district's chief) and charge the earliness they lose; the ceremonies of
    each official are split the same way under the official's daily cap. A ceremony whose value
    reaches the floor inside the window is charged nothing, so every real plan gives a feasible
    split of the same value or less: the model stays a relaxation and its bound stays proven.
    """
    problem = index.problem
    col_i, col_w = model_cols
    weight = problem.weights.earliness
    for j, w in enumerate(index.waves):
        ords = index.wave_day_ordinals[j]
        if len(ords) < 2:
            continue
        cols_j = by_wave[j]
        if not len(cols_j):
            continue
        groups: dict[tuple[str, int, int, int], list[int]] = {}
        official_groups: dict[tuple[str, int, int], list[int]] = {}
        for k in cols_j.tolist():
            i = col_i[k]
            c = index.ceremonies[i]
            cand = index.candidate(i, col_w[k])
            if cand is None:
                continue
            lo, hi = cand.days[0], cand.days[-1] + 1
            unfloored = 100.0 - (ords[hi - 1] - c.ready_from.toordinal()) / 3.0 >= 20.0
            g = c.importance if unfloored else 0
            groups.setdefault((c.district, g, lo, hi), []).append(k)
            for o in c.officials:
                official_groups.setdefault((o, lo, hi), []).append(k)
        districts_room = sum(min(problem.chief_cap(d), w.slots_per_day) for d in index.districts)
        room = min(problem.media_crews_per_slot * w.slots_per_day, districts_room)
        day_rows = [
            rows.add(("dayroom", j, d), -INF, float(room - l_day.get((j, d), 0)))
            for d in range(len(ords))
        ]
        district_rows: dict[tuple[str, int], int] = {}
        for district in sorted({key[0] for key in groups}):
            per_day = min(problem.chief_cap(district), w.slots_per_day)
            for d in range(len(ords)):
                left = per_day - l_district_day.get((j, d, district), 0)
                district_rows[(district, d)] = rows.add(
                    ("distday", j, d, district), -INF, float(left)
                )
        for (district, g, lo, hi), members in sorted(groups.items()):
            r = rows.add(("split", j, district, g, lo, hi), 0.0, 0.0)
            link(np.asarray(members, dtype=np.int64), r, -1.0)
            for d in range(lo, hi):
                loss = weight * g * (ords[d] - ords[lo]) / 3.0
                entries = [(r, 1.0), (day_rows[d], 1.0), (district_rows[(district, d)], 1.0)]
                aux_cols.append((-loss, 0.0, INF, entries))
        official_rows: dict[tuple[str, int], int] = {}
        for o in sorted({key[0] for key in official_groups}):
            per_day = min(index.official_cap[o], w.slots_per_day)
            for d in range(len(ords)):
                left = per_day - l_official_day.get((j, d, o), 0)
                official_rows[(o, d)] = rows.add(("offday", j, d, o), -INF, float(left))
        for (o, lo, hi), members in sorted(official_groups.items()):
            r = rows.add(("osplit", j, o, lo, hi), 0.0, 0.0)
            link(np.asarray(members, dtype=np.int64), r, -1.0)
            for d in range(lo, hi):
                aux_cols.append((0.0, 0.0, INF, [(r, 1.0), (official_rows[(o, d)], 1.0)]))
