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

from jahesh.planner.indexing import (
    DAYS_PER_POINT,
    EARLINESS_FLOOR,
    EARLINESS_ON_TIME,
    Candidate,
    Index,
)
from jahesh.planner.problem import Wave, Weights

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
#: The rounding MIP gets at least this long even when the whole MIP follows it.
ROUNDING_MIN_S = 1.0
#: The days reserve never takes more than this share of the time left.
DAYS_RESERVE_MAX_SHARE = 0.3
#: Choosing days exactly is not started with less time than this.
CHOOSE_DAYS_MIN_S = 0.2
#: A plan from the whole MIP counts as better than the rounded one only by more than this.
IMPROVEMENT_MIN_POINTS = 1e-6
#: HiGHS is never given a time limit shorter than this (it rejects zero and negative ones).
HIGHS_MIN_TIME_LIMIT_S = 0.05
#: A fixed seed, so the same problem gives the same plan on every run.
HIGHS_RANDOM_SEED = 7
#: Relative gap at which HiGHS stops and calls its plan optimal.
MIP_REL_GAP = 1e-6
#: HiGHS's ``primal_solution_status`` for a feasible point.
HIGHS_FEASIBLE_POINT = 2
#: An x value above this is a chosen (ceremony, wave); binaries come back as 0.9999… or 1e-10.
X_CHOSEN = 0.5
#: LP values above this are taken as 1 and fixed; below LP_ZERO as 0.
LP_ONE = 0.999
LP_ZERO = 1e-6
#: An LP-zero column whose reduced cost is below this (points) is dropped from the rounding MIP.
DROP_REDUCED_COST_POINTS = -50.0


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


#: One soft-rule or split column: (objective cost, lower bound, upper bound, its matrix entries).
_Entries = list[tuple[int, float]]
_AuxColumn = tuple[float, float, float, _Entries]


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
class _LockLoad:
    """What the locked ceremonies already take from each wave, day, district and official."""

    wave_count: list[int]
    wave_headlines: list[int]
    sector: dict[tuple[int, str], int] = field(default_factory=dict)
    district: dict[tuple[int, str], int] = field(default_factory=dict)
    district_day: dict[tuple[int, int, str], int] = field(default_factory=dict)
    official: dict[tuple[int, str], int] = field(default_factory=dict)
    official_day: dict[tuple[int, int, str], int] = field(default_factory=dict)
    day: dict[tuple[int, int], int] = field(default_factory=dict)


@dataclass
class _Eligible:
    """The (wave, sector) and (wave, district) pairs and the waves' headlines that can happen."""

    sector: set[tuple[int, str]]
    district: set[tuple[int, str]]
    headline: set[int]
    #: Waves a free headline ceremony may go to: only these need a headline cap row.
    headline_capped: set[int]


@dataclass
class _XColumns:
    """The x columns, one per (ceremony, wave) or, in the day-level model, per (ceremony, day)."""

    cost: list[float] = field(default_factory=list)
    ceremony: list[int] = field(default_factory=list)
    wave: list[int] = field(default_factory=list)
    day: list[int] = field(default_factory=list)
    starts: list[int] = field(default_factory=lambda: [0])
    rows: list[int] = field(default_factory=list)
    values: list[float] = field(default_factory=list)

    def add(self, *, ceremony: int, wave: int, day: int, cost: float, entries: _Entries) -> None:
        self.cost.append(cost)
        self.ceremony.append(ceremony)
        self.wave.append(wave)
        self.day.append(day)
        for row, value in entries:
            self.rows.append(row)
            self.values.append(value)
        self.starts.append(len(self.rows))


@dataclass
class _SoftColumns:
    """The columns after the x columns, and the entries their rows put into x columns."""

    aux: list[_AuxColumn] = field(default_factory=list)
    #: x column -> more (row, value) entries, from rows added after the x columns.
    extra: dict[int, _Entries] = field(default_factory=dict)

    def link(self, cols: np.ndarray, row: int, value: float) -> None:
        for k in cols.tolist():
            self.extra.setdefault(k, []).append((row, value))


def build(
    index: Index, *, day_level: bool = False, only_wave: Sequence[int] | None = None
) -> Model:
    """Build the wave-level model (or the day-level one).

    ``only_wave`` keeps each ceremony to one wave (−1: left out), for choosing days exactly once
    the waves are settled."""
    candidates = _kept_candidates(index, only_wave)
    locked_wave = {
        index.ceremony_pos[cid]: index.wave_pos[lock.wave]
        for cid, lock in index.problem.locks.items()
    }
    free = _free_ceremonies(index, candidates, locked_wave)
    # The objective's constant is summed in one fixed order so every build is bit-identical.
    constant_terms: list[float] = []
    load = _lock_load(index, locked_wave, constant_terms)
    previous_wave = _previous_waves(index, locked_wave, constant_terms)
    eligible = _eligible(index, candidates, free, load)
    rows = _Rows()
    _add_one_wave_rows(rows, free)
    _add_wave_rows(index, rows, load, eligible, day_level=day_level)
    _add_district_rows(index, rows, load, eligible, day_level=day_level)
    _add_official_rows(index, rows, candidates, free, load, day_level=day_level)
    x = _x_columns(index, rows, candidates, free, previous_wave, day_level=day_level)
    by_wave = _x_columns_by_wave(x, len(index.waves))
    soft = _SoftColumns()
    _add_soft_rules(
        index,
        rows,
        x,
        soft,
        load=load,
        eligible=eligible,
        by_wave=by_wave,
        constant_terms=constant_terms,
    )
    if not day_level:
        _add_day_split(index, rows, x, soft, load=load, by_wave=by_wave)
    return _assemble(x, soft, rows, constant=_sum_in_order(constant_terms), free=free)


def _kept_candidates(index: Index, only_wave: Sequence[int] | None) -> list[tuple[Candidate, ...]]:
    """Return each ceremony's candidate waves, kept to ``only_wave`` when it is given."""
    if only_wave is None:
        return index.candidates
    return [
        tuple(cand for cand in cands if cand.wave == only_wave[i])
        for i, cands in enumerate(index.candidates)
    ]


def _free_ceremonies(
    index: Index, candidates: list[tuple[Candidate, ...]], locked_wave: dict[int, int]
) -> list[int]:
    """Return the ceremonies the model may place: unlocked, not blocked, with a candidate wave."""
    return [
        i
        for i in range(len(index.ceremonies))
        if i not in locked_wave and index.blocked[i] is None and candidates[i]
    ]


def _lock_load(index: Index, locked_wave: dict[int, int], constant_terms: list[float]) -> _LockLoad:
    """Count what the locks take from each wave and add the value they already earn."""
    n_waves = len(index.waves)
    load = _LockLoad(wave_count=[0] * n_waves, wave_headlines=[0] * n_waves)
    for cid, lock in index.problem.locks.items():
        i = index.ceremony_pos[cid]
        c = index.ceremonies[i]
        j = locked_wave[i]
        d = index.wave_day_ordinals[j].index(lock.day.toordinal())
        constant_terms.append(index.day_value(i, j, d))
        load.wave_count[j] += 1
        load.wave_headlines[j] += int(c.headline)
        load.sector[(j, c.sector)] = load.sector.get((j, c.sector), 0) + 1
        load.district[(j, c.district)] = load.district.get((j, c.district), 0) + 1
        load.district_day[(j, d, c.district)] = load.district_day.get((j, d, c.district), 0) + 1
        load.day[(j, d)] = load.day.get((j, d), 0) + 1
        for o in c.officials:
            load.official[(j, o)] = load.official.get((j, o), 0) + 1
            load.official_day[(j, d, o)] = load.official_day.get((j, d, o), 0) + 1
    return load


def _previous_waves(
    index: Index, locked_wave: dict[int, int], constant_terms: list[float]
) -> dict[int, int]:
    """Return the previous plan's wave of each free ceremony, and charge every change up front.

    Each ceremony of the previous plan costs the change weight; its column in its old wave
    earns it back (a lock in its old wave earns it back here)."""
    change = index.problem.weights.change
    previous_wave: dict[int, int] = {}
    for cid, before in index.problem.previous.items():
        pos = index.ceremony_pos.get(cid)
        if pos is None:
            continue
        constant_terms.append(-change)
        was = index.wave_pos.get(before.wave)
        if was is None:
            continue
        if pos in locked_wave:
            constant_terms.append(change if locked_wave[pos] == was else 0.0)
        else:
            previous_wave[pos] = was
    return previous_wave


def _eligible(
    index: Index, candidates: list[tuple[Candidate, ...]], free: list[int], load: _LockLoad
) -> _Eligible:
    """Find which (wave, sector) and (wave, district) pairs and which headlines can be present."""
    eligible = _Eligible(
        sector=set(load.sector),
        district=set(load.district),
        headline={j for j in range(len(index.waves)) if load.wave_headlines[j]},
        headline_capped=set(),
    )
    for i in free:
        c = index.ceremonies[i]
        for cand in candidates[i]:
            eligible.sector.add((cand.wave, c.sector))
            eligible.district.add((cand.wave, c.district))
            if c.headline:
                eligible.headline_capped.add(cand.wave)
    eligible.headline |= eligible.headline_capped
    return eligible


def _add_one_wave_rows(rows: _Rows, free: list[int]) -> None:
    """Add the rows that put each free ceremony in at most one wave."""
    for i in free:
        rows.add(("one", i), -INF, 1.0)


def _add_wave_rows(
    index: Index, rows: _Rows, load: _LockLoad, eligible: _Eligible, *, day_level: bool
) -> None:
    """Add each wave's count row, its headline cap and, day-level, its days' media crews."""
    crews = index.problem.media_crews_per_slot
    for j, w in enumerate(index.waves):
        rows.add(("n", j), float(load.wave_count[j]), float(load.wave_count[j]))
        if j in eligible.headline_capped:
            rows.add(("head", j), -INF, float(w.headline_cap - load.wave_headlines[j]))
        if day_level:
            for d in range(len(w.days)):
                left = w.slots_per_day * crews - load.day.get((j, d), 0)
                rows.add(("day", j, d), -INF, float(left))


def _add_district_rows(
    index: Index, rows: _Rows, load: _LockLoad, eligible: _Eligible, *, day_level: bool
) -> None:
    """Add each district chief's room in a wave (or, day-level, in each of its days)."""
    for j, district in sorted(eligible.district, key=lambda k: (k[0], k[1])):
        w = index.waves[j]
        per_day = min(index.problem.chief_cap(district), w.slots_per_day)
        if day_level:
            for d in range(len(w.days)):
                left = per_day - load.district_day.get((j, d, district), 0)
                rows.add(("dist", j, d, district), -INF, float(left))
        else:
            left = per_day * len(w.days) - load.district.get((j, district), 0)
            rows.add(("dist", j, district), -INF, float(left))


def _add_official_rows(
    index: Index,
    rows: _Rows,
    candidates: list[tuple[Candidate, ...]],
    free: list[int],
    load: _LockLoad,
    *,
    day_level: bool,
) -> None:
    """Add each official's room in a wave (or, day-level, in each of its days)."""
    officials_used: set[tuple[int, str]] = set()
    for i in free:
        for o in index.ceremonies[i].officials:
            for cand in candidates[i]:
                officials_used.add((cand.wave, o))
    for j, o in sorted(officials_used):
        w = index.waves[j]
        per_day = min(index.official_cap[o], w.slots_per_day)
        if day_level:
            for d in range(len(w.days)):
                left = per_day - load.official_day.get((j, d, o), 0)
                rows.add(("off", j, d, o), -INF, float(left))
        else:
            left = per_day * len(w.days) - load.official.get((j, o), 0)
            rows.add(("off", j, o), -INF, float(left))


def _x_columns(
    index: Index,
    rows: _Rows,
    candidates: list[tuple[Candidate, ...]],
    free: list[int],
    previous_wave: dict[int, int],
    *,
    day_level: bool,
) -> _XColumns:
    """Add one x column per free ceremony and candidate wave (or candidate day, day-level)."""
    change = index.problem.weights.change
    x = _XColumns()
    for i in free:
        for cand in candidates[i]:
            j = cand.wave
            bonus = change if previous_wave.get(i) == j else 0.0
            day_choices: tuple[int | None, ...] = cand.days if day_level else (None,)
            for day_pos in day_choices:
                value = cand.best_value if day_pos is None else index.day_value(i, j, day_pos)
                x.add(
                    ceremony=i,
                    wave=j,
                    day=-1 if day_pos is None else day_pos,
                    cost=value + bonus,
                    entries=_x_entries(index, rows, i, j, day_pos),
                )
    return x


def _x_entries(index: Index, rows: _Rows, i: int, j: int, day_pos: int | None) -> _Entries:
    """Return the capacity rows one x column counts in, with its coefficient in each."""
    c = index.ceremonies[i]
    entries: _Entries = [(rows.keys[("one", i)], 1.0), (rows.keys[("n", j)], -1.0)]
    if c.headline:
        entries.append((rows.keys[("head", j)], 1.0))
    if day_pos is None:
        entries.append((rows.keys[("dist", j, c.district)], 1.0))
        entries.extend((rows.keys[("off", j, o)], 1.0) for o in c.officials)
    else:
        entries.append((rows.keys[("day", j, day_pos)], 1.0))
        entries.append((rows.keys[("dist", j, day_pos, c.district)], 1.0))
        entries.extend((rows.keys[("off", j, day_pos, o)], 1.0) for o in c.officials)
    return entries


def _x_columns_by_wave(x: _XColumns, n_waves: int) -> dict[int, np.ndarray]:
    """Return the x columns of each wave."""
    col_wave = np.asarray(x.wave, dtype=np.int64)
    return {j: np.flatnonzero(col_wave == j) for j in range(n_waves)}


def _add_soft_rules(
    index: Index,
    rows: _Rows,
    x: _XColumns,
    soft: _SoftColumns,
    *,
    load: _LockLoad,
    eligible: _Eligible,
    by_wave: dict[int, np.ndarray],
    constant_terms: list[float],
) -> None:
    """Add each wave's count column and the rows and columns of its soft rules."""
    weights = index.problem.weights
    sectors = np.asarray([index.ceremonies[i].sector for i in x.ceremony], dtype=object)
    districts = np.asarray([index.ceremonies[i].district for i in x.ceremony], dtype=object)
    heads = np.asarray([index.ceremonies[i].headline for i in x.ceremony], dtype=bool)
    for j, w in enumerate(index.waves):
        cols_j = by_wave[j]
        count_entries = _add_wave_count(index, rows, soft, j, w)
        if j in eligible.headline:
            if load.wave_headlines[j]:
                constant_terms.append(weights.headline)
            else:
                _add_presence(rows, soft, ("hp", j), cols_j[heads[cols_j]], weights.headline)
        for s in sorted({s for (jj, s) in eligible.sector if jj == j}):
            mine = cols_j[sectors[cols_j] == s] if len(cols_j) else cols_j
            locked = load.sector.get((j, s), 0)
            if locked:
                constant_terms.append(weights.sector_presence)
            else:
                _add_presence(rows, soft, ("sp", j, s), mine, weights.sector_presence)
            _add_sector_share(
                rows,
                soft,
                ("ss", j, s),
                mine,
                locked=locked,
                count_entries=count_entries,
                weights=weights,
            )
        for dname in sorted({d for (jj, d) in eligible.district if jj == j}):
            if load.district.get((j, dname), 0):
                constant_terms.append(weights.district_presence)
                continue
            mine = cols_j[districts[cols_j] == dname] if len(cols_j) else cols_j
            _add_presence(rows, soft, ("dp", j, dname), mine, weights.district_presence)


def _add_wave_count(index: Index, rows: _Rows, soft: _SoftColumns, j: int, w: Wave) -> _Entries:
    """Add the wave's count column n_j (and its minimum rule); return n_j's entries."""
    crews = index.problem.media_crews_per_slot
    n_cap = float(max(0, min(w.max_ceremonies, len(w.days) * w.slots_per_day * crews)))
    count_entries: _Entries = [(rows.keys[("n", j)], 1.0)]
    soft.aux.append((0.0, 0.0, n_cap, count_entries))
    if w.min_ceremonies > 0:
        m_row = rows.add(("min", j), float(w.min_ceremonies), INF)
        count_entries.append((m_row, 1.0))
        soft.aux.append((-index.problem.weights.wave_minimum, 0.0, INF, [(m_row, 1.0)]))
    return count_entries


def _add_presence(
    rows: _Rows, soft: _SoftColumns, key: tuple[object, ...], cols: np.ndarray, weight: float
) -> None:
    """Add a 0–1 column worth ``weight`` that can be 1 only if one of ``cols`` is chosen."""
    r = rows.add(key, -INF, 0.0)
    soft.link(cols, r, -1.0)
    soft.aux.append((weight, 0.0, 1.0, [(r, 1.0)]))


def _add_sector_share(
    rows: _Rows,
    soft: _SoftColumns,
    key: tuple[object, ...],
    cols: np.ndarray,
    *,
    locked: int,
    count_entries: _Entries,
    weights: Weights,
) -> None:
    """Add the penalised excess of one sector over its share of the wave.

    n_js + locked − share · n_j − e_js ≤ 0"""
    r = rows.add(key, -INF, -float(locked))
    soft.link(cols, r, 1.0)
    count_entries.append((r, -weights.sector_share_max))
    soft.aux.append((-weights.sector_share, 0.0, INF, [(r, -1.0)]))


def _sum_in_order(terms: list[float]) -> float:
    """Add ``terms`` left to right (``sum`` may compensate rounding in newer Pythons)."""
    total = 0.0
    for term in terms:
        total += term
    return total


def _assemble(
    x: _XColumns, soft: _SoftColumns, rows: _Rows, *, constant: float, free: list[int]
) -> Model:
    """Lay the x columns, then the soft-rule columns, out as column-wise HiGHS arrays."""
    n_x = len(x.cost)
    cost = list(x.cost)
    lower: list[float] = [0.0] * n_x
    upper: list[float] = [1.0] * n_x
    integer: list[bool] = [True] * n_x
    out_start = [0]
    out_rows: list[int] = []
    out_vals: list[float] = []
    for k in range(n_x):
        out_rows.extend(x.rows[x.starts[k] : x.starts[k + 1]])
        out_vals.extend(x.values[x.starts[k] : x.starts[k + 1]])
        for row, val in soft.extra.get(k, ()):
            out_rows.append(row)
            out_vals.append(val)
        out_start.append(len(out_rows))
    for c_cost, lo, hi, entries in soft.aux:
        cost.append(c_cost)
        lower.append(lo)
        upper.append(hi)
        integer.append(False)
        for row, val in entries:
            out_rows.append(row)
            out_vals.append(val)
        out_start.append(len(out_rows))
    return Model(
        col_ceremony=np.asarray(x.ceremony, dtype=np.int64),
        col_wave=np.asarray(x.wave, dtype=np.int64),
        col_day=np.asarray(x.day, dtype=np.int64),
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
    h.setOptionValue("time_limit", max(HIGHS_MIN_TIME_LIMIT_S, time_limit_s))
    h.setOptionValue("threads", threads)
    h.setOptionValue("random_seed", HIGHS_RANDOM_SEED)
    # Measured: on these models presolve costs more than it saves (0.7 s of 1.9 s at N=1,000),
    # except once most columns are fixed, as in the rounding MIP.
    h.setOptionValue("presolve", "on" if presolve else "off")
    return h


def _waves_of(model: Model, x: np.ndarray, n_ceremonies: int) -> list[int]:
    """Return each ceremony's wave position (−1 for none) from x column values."""
    chosen = np.full(n_ceremonies, -1, dtype=np.int64)
    picked = np.flatnonzero(x[: model.n_x] > X_CHOSEN)
    chosen[model.col_ceremony[picked]] = model.col_wave[picked]
    return [int(v) for v in chosen]


def _days_of(model: Model, x: np.ndarray, n_ceremonies: int) -> list[int]:
    """Return each ceremony's day position (−1 for none, or not chosen) from x column values."""
    chosen = np.full(n_ceremonies, -1, dtype=np.int64)
    picked = np.flatnonzero(x[: model.n_x] > X_CHOSEN)
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
            DAYS_RESERVE_MAX_SHARE * left(),
            DAYS_RESERVE_S + DAYS_RESERVE_S_PER_1000 * len(index.ceremonies) / 1000,
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
        rounding_s = min(rounding_s, max(ROUNDING_MIN_S, ROUNDING_SHARE * left()))
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
    if best and (rounded is None or best[0][2] > rounded + IMPROVEMENT_MIN_POINTS):
        _choose_days(index, best[0][0], left(), emit, threads)


def _choose_days(
    index: Index, waves_of: list[int], time_limit_s: float, emit: Emit, threads: int
) -> None:
    """With the waves settled, choose each ceremony's day exactly (a small day-level MIP).

    Its plan is sent as one more incumbent; the proven bound stays the wave-level model's."""
    if time_limit_s < CHOOSE_DAYS_MIN_S or not any(len(w.days) > 1 for w in index.waves):
        return
    model = build(index, day_level=True, only_wave=waves_of)

    def forward(kind: str, payload: object) -> None:
        if kind == "incumbent":
            emit(kind, payload)

    _run_mip(model, index, None, time_limit_s, forward, threads=threads, presolve=False)


def _fixed_copy(model: Model, x_lp: np.ndarray, reduced: np.ndarray) -> Model:
    """Return the model with LP-integral ones fixed and clearly unattractive columns removed."""
    lower = model.lower.copy()
    upper = model.upper.copy()
    xs = x_lp[: model.n_x]
    ones = xs > LP_ONE
    lower[: model.n_x][ones] = 1.0
    # A column the LP left at zero with a clearly negative reduced cost is very unlikely to be
    # in a good plan; dropping it keeps the rounding MIP small. The bound stays the LP's.
    drop = (xs < LP_ZERO) & (reduced[: model.n_x] < DROP_REDUCED_COST_POINTS)
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
    h.setOptionValue("mip_rel_gap", MIP_REL_GAP)
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
    if info.primal_solution_status == HIGHS_FEASIBLE_POINT:
        send(np.asarray(h.getSolution().col_value), float(info.objective_function_value))
    emit(
        "done",
        {
            "method": "mip" if bound_override is None else "lp+rounding",
            "status": str(status).split(".")[-1],
            "nodes": int(info.mip_node_count),
        },
    )


#: Ceremonies split together over a wave's days, keyed (district, importance or 0 when floored,
#: first day, day after the last) for crews and chiefs, and (official, first day, day after).
_DistrictGroups = dict[tuple[str, int, int, int], list[int]]
_OfficialGroups = dict[tuple[str, int, int], list[int]]


def _add_day_split(
    index: Index,
    rows: _Rows,
    x: _XColumns,
    soft: _SoftColumns,
    *,
    load: _LockLoad,
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
    for j in range(len(index.waves)):
        ords = index.wave_day_ordinals[j]
        if len(ords) < 2:
            continue
        cols_j = by_wave[j]
        if not len(cols_j):
            continue
        groups, official_groups = _split_groups(index, x, cols_j, ords)
        day_rows = _add_day_room_rows(index, rows, j, load)
        district_rows = _add_district_day_rows(
            index, rows, j, sorted({key[0] for key in groups}), load
        )
        _add_district_splits(
            index, rows, soft, j, groups, day_rows=day_rows, district_rows=district_rows
        )
        official_rows = _add_official_day_rows(
            index, rows, j, sorted({key[0] for key in official_groups}), load
        )
        _add_official_splits(rows, soft, j, official_groups, official_rows)


def _split_groups(
    index: Index, x: _XColumns, cols_j: np.ndarray, ords: Sequence[int]
) -> tuple[_DistrictGroups, _OfficialGroups]:
    """Group one wave's x columns by district, importance and window, and by official."""
    groups: _DistrictGroups = {}
    official_groups: _OfficialGroups = {}
    for k in cols_j.tolist():
        i = x.ceremony[k]
        c = index.ceremonies[i]
        cand = index.candidate(i, x.wave[k])
        if cand is None:
            continue
        lo, hi = cand.days[0], cand.days[-1] + 1
        days_late = ords[hi - 1] - c.ready_from.toordinal()
        unfloored = EARLINESS_ON_TIME - days_late / DAYS_PER_POINT >= EARLINESS_FLOOR
        g = c.importance if unfloored else 0
        groups.setdefault((c.district, g, lo, hi), []).append(k)
        for o in c.officials:
            official_groups.setdefault((o, lo, hi), []).append(k)
    return groups, official_groups


def _add_day_room_rows(index: Index, rows: _Rows, j: int, load: _LockLoad) -> list[int]:
    """Add each day's room in wave ``j``: its media crews, or all chiefs together if fewer."""
    problem = index.problem
    w = index.waves[j]
    districts_room = sum(min(problem.chief_cap(d), w.slots_per_day) for d in index.districts)
    room = min(problem.media_crews_per_slot * w.slots_per_day, districts_room)
    return [
        rows.add(("dayroom", j, d), -INF, float(room - load.day.get((j, d), 0)))
        for d in range(len(w.days))
    ]


def _add_district_day_rows(
    index: Index, rows: _Rows, j: int, districts: list[str], load: _LockLoad
) -> dict[tuple[str, int], int]:
    """Add each district chief's room on each day of wave ``j``."""
    w = index.waves[j]
    district_rows: dict[tuple[str, int], int] = {}
    for district in districts:
        per_day = min(index.problem.chief_cap(district), w.slots_per_day)
        for d in range(len(w.days)):
            left = per_day - load.district_day.get((j, d, district), 0)
            district_rows[(district, d)] = rows.add(("distday", j, d, district), -INF, float(left))
    return district_rows


def _add_district_splits(
    index: Index,
    rows: _Rows,
    soft: _SoftColumns,
    j: int,
    groups: _DistrictGroups,
    *,
    day_rows: list[int],
    district_rows: dict[tuple[str, int], int],
) -> None:
    """Spread each group over its window's days, charging the earliness lost after its first."""
    ords = index.wave_day_ordinals[j]
    weight = index.problem.weights.earliness
    for (district, g, lo, hi), members in sorted(groups.items()):
        r = rows.add(("split", j, district, g, lo, hi), 0.0, 0.0)
        soft.link(np.asarray(members, dtype=np.int64), r, -1.0)
        for d in range(lo, hi):
            loss = weight * g * (ords[d] - ords[lo]) / DAYS_PER_POINT
            entries = [(r, 1.0), (day_rows[d], 1.0), (district_rows[(district, d)], 1.0)]
            soft.aux.append((-loss, 0.0, INF, entries))


def _add_official_day_rows(
    index: Index, rows: _Rows, j: int, officials: list[str], load: _LockLoad
) -> dict[tuple[str, int], int]:
    """Add each official's room on each day of wave ``j``."""
    w = index.waves[j]
    official_rows: dict[tuple[str, int], int] = {}
    for o in officials:
        per_day = min(index.official_cap[o], w.slots_per_day)
        for d in range(len(w.days)):
            left = per_day - load.official_day.get((j, d, o), 0)
            official_rows[(o, d)] = rows.add(("offday", j, d, o), -INF, float(left))
    return official_rows


def _add_official_splits(
    rows: _Rows,
    soft: _SoftColumns,
    j: int,
    official_groups: _OfficialGroups,
    official_rows: dict[tuple[str, int], int],
) -> None:
    """Spread each official's ceremonies over the days of their window, at no cost."""
    for (o, lo, hi), members in sorted(official_groups.items()):
        r = rows.add(("osplit", j, o, lo, hi), 0.0, 0.0)
        soft.link(np.asarray(members, dtype=np.int64), r, -1.0)
        for d in range(lo, hi):
            soft.aux.append((0.0, 0.0, INF, [(r, 1.0), (official_rows[(o, d)], 1.0)]))
