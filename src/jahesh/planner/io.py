"""The JSON problem and plan files: strict reading with Persian errors naming the field.

Problem files come from users and scripts, so nothing is trusted: size, nesting depth, types
(``true`` is not a number here), NaN and infinities, ranges and counts are all checked before any
dataclass is built. The schema is ``docs/planning-problem.schema.json``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from dataclasses import asdict, fields
from typing import Any

from jahesh.planner.problem import (
    Assignment,
    Breakdown,
    Ceremony,
    Explanation,
    Official,
    Plan,
    Problem,
    ProblemError,
    Slot,
    Wave,
    Weights,
)
from jahesh.planner.wording import fa

FORMAT = "jahesh-planning-problem"
PLAN_FORMAT = "jahesh-plan"
MAX_BYTES = 64 * 1024 * 1024
MAX_CEREMONIES = 100_000
MAX_WAVES = 2_000
MAX_DAYS_PER_WAVE = 62
MAX_ID_CHARS = 200
MAX_TEXT_CHARS = 500


# No field of the format holds more than 10**20 (credit in rials); a longer literal is refused
# before int() sees it, so Python's own digit limit (a bare ValueError) is never reached.
MAX_INTEGER_DIGITS = 25


def _reject_constant(name: str) -> Any:
    raise ProblemError(f"مقدار «{name}» در JSON پذیرفته نیست؛ فقط عدد متناهی.")


def _bounded_int(literal: str) -> int:
    if len(literal.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise ProblemError(
            f"عددی با {fa(len(literal.lstrip('-')))} رقم در پرونده هست؛"
            f" هیچ مقداری بیش از {fa(MAX_INTEGER_DIGITS)} رقم ندارد."
        )
    return int(literal)


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise ProblemError(f"عدد «{literal[:40]}» از اندازهٔ عدد متناهی بیرون است.")
    return value


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Refuse a repeated key: json.loads would silently keep the last one."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ProblemError(f"کلید «{key}» در یک شیء دو بار آمده است.")
        out[key] = value
    return out


def _refuse_lone_surrogates(data: Any) -> None:
    """Refuse text that cannot be written back as UTF-8 (a ``\\ud800`` escape on its own).

    Such a string parses, the solver runs, and only writing the plan fails; refusing it here
    keeps the promise that bad input writes nothing.
    """
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            texts = [value]
        elif isinstance(value, dict):
            for key, item in value.items():
                stack.append((item, f"{path}.{key}" if path else key))
            texts = list(value)
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{k}]") for k, item in enumerate(value))
            continue
        else:
            continue
        for text in texts:
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as exc:
                where = path or None
                raise ProblemError(
                    f"«{path or 'ریشه'}» نیمی از یک جفت نویسهٔ UTF-16 (\\u{ord(text[exc.start]):x})"
                    " را تنها دارد و نوشتنی نیست.",
                    where,
                ) from exc


def problem_from_json(text: str | bytes) -> Problem:
    """Parse a problem file; raise ``ProblemError`` (Persian) on anything wrong."""
    if len(text) > MAX_BYTES:
        raise ProblemError(f"پرونده بزرگ‌تر از {MAX_BYTES // (1024 * 1024)} مگابایت است.")
    if isinstance(text, bytes):
        try:
            # utf-8-sig: editors on Windows save JSON with a byte-order mark.
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ProblemError("پرونده با UTF-8 خوانده نمی‌شود.") from exc
    text = text.removeprefix("\ufeff")
    try:
        data = json.loads(
            text,
            parse_constant=_reject_constant,
            parse_int=_bounded_int,
            parse_float=_finite_float,
            object_pairs_hook=_unique_keys,
        )
    except ProblemError:
        raise
    except RecursionError as exc:
        raise ProblemError("ساختار JSON بیش از اندازه تودرتو است.") from exc
    except json.JSONDecodeError as exc:
        raise ProblemError(
            f"JSON خراب است (سطر {fa(exc.lineno)}، ستون {fa(exc.colno)}): {exc.msg}."
        ) from exc
    _refuse_lone_surrogates(data)
    return problem_from_dict(data)


class _Reader:
    def __init__(self, data: Any, path: str) -> None:
        self.path = path
        if not isinstance(data, dict):
            raise ProblemError(f"«{path or 'ریشه'}» باید یک شیء JSON باشد.", path or None)
        self.data: dict[str, Any] = data

    def allow(self, *keys: str) -> None:
        """Refuse keys the format does not have (a typo must not pass silently)."""
        unknown = sorted(set(self.data) - set(keys))
        if unknown:
            name = self.field(unknown[0])
            raise ProblemError(f"کلید ناشناخته: «{name}».", name)

    def field(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def raw(self, key: str, default: Any = ...) -> Any:
        if key not in self.data or self.data[key] is None:
            if default is ...:
                raise ProblemError(f"«{self.field(key)}» لازم است و نیامده.", self.field(key))
            return default
        return self.data[key]

    def text(self, key: str, default: str | None = None, *, limit: int = MAX_ID_CHARS) -> str:
        value = self.raw(key, ... if default is None else default)
        if not isinstance(value, str) or (default is None and not value.strip()):
            raise ProblemError(f"«{self.field(key)}» باید متن ناتهی باشد.", self.field(key))
        if len(value) > limit:
            raise ProblemError(f"«{self.field(key)}» بیش از {limit} نویسه است.", self.field(key))
        return value

    def integer(self, key: str, default: int | None = None, *, low: int = 0, high: int) -> int:
        value = self.raw(key, ... if default is None else default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ProblemError(f"«{self.field(key)}» باید عدد صحیح باشد.", self.field(key))
        if not low <= value <= high:
            raise ProblemError(
                f"«{self.field(key)}» باید از {low} تا {high} باشد (آمده: {value}).",
                self.field(key),
            )
        return value

    def number(self, key: str, default: float, *, low: float, high: float) -> float:
        value = self.raw(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ProblemError(f"«{self.field(key)}» باید عدد باشد.", self.field(key))
        if not math.isfinite(value) or not low <= value <= high:
            raise ProblemError(
                f"«{self.field(key)}» باید از {low} تا {high} باشد.", self.field(key)
            )
        return float(value)

    def flag(self, key: str, default: bool) -> bool:
        value = self.raw(key, default)
        if not isinstance(value, bool):
            raise ProblemError(f"«{self.field(key)}» باید true یا false باشد.", self.field(key))
        return value

    def date(self, key: str, default: dt.date | None = None, *, optional: bool = False) -> Any:
        if optional and not self.has(key):
            return None
        value = self.raw(key, ... if default is None else default)
        return _date(value, self.field(key))

    def items(self, key: str, limit: int) -> list[Any]:
        value = self.raw(key, [])
        if not isinstance(value, list):
            raise ProblemError(f"«{self.field(key)}» باید فهرست باشد.", self.field(key))
        if len(value) > limit:
            raise ProblemError(f"«{self.field(key)}» بیش از {limit} عضو دارد.", self.field(key))
        return value


def _date(value: Any, field: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or len(value) != 10:
        raise ProblemError(f"«{field}» باید تاریخ میلادی به شکل YYYY-MM-DD باشد.", field)
    try:
        parsed = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ProblemError(f"«{field}» تاریخ درستی نیست: {value}.", field) from exc
    # A solar Hijri date typed into a Gregorian field parses as a year near 1400.
    if not 1900 <= parsed.year <= 2200:
        raise ProblemError(
            f"«{field}» باید تاریخ میلادی باشد؛ {value} تاریخ خورشیدی به نظر می‌رسد.", field
        )
    return parsed


def _slot_map(reader: _Reader, key: str, limit: int) -> Mapping[str, Slot]:
    out: dict[str, Slot] = {}
    for k, item in enumerate(reader.items(key, limit)):
        r = _Reader(item, f"{reader.field(key)}[{k}]")
        r.allow("ceremony", "wave", "day", "slot")
        cid = r.text("ceremony")
        if cid in out:
            raise ProblemError(f"«{r.field('ceremony')}» تکراری است: {cid}.", r.field("ceremony"))
        out[cid] = Slot(r.text("wave"), r.date("day"), r.integer("slot", high=47))
    return dict(out)


def problem_from_dict(data: Any) -> Problem:
    """Build a problem from decoded JSON; raise ``ProblemError`` naming the bad field."""
    root = _Reader(data, "")
    root.allow(
        "format",
        "version",
        "slot_minutes",
        "default_duration_min",
        "media_crews_per_slot",
        "district_chiefs_per_day",
        "district_chiefs_per_day_by_district",
        "travel_min",
        "officials",
        "waves",
        "ceremonies",
        "locks",
        "previous",
        "weights",
    )
    if root.has("format") and root.raw("format") != FORMAT:
        raise ProblemError(f"«format» باید «{FORMAT}» باشد.", "format")
    if root.has("version") and root.raw("version") != 1:
        raise ProblemError("فقط نسخهٔ ۱ این قالب خوانده می‌شود.", "version")
    officials = []
    for k, item in enumerate(root.items("officials", 10_000)):
        r = _Reader(item, f"officials[{k}]")
        r.allow("id", "max_per_day", "title")
        officials.append(
            Official(
                id=r.text("id"),
                max_per_day=r.integer("max_per_day", 4, high=48),
                title=r.text("title", "", limit=MAX_TEXT_CHARS),
            )
        )
    waves = []
    for k, item in enumerate(root.items("waves", MAX_WAVES)):
        r = _Reader(item, f"waves[{k}]")
        r.allow(*(f.name for f in fields(Wave)))
        days = r.items("days", MAX_DAYS_PER_WAVE)
        waves.append(
            Wave(
                id=r.text("id"),
                days=tuple(sorted(_date(d, f"{r.field('days')}[{n}]") for n, d in enumerate(days))),
                slots_per_day=r.integer("slots_per_day", 6, high=48),
                min_ceremonies=r.integer("min_ceremonies", 0, high=MAX_CEREMONIES),
                max_ceremonies=r.integer("max_ceremonies", 60, high=MAX_CEREMONIES),
                headline_cap=r.integer("headline_cap", 5, high=MAX_CEREMONIES),
                title=r.text("title", "", limit=MAX_TEXT_CHARS),
            )
        )
    ceremonies = []
    for k, item in enumerate(root.items("ceremonies", MAX_CEREMONIES)):
        r = _Reader(item, f"ceremonies[{k}]")
        r.allow(*(f.name for f in fields(Ceremony)))
        asked = r.items("officials", 50)
        for n, o in enumerate(asked):
            if not isinstance(o, str) or not o:
                raise ProblemError(f"«{r.field('officials')}[{n}]» باید شناسهٔ مقام باشد.")
        ceremonies.append(
            Ceremony(
                id=r.text("id"),
                ready_from=r.date("ready_from"),
                latest=r.date("latest", optional=True),
                district=r.text("district"),
                sector=r.text("sector"),
                credit_rial=r.integer("credit_rial", 0, high=10**20),
                importance=r.integer("importance", 5, low=1, high=10),
                headline=r.flag("headline", False),
                officials=tuple(asked),
                duration_min=r.integer("duration_min", low=1, high=24 * 60)
                if r.has("duration_min")
                else None,
                title=r.text("title", "", limit=MAX_TEXT_CHARS),
            )
        )
    travel: dict[tuple[str, str], int] = {}
    for k, item in enumerate(root.items("travel_min", 1_000_000)):
        r = _Reader(item, f"travel_min[{k}]")
        r.allow("from", "to", "minutes")
        travel[(r.text("from"), r.text("to"))] = r.integer("minutes", high=24 * 60)
    by_district: dict[str, int] = {}
    if root.has("district_chiefs_per_day_by_district"):
        raw = root.raw("district_chiefs_per_day_by_district")
        if not isinstance(raw, dict) or len(raw) > 10_000:
            raise ProblemError(
                "«district_chiefs_per_day_by_district» باید شیء منطقه → عدد باشد.",
                "district_chiefs_per_day_by_district",
            )
        sub = _Reader(raw, "district_chiefs_per_day_by_district")
        by_district = {key: sub.integer(key, high=48) for key in raw}
    weights_reader = _Reader(root.raw("weights", {}), "weights")
    defaults = Weights()
    weight_values: dict[str, float] = {}
    for f in fields(Weights):
        high = 1.0 if f.name == "sector_share_max" else 1e6
        weight_values[f.name] = weights_reader.number(
            f.name, getattr(defaults, f.name), low=0.0, high=high
        )
    unknown = set(weights_reader.data) - set(weight_values)
    if unknown:
        name = sorted(unknown)[0]
        raise ProblemError(f"وزن ناشناخته: «weights.{name}».", f"weights.{name}")
    return Problem(
        ceremonies=tuple(ceremonies),
        waves=tuple(waves),
        officials=tuple(officials),
        travel_min=dict(travel),
        district_chiefs_per_day=root.integer("district_chiefs_per_day", 3, high=48),
        district_chiefs_per_day_by_district=dict(by_district),
        media_crews_per_slot=root.integer("media_crews_per_slot", 4, high=10_000),
        slot_minutes=root.integer("slot_minutes", 90, low=1, high=24 * 60),
        default_duration_min=root.integer("default_duration_min", 60, low=1, high=24 * 60),
        locks=_slot_map(root, "locks", MAX_CEREMONIES),
        previous=_slot_map(root, "previous", MAX_CEREMONIES),
        weights=Weights(**weight_values),
    )


def _slots_to_list(slots: Mapping[str, Slot]) -> list[dict[str, Any]]:
    return [
        {"ceremony": cid, "wave": s.wave, "day": s.day.isoformat(), "slot": s.slot}
        for cid, s in slots.items()
    ]


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    """Return the problem as JSON-ready data (the inverse of ``problem_from_dict``)."""
    return {
        "format": FORMAT,
        "version": 1,
        "slot_minutes": problem.slot_minutes,
        "default_duration_min": problem.default_duration_min,
        "media_crews_per_slot": problem.media_crews_per_slot,
        "district_chiefs_per_day": problem.district_chiefs_per_day,
        "district_chiefs_per_day_by_district": dict(problem.district_chiefs_per_day_by_district),
        "travel_min": [
            {"from": a, "to": b, "minutes": m} for (a, b), m in problem.travel_min.items()
        ],
        "officials": [asdict(o) for o in problem.officials],
        "waves": [{**asdict(w), "days": [d.isoformat() for d in w.days]} for w in problem.waves],
        "ceremonies": [
            {
                **asdict(c),
                "ready_from": c.ready_from.isoformat(),
                "latest": c.latest.isoformat() if c.latest else None,
                "officials": list(c.officials),
            }
            for c in problem.ceremonies
        ],
        "locks": _slots_to_list(problem.locks),
        "previous": _slots_to_list(problem.previous),
        "weights": asdict(problem.weights),
    }


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """Return the plan as JSON-ready data."""
    return {
        "format": PLAN_FORMAT,
        "version": 1,
        "status": plan.status,
        "objective": plan.objective,
        "bound": plan.bound,
        "gap": plan.gap,
        "breakdown": {**asdict(plan.breakdown), "total": plan.breakdown.total},
        "assignments": [
            {
                "ceremony": a.ceremony,
                "wave": a.wave,
                "day": a.day.isoformat(),
                "slot": a.slot,
                "locked": a.locked,
            }
            for a in plan.assignments
        ],
        "explanations": [asdict(e) for e in plan.explanations],
        "stats": dict(plan.stats),
    }


def plan_from_dict(data: Any) -> Plan:
    """Read back a plan written by ``plan_to_dict``."""
    root = _Reader(data, "")
    assignments = []
    for k, item in enumerate(root.items("assignments", MAX_CEREMONIES)):
        r = _Reader(item, f"assignments[{k}]")
        assignments.append(
            Assignment(
                ceremony=r.text("ceremony"),
                wave=r.text("wave"),
                day=r.date("day"),
                slot=r.integer("slot", high=47),
                locked=r.flag("locked", False),
            )
        )
    explanations = []
    for k, item in enumerate(root.items("explanations", 10 * MAX_CEREMONIES)):
        r = _Reader(item, f"explanations[{k}]")
        explanations.append(
            Explanation(
                kind=r.text("kind"),  # type: ignore[arg-type]
                message=r.text("message", limit=10_000),
                ceremony=r.raw("ceremony", None),
                wave=r.raw("wave", None),
                subject=r.raw("subject", None),
            )
        )
    parts = _Reader(root.raw("breakdown", {}), "breakdown")
    breakdown = Breakdown(
        **{f.name: parts.number(f.name, 0.0, low=-1e15, high=1e15) for f in fields(Breakdown)}
    )
    status = root.text("status")
    if status not in ("optimal", "feasible", "greedy"):
        raise ProblemError("«status» نامعتبر است.", "status")
    bound = root.raw("bound", None)
    gap = root.raw("gap", None)
    return Plan(
        assignments=tuple(assignments),
        objective=root.number("objective", 0.0, low=-1e15, high=1e15),
        bound=None if bound is None else root.number("bound", 0.0, low=-1e15, high=1e15),
        gap=None if gap is None else root.number("gap", 0.0, low=-1e3, high=1e3),
        status=status,  # type: ignore[arg-type]
        explanations=tuple(explanations),
        breakdown=breakdown,
        stats=dict(dict(root.raw("stats", {}))),
    )
