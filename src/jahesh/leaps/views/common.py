"""Helpers shared by the staff pages of leap planning."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

from django.http import (
    HttpRequest,
)
from django.urls import reverse

from jahesh import persian
from jahesh.core.errors import (
    NotFoundError,
    ValidationError,
)
from jahesh.leaps import selectors
from jahesh.leaps.forms import SMALL_INT_MAX, whole_number
from jahesh.leaps.models import Programme, Wave
from jahesh.leaps.permissions import can_view_plans
from jahesh.registry.models import Municipality
from jahesh.registry.staff_views import staff_city, staff_view

# Every staff page of leap planning: sign-in, and the one answer to domain errors.
staff_page = staff_view("leaps/error.html")
# A check-move body is a few ids; anything near this size is not from the board.
MAX_JSON_BYTES = 16 * 1024


def scene(
    request: HttpRequest, city: str, programme: str | None = None
) -> tuple[Municipality, Programme | None]:
    municipality = staff_city(request, city, may_view=can_view_plans)
    if programme is None:
        return municipality, None
    return municipality, selectors.programme_get(municipality=municipality, slug=programme)


def programme_for(request: HttpRequest, city: str, programme: str) -> Programme:
    _municipality, found = scene(request, city, programme)
    assert found is not None
    return found


def board_url(programme: Programme) -> str:
    return reverse(
        "leaps:board",
        kwargs={"city": programme.municipality.slug, "programme": programme.slug},
    )


def int_or_none(value: str | None) -> int | None:
    try:
        return whole_number(value) if value else None
    except ValueError:
        return None


def json_object(request: HttpRequest) -> dict[str, Any]:
    """Read a small JSON object from the body; raise ``ValidationError`` (Persian) otherwise.

    The pages send a handful of ids; a larger body, NaN and infinities, numbers beyond a
    float, integers longer than any id and nesting deep enough to exhaust the parser's
    recursion are all refused here, before any of it reaches a query.
    """
    if len(request.body) > MAX_JSON_BYTES:
        raise ValidationError("درخواست بیش از اندازه بزرگ است.")
    try:
        payload = json.loads(
            request.body or b"{}",
            parse_constant=_refuse_json_constant,
            parse_float=_finite_json_float,
            parse_int=_short_json_int,
        )
    except (ValueError, RecursionError) as exc:
        raise ValidationError("درخواست خوانا نیست.") from exc
    if not isinstance(payload, dict):
        raise ValidationError("درخواست خوانا نیست.")
    return payload


def _refuse_json_constant(name: str) -> Any:
    raise ValueError(name)


def _finite_json_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text[:40])
    return value


def _short_json_int(text: str) -> int:
    if len(text) > 19:
        raise ValueError(text[:40])
    return int(text)


def id_from(value: Any, what: str, *, high: int = 2**63 - 1) -> int:
    """Read an id or a slot sent by a page: a whole number from 0 to ``high``."""
    try:
        number = whole_number(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"{what} خوانا نیست.") from exc
    if not 0 <= number <= high:
        raise ValidationError(f"{what} خوانا نیست.")
    return number


def wave_of(programme: Programme, wave_value: Any) -> Wave:
    """Read a wave id given by the page; only a wave of ``programme`` is found."""
    wave_id = id_from(wave_value, "مرحلهٔ پیشنهادی")
    wave = next((w for w in selectors.wave_list(programme=programme) if w.pk == wave_id), None)
    if wave is None:
        raise NotFoundError("این مرحله در این برنامه نیست.")
    return wave


def parse_target(
    programme: Programme, wave_value: Any, day_value: Any, slot_value: Any
) -> tuple[Wave, dt.date, int] | None:
    """Read a proposed place; an empty wave means "take it out of the plan"."""
    if wave_value in (None, "", 0, "0"):
        return None
    try:
        day = dt.date.fromisoformat(str(day_value))
    except (TypeError, ValueError) as exc:
        raise ValidationError("روز یا نوبت پیشنهادی خوانا نیست.") from exc
    slot = id_from(slot_value, "نوبت پیشنهادی", high=SMALL_INT_MAX)
    return wave_of(programme, wave_value), day, slot


def place_options(waves: list[Wave]) -> list[dict[str, Any]]:
    """Every (wave, day, slot) of the waves as a choice for the move forms."""
    return [
        {
            "value": f"{wave.pk}|{day.isoformat()}|{slot}",
            "label": persian.to_persian_digits(
                f"{wave.programme.wave_noun} {wave.number} — {persian.format_jalali(day)} — "
                f"{wave.slot_start(day, slot):%H:%M}"
            ),
            "wave": wave.pk,
            "frozen": wave.is_frozen,
        }
        for wave in waves
        for day in wave.days
        for slot in range(wave.slots_per_day)
    ]
