"""Whether a hand-made move on the board keeps every hard rule, with the reasons in Persian.

A read: the board asks before each move, and ``services.plan_assignment_move`` asks again
before it writes.
"""

from __future__ import annotations

import datetime as dt

from jahesh import persian
from jahesh.leaps.mapping import build_problem, move_violations
from jahesh.leaps.models import Plan, PlanAssignment, Programme, Wave
from jahesh.registry.models import Ceremony, CeremonyStatus

Target = tuple[Wave, dt.date, int]


def _name(wave: Wave) -> str:
    return persian.to_persian_digits(f"«{wave}»")


def _frozen(wave: Wave) -> str:
    return f"{_name(wave)} اعلام یا برگزار شده است؛ نخست آن را برای تغییر بگشایید."


def _current(plan: Plan | None, ceremony: Ceremony) -> PlanAssignment | None:
    if plan is None:
        return None
    return (
        PlanAssignment.objects.filter(plan=plan, ceremony=ceremony).select_related("wave").first()
    )


def _row_reasons(
    programme: Programme,
    ceremony: Ceremony,
    target: Target | None,
    current: PlanAssignment | None,
) -> list[str]:
    """The rules the rows themselves decide: frozen waves, days and slots, the ceremony's state."""
    reasons: list[str] = []
    if current is not None and current.wave.is_frozen:
        reasons.append(_frozen(current.wave))
    if target is None:
        return reasons
    wave, day, slot = target
    if wave.programme_id != programme.pk:
        return [*reasons, "این مرحله از برنامهٔ دیگری است."]
    if wave.is_frozen and (current is None or current.wave_id != wave.pk):
        reasons.append(_frozen(wave))
    if day not in wave.days:
        reasons.append(f"روز {persian.format_jalali(day)} از روزهای {_name(wave)} نیست.")
    if not 0 <= slot < wave.slots_per_day:
        reasons.append(
            persian.to_persian_digits(f"«{wave}» فقط {wave.slots_per_day} نوبت در روز دارد.")
        )
    if ceremony.status in (CeremonyStatus.CANCELLED, CeremonyStatus.HELD):
        reasons.append(f"این آیین «{ceremony.get_status_display()}» است و جای تازه نمی‌گیرد.")
    return reasons


def move_reasons(
    *, programme: Programme, ceremony: Ceremony, target: Target | None, plan: Plan | None
) -> list[str]:
    """Return why ``ceremony`` cannot go to ``target`` (wave, day, 0-based slot) in ``plan``;
    an empty list means the move keeps every hard rule. ``target`` None takes it out."""
    reasons = _row_reasons(programme, ceremony, target, _current(plan, ceremony))
    if reasons or target is None:
        return reasons
    mapped = build_problem(programme=programme, current=plan)
    return move_violations(mapped, ceremony_id=ceremony.pk, target=target)


def first_fitting_place(
    *, programme: Programme, ceremony: Ceremony, wave: Wave, plan: Plan | None
) -> tuple[tuple[dt.date, int] | None, list[str]]:
    """Find the earliest (day, slot) of ``wave`` where ``ceremony`` keeps every hard rule.

    Returns the place and no reasons, or None and why the wave's first place was refused (what
    a card dropped on a full wave should say). The problem is built once for every place.
    """
    places = [(day, slot) for day in wave.days for slot in range(wave.slots_per_day)]
    if not places:
        return None, [f"{_name(wave)} روز یا نوبتی ندارد."]
    first_day, first_slot = places[0]
    refused = _row_reasons(
        programme, ceremony, (wave, first_day, first_slot), _current(plan, ceremony)
    )
    if refused:
        return None, refused
    mapped = build_problem(programme=programme, current=plan)
    first_violations: list[str] = []
    for day, slot in places:
        violations = move_violations(mapped, ceremony_id=ceremony.pk, target=(wave, day, slot))
        if not violations:
            return (day, slot), []
        first_violations = first_violations or violations
    return None, first_violations
