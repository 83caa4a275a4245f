"""The rules every registry write obeys: normalise Persian text, check values and their agreement.

The services call these before writing; the admin forms call them too, so that a refusal is
shown on the field at fault instead of failing the save. Each check raises ``ValidationError``
with a Persian sentence and the field's name.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models

from jahesh import persian
from jahesh.core.errors import ValidationError, require
from jahesh.registry.codes import MAX_CODE_LENGTH, project_code_problem
from jahesh.registry.models import (
    Ceremony,
    CeremonyKind,
    CeremonyStatus,
    CreditUnit,
    Municipality,
    OfficialKind,
    Project,
    ProjectStatus,
    Readiness,
)

# Fields a caller may set on a project; ``sectors`` is the many-to-many list.
PROJECT_FIELDS = frozenset(
    {
        "code",
        "title",
        "description",
        "sectors",
        "district",
        "unit",
        "contractor",
        "status",
        "physical_progress_pct",
        "credit_rial",
        "start_date",
        "planned_end_date",
        "latitude",
        "longitude",
        "geometry",
        "length_m",
        "area_m2",
        "is_headline",
        "is_public",
    }
)
CEREMONY_FIELDS = frozenset(
    {
        "kind",
        "ready_from",
        "latest_date",
        "duration_min",
        "venue",
        "officials_requested",
        "importance",
        "status",
        "readiness",
        "held_at",
    }
)
OFFICIAL_FIELDS = frozenset(
    {"name", "position", "kind", "rank", "max_ceremonies_per_day", "is_active"}
)
MUNICIPALITY_FIELDS = frozenset(
    {
        "name",
        "city_name",
        "outlet_name",
        "credit_display_unit",
        "center_latitude",
        "center_longitude",
        "is_illustrative",
        "is_public",
        "allow_self_approval",
    }
)


# Checks shared by the services (and by the admin forms, which show their messages on the field)


def reject_unknown(fields: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


def clean_text(
    value: Any, field: str, label: str, *, max_length: int, required: bool = True
) -> str:
    text = persian.normalize_name(str(value or ""))
    if required and not text:
        raise ValidationError(f"{label} را بنویسید.", field=field)
    if len(text) > max_length:
        limit = persian.to_persian_digits(str(max_length))
        raise ValidationError(f"{label} از {limit} نویسه بلندتر است.", field=field)
    return text


def clean_code(value: Any, field: str, label: str, *, max_length: int) -> str:
    return persian.to_latin_digits(clean_text(value, field, label, max_length=max_length))


def clean_project_code(value: Any, field: str = "code") -> str:
    """A project code normalised and in the alphabet of ``registry.codes`` (a path segment)."""
    code = clean_code(value, field, "کد پروژه", max_length=MAX_CODE_LENGTH)
    problem = project_code_problem(code)
    if problem is not None:
        raise ValidationError(problem, field=field)
    return code


def clean_integer(value: Any, field: str, label: str, *, low: int, high: int | None = None) -> int:
    # bool is an int in Python; a checkbox value must never become a credit or a percentage.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{label} باید عدد صحیح باشد.", field=field)
    if value < low or (high is not None and value > high):
        span = (
            f"از {persian.to_persian_digits(str(low))} تا {persian.to_persian_digits(str(high))}"
            if high is not None
            else f"دست‌کم {persian.to_persian_digits(str(low))}"
        )
        raise ValidationError(f"{label} باید {span} باشد.", field=field)
    return value


def clean_optional_integer(value: Any, field: str, label: str, *, low: int) -> int | None:
    return None if value is None else clean_integer(value, field, label, low=low)


def clean_choice(value: Any, choices: type[models.TextChoices], field: str, label: str) -> str:
    if value not in choices.values:
        raise ValidationError(f"{label} «{value}» شناخته نیست.", field=field)
    return str(value)


def clean_date(value: Any, field: str, label: str, *, required: bool = False) -> dt.date | None:
    if value is None:
        if required:
            raise ValidationError(f"{label} را بنویسید.", field=field)
        return None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationError(f"{label} باید یک تاریخ باشد.", field=field)
    return value


def clean_coordinate(value: Any, field: str, label: str, *, limit: int) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(f"{label} باید عدد باشد.", field=field) from exc
    if not -limit <= number <= limit:
        raise ValidationError(f"{label} بیرون از بازه مجاز است.", field=field)
    return number


# How deep ``coordinates`` nests for each type: a position is depth 1.
_GEOMETRY_DEPTHS = {
    "Point": 1,
    "MultiPoint": 2,
    "LineString": 2,
    "MultiLineString": 3,
    "Polygon": 3,
    "MultiPolygon": 4,
}
MAX_GEOMETRY_POSITIONS = 100_000
_GEOMETRY_SHAPE = "هندسه باید یک شکل GeoJSON (نقطه، خط یا چندضلعی) با مختصات باشد."


def clean_geometry(value: Any) -> dict[str, Any] | None:
    """A GeoJSON geometry whose coordinates nest as its type says and are finite WGS84 degrees.

    The nesting is walked to the depth the type allows and no further, so a deeply nested or
    huge value is refused without recursion; the positions are capped in number.
    """
    if value is None:
        return None
    if not isinstance(value, dict) or value.get("type") not in _GEOMETRY_DEPTHS:
        raise ValidationError(_GEOMETRY_SHAPE, field="geometry")
    depth = _GEOMETRY_DEPTHS[value["type"]]
    level: list[Any] = [value.get("coordinates")]
    for _ in range(depth - 1):
        if not all(isinstance(item, list) and item for item in level):
            raise ValidationError(_GEOMETRY_SHAPE, field="geometry")
        level = [child for item in level for child in item]
        if len(level) > MAX_GEOMETRY_POSITIONS:
            limit = persian.to_persian_digits(f"{MAX_GEOMETRY_POSITIONS:,}".replace(",", "٬"))
            raise ValidationError(f"هندسه بیش از {limit} نقطه دارد.", field="geometry")
    for position in level:
        _check_position(position)
    return {"type": value["type"], "coordinates": value["coordinates"]}


def _check_position(position: Any) -> None:
    if not isinstance(position, list) or not 2 <= len(position) <= 3:
        raise ValidationError(_GEOMETRY_SHAPE, field="geometry")
    for number in position:
        # bool is an int; NaN and infinities cannot be stored as JSON or drawn on a map.
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise ValidationError("مختصات هندسه باید عدد باشد.", field="geometry")
        if not math.isfinite(number):
            raise ValidationError("مختصات هندسه باید عددی متناهی باشد.", field="geometry")
    longitude, latitude = position[0], position[1]
    if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
        raise ValidationError(
            "مختصات هندسه بیرون از بازه است (طول ۱۸۰- تا ۱۸۰ و عرض ۹۰- تا ۹۰ درجه).",
            field="geometry",
        )


def value_after(clean: Mapping[str, Any], row: models.Model | None, name: str) -> Any:
    """The value ``name`` will have once ``clean`` is applied to ``row`` (None on create)."""
    if name in clean:
        return clean[name]
    return getattr(row, name) if row is not None else None


def require_same_city(row: Any, municipality: Municipality, field: str, label: str) -> None:
    if row is not None and row.municipality_id != municipality.pk:
        raise ValidationError(f"{label} از شهرداری دیگری است.", field=field)


def project_clean_fields(
    *, municipality: Municipality, fields: Mapping[str, Any], project: Project | None = None
) -> dict[str, Any]:
    """Return ``fields`` normalised and checked for a project of ``municipality``.

    ``project`` is the row being changed (None on create); only the given fields are checked,
    against the project's other current values where two fields must agree.
    Raises ``ValidationError`` naming the first bad field.
    """
    reject_unknown(fields, PROJECT_FIELDS)
    clean: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "code":
            clean[name] = clean_project_code(value)
            taken = Project.objects.filter(municipality=municipality, code=clean[name])
            if project is not None:
                taken = taken.exclude(pk=project.pk)
            require(
                not taken.exists(),
                ValidationError(f"پروژه‌ای با کد «{clean[name]}» در این شهر هست.", field=name),
            )
        elif name == "title":
            clean[name] = clean_text(value, name, "عنوان پروژه", max_length=300)
        elif name == "description":
            clean[name] = persian.normalize_for_publish(str(value or ""))
        elif name == "contractor":
            clean[name] = clean_text(value, name, "نام پیمانکار", max_length=200, required=False)
        elif name == "status":
            clean[name] = clean_choice(value, ProjectStatus, name, "وضعیت پروژه")
        elif name == "physical_progress_pct":
            clean[name] = clean_integer(value, name, "پیشرفت فیزیکی", low=0, high=100)
        elif name == "credit_rial":
            clean[name] = clean_integer(value, name, "اعتبار (ریال)", low=0, high=2**63 - 1)
        elif name in ("start_date", "planned_end_date"):
            label = "تاریخ شروع" if name == "start_date" else "تاریخ پایان"
            clean[name] = clean_date(value, name, label)
        elif name == "latitude":
            clean[name] = clean_coordinate(value, name, "عرض جغرافیایی", limit=90)
        elif name == "longitude":
            clean[name] = clean_coordinate(value, name, "طول جغرافیایی", limit=180)
        elif name == "geometry":
            clean[name] = clean_geometry(value)
        elif name in ("length_m", "area_m2"):
            label = "طول (متر)" if name == "length_m" else "مساحت (مترمربع)"
            clean[name] = clean_optional_integer(value, name, label, low=0)
        elif name in ("is_headline", "is_public"):
            clean[name] = bool(value)
        elif name == "district":
            require_same_city(value, municipality, name, "منطقه")
            clean[name] = value
        elif name == "unit":
            require_same_city(value, municipality, name, "واحد اجرایی")
            clean[name] = value
        elif name == "sectors":
            sectors = list(value or ())
            for sector in sectors:
                require_same_city(sector, municipality, name, f"حوزه «{sector.name}»")
            clean[name] = sectors

    def current(name: str) -> Any:
        return value_after(clean, project, name)

    start, end = current("start_date"), current("planned_end_date")
    if start and end and end < start:
        raise ValidationError(
            "تاریخ پایان برنامه‌ریزی‌شده پیش از تاریخ شروع است.", field="planned_end_date"
        )
    if (current("latitude") is None) != (current("longitude") is None):
        field = "longitude" if current("longitude") is None else "latitude"
        raise ValidationError("عرض و طول جغرافیایی را با هم بنویسید.", field=field)
    return clean


def ceremony_clean_fields(
    *, municipality: Municipality, fields: Mapping[str, Any], ceremony: Ceremony | None = None
) -> dict[str, Any]:
    """Return ``fields`` normalised and checked for a ceremony of ``municipality``."""
    reject_unknown(fields, CEREMONY_FIELDS)
    clean: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "kind":
            clean[name] = clean_choice(value, CeremonyKind, name, "نوع آیین")
        elif name == "ready_from":
            clean[name] = clean_date(value, name, "تاریخ آمادگی", required=True)
        elif name == "latest_date":
            clean[name] = clean_date(value, name, "آخرین موعد")
        elif name == "duration_min":
            clean[name] = clean_integer(value, name, "مدت آیین (دقیقه)", low=1, high=24 * 60)
        elif name == "venue":
            clean[name] = clean_text(value, name, "محل برگزاری", max_length=200, required=False)
        elif name == "importance":
            clean[name] = clean_integer(value, name, "اهمیت", low=1, high=10)
        elif name == "status":
            clean[name] = clean_choice(value, CeremonyStatus, name, "وضعیت آیین")
        elif name == "readiness":
            clean[name] = clean_choice(value, Readiness, name, "آمادگی")
        elif name == "held_at":
            if value is not None and (not isinstance(value, dt.datetime) or value.tzinfo is None):
                raise ValidationError("زمان برگزاری باید زمانی با منطقه زمانی باشد.", field=name)
            clean[name] = value
        elif name == "officials_requested":
            officials = list(value or ())
            for official in officials:
                require_same_city(official, municipality, name, f"مقام «{official.name}»")
            clean[name] = officials

    def current(name: str) -> Any:
        return value_after(clean, ceremony, name)

    ready_from, latest = current("ready_from"), current("latest_date")
    if ready_from and latest and latest < ready_from:
        raise ValidationError("آخرین موعد آیین پیش از تاریخ آمادگی آن است.", field="latest_date")
    return clean


def municipality_clean_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "name":
            clean[name] = clean_text(value, name, "نام شهرداری", max_length=120)
        elif name == "city_name":
            clean[name] = clean_text(value, name, "نام شهر", max_length=80)
        elif name == "outlet_name":
            clean[name] = clean_text(value, name, "نام رسانه", max_length=120, required=False)
        elif name == "credit_display_unit":
            clean[name] = clean_choice(value, CreditUnit, name, "واحد نمایش اعتبار")
        elif name in ("center_latitude", "center_longitude"):
            limit = 90 if name == "center_latitude" else 180
            number = clean_coordinate(value, name, "مختصات مرکز شهر", limit=limit)
            require(number is not None, ValidationError("مختصات مرکز شهر را بنویسید.", field=name))
            clean[name] = number
        else:
            clean[name] = bool(value)
    return clean


def official_clean_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    reject_unknown(fields, OFFICIAL_FIELDS)
    clean: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "name":
            clean[name] = clean_text(value, name, "نام مقام", max_length=120)
        elif name == "position":
            clean[name] = clean_text(value, name, "سمت", max_length=160)
        elif name == "kind":
            clean[name] = clean_choice(value, OfficialKind, name, "نوع مقام")
        elif name == "rank":
            clean[name] = clean_integer(value, name, "رتبه", low=1, high=100)
        elif name == "max_ceremonies_per_day":
            clean[name] = clean_integer(value, name, "بیشینه آیین در روز", low=1, high=50)
        else:
            clean[name] = bool(value)
    return clean
