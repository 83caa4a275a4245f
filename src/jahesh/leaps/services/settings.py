"""What the planner weighs and how long officials travel: a programme's soft-rule weights and
default travel time, and the city's table of minutes between districts."""

from __future__ import annotations

import math
from typing import Any

from django.db import transaction
from django.db.models import Q

from jahesh import persian, planner
from jahesh.core.errors import PermissionDeniedError, ValidationError, require
from jahesh.leaps import mapping, selectors
from jahesh.leaps.models import Programme, TravelTime
from jahesh.leaps.permissions import can_change_plans
from jahesh.registry.models import District, Municipality

# Persian names of the planner's soft rules (planner.Weights), in the order the page shows them.
WEIGHT_LABELS = {
    "earliness": "زودتر برگزار شدن آیین‌های آماده (برای هر آیین)",
    "wave_minimum": "رسیدن هر مرحله به کمینهٔ آیین‌ها (کسر برای هر آیین کم)",
    "headline": "جای گرفتن پروژه‌های شاخص",
    "sector_presence": "حضور هر حوزه در هر مرحله",
    "district_presence": "حضور هر منطقه در هر مرحله",
    "sector_share": "پرهیز از سهم بیش از اندازهٔ یک حوزه (کسر برای هر آیین اضافه)",
    "sector_share_max": "بیشینهٔ سهم یک حوزه در مرحله (کسری میان صفر و یک)",
    "change": "پایداری برنامه هنگام برنامه‌ریزی دوباره (کسر برای هر جابه‌جایی)",
}
MAX_WEIGHT = 1_000_000.0
MAX_TRAVEL_MINUTES = 600


def weight_defaults() -> dict[str, float]:
    defaults = planner.Weights()
    return {name: float(getattr(defaults, name)) for name in WEIGHT_LABELS}


LockProblems = dict[tuple[int, str], str]


def _lock_problems(programmes: list[Programme]) -> LockProblems:
    """Every lock the programmes' current plans hold that the hard rules make impossible now,
    keyed by (programme, lock); held waves are history and hold no locks (see ``mapping``)."""
    found: LockProblems = {}
    for programme in programmes:
        mapped = mapping.build_problem(programme=programme)
        if not mapped.problem.locks:
            continue
        for finding in planner.check_problem(mapped.problem):
            if finding.severity == "error" and (finding.field or "").startswith("locks."):
                where = f"«{programme.name}»: " if len(programmes) > 1 else ""
                found[(programme.pk, finding.field or "")] = where + finding.message
    return found


def _refuse_newly_broken_locks(programmes: list[Programme], before: LockProblems) -> None:
    """Refuse a change (the caller's transaction rolls back) if it breaks locks that held.

    A lock already impossible before the change does not block it: the change may be the fix.
    """
    # Read the programmes again: the instances in hand may predate the change.
    fresh = list(
        Programme.objects.filter(pk__in=[p.pk for p in programmes]).select_related("municipality")
    )
    broken = [message for key, message in _lock_problems(fresh).items() if key not in before]
    if broken:
        raise ValidationError(
            "این تغییر برنامه‌ریزی دوباره را ناممکن می‌کند، چون این قفل‌ها دیگر شدنی نیستند: "
            + " ".join(broken)
            + " نخست این آیین‌ها را جابه‌جا کنید یا قفلشان را بردارید."
        )


def _city_programmes(municipality: Municipality) -> list[Programme]:
    return list(Programme.objects.filter(municipality=municipality).select_related("municipality"))


@transaction.atomic
def programme_planning_save(
    *,
    programme: Programme,
    by: Any,
    weights: dict[str, float | None],
    default_travel_minutes: int,
) -> Programme:
    """Set the programme's soft-rule weights (None: the planner's default) and its default
    travel time between districts. Everything is checked before anything is saved, the
    locks of the programme's current plan included."""
    require(can_change_plans(by, programme.municipality), PermissionDeniedError())
    before = _lock_problems([programme])
    _programme_planning_apply(
        programme=programme, weights=weights, default_travel_minutes=default_travel_minutes
    )
    _refuse_newly_broken_locks([programme], before)
    return programme


def _programme_planning_apply(
    *,
    programme: Programme,
    weights: dict[str, float | None],
    default_travel_minutes: int,
) -> None:
    errors: dict[str, str] = {}
    chosen: dict[str, float] = {}
    for name, value in weights.items():
        label = WEIGHT_LABELS.get(name)
        if label is None:
            errors[name] = f"وزنی با نام «{name}» نیست."
            continue
        if value is None:
            continue
        if not math.isfinite(value) or value < 0 or value > MAX_WEIGHT:
            errors[name] = persian.to_persian_digits(
                f"«{label}» باید عددی از ۰ تا {MAX_WEIGHT:,.0f} باشد."
            )
        elif name == "sector_share_max" and not 0 < value <= 1:
            errors[name] = f"«{label}» باید بیشتر از صفر و دست‌بالا یک باشد."
        else:
            chosen[name] = float(value)
    if not 0 <= default_travel_minutes <= MAX_TRAVEL_MINUTES:
        errors["default_travel_minutes"] = persian.to_persian_digits(
            f"زمان جابه‌جایی پیش‌فرض باید از ۰ تا {MAX_TRAVEL_MINUTES} دقیقه باشد."
        )
    if errors:
        raise ValidationError(" ".join(errors.values()))
    defaults = weight_defaults()
    programme.weights = {k: v for k, v in chosen.items() if v != defaults[k]}
    programme.default_travel_minutes = default_travel_minutes
    programme.save(update_fields=["weights", "default_travel_minutes", "updated_at"])


@transaction.atomic
def travel_times_save(
    *, municipality: Municipality, by: Any, minutes: dict[tuple[int, int], int | None]
) -> int:
    """Replace the city's minutes for the pairs given (None: use the programme's default).
    A pair is stored once, smaller district id first; returns how many pairs changed. A change
    that breaks a lock of any of the city's programmes is refused."""
    require(can_change_plans(by, municipality), PermissionDeniedError())
    programmes = _city_programmes(municipality)
    before = _lock_problems(programmes)
    changed = _travel_times_apply(municipality=municipality, minutes=minutes)
    if changed:
        _refuse_newly_broken_locks(programmes, before)
    return changed


def _travel_times_apply(
    *, municipality: Municipality, minutes: dict[tuple[int, int], int | None]
) -> int:
    districts = dict(District.objects.filter(municipality=municipality).values_list("pk", "name"))
    errors: dict[str, str] = {}
    for (a, b), value in minutes.items():
        key = f"{a}-{b}"
        if a == b or a not in districts or b not in districts:
            errors[key] = "این دو منطقه از این شهر نیستند یا یکی‌اند."
        elif value is not None and not 0 <= value <= MAX_TRAVEL_MINUTES:
            errors[key] = persian.to_persian_digits(
                f"زمان میان «{districts[a]}» و «{districts[b]}» باید از ۰ تا "
                f"{MAX_TRAVEL_MINUTES} دقیقه باشد."
            )
    if errors:
        raise ValidationError(" ".join(errors.values()))
    current = selectors.travel_minutes(municipality=municipality)
    changed: dict[tuple[int, int], int | None] = {}
    for (first, second), value in minutes.items():
        a, b = sorted((first, second))
        if current.get((a, b)) != value:
            changed[(a, b)] = value
    if changed:
        # Each pair may be stored either way round by older data: both go, one comes back.
        stale = Q()
        for a, b in changed:
            stale |= Q(from_district_id=a, to_district_id=b) | Q(
                from_district_id=b, to_district_id=a
            )
        TravelTime.objects.filter(stale, municipality=municipality).delete()
        TravelTime.objects.bulk_create(
            TravelTime(municipality=municipality, from_district_id=a, to_district_id=b, minutes=v)
            for (a, b), v in changed.items()
            if v is not None
        )
    return len(changed)


@transaction.atomic
def planning_settings_save(
    *,
    programme: Programme,
    by: Any,
    weights: dict[str, float | None],
    default_travel_minutes: int,
    minutes: dict[tuple[int, int], int | None],
) -> None:
    """The planning settings page in one transaction: the programme's weights and default
    travel time, and the city's travel table; nothing is saved unless all of it is right,
    and nothing if the new times make a lock of a wave still to come impossible."""
    require(can_change_plans(by, programme.municipality), PermissionDeniedError())
    programmes = _city_programmes(programme.municipality)
    before = _lock_problems(programmes)
    _programme_planning_apply(
        programme=programme, weights=weights, default_travel_minutes=default_travel_minutes
    )
    _travel_times_apply(municipality=programme.municipality, minutes=minutes)
    _refuse_newly_broken_locks(programmes, before)
