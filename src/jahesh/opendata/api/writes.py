"""What the staff API writes, through the registry's services (the pages' and importer's rules).

This module only turns the API's references into rows of the token's city (sector codes,
district numbers, unit codes, Jalali or Gregorian days) and finds the rows a token may touch:
every lookup is held to the token's city, so a token of one city never reaches another's rows,
whatever its user may do elsewhere.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from jahesh.core.errors import NotFoundError, ValidationError, require
from jahesh.opendata.api import filters
from jahesh.opendata.models import ApiToken
from jahesh.registry import services
from jahesh.registry.models import (
    Ceremony,
    CeremonyStatus,
    District,
    Project,
    Sector,
    Unit,
)

PROJECT_NOT_FOUND = "پروژه‌ای با این شناسه در شهرداری این کلید نیست."
CEREMONY_NOT_FOUND = "آیینی با این شناسه در شهرداری این کلید نیست."


def project_of(token: ApiToken, pk: int) -> Project:
    found = (
        Project.objects.filter(municipality_id=token.municipality_id, pk=pk)
        .select_related("municipality", "district", "unit")
        .first()
    )
    if found is None:
        raise NotFoundError(PROJECT_NOT_FOUND)
    return found


def ceremony_of(token: ApiToken, pk: int) -> Ceremony:
    found = (
        Ceremony.objects.filter(municipality_id=token.municipality_id, pk=pk)
        .select_related("municipality", "project")
        .first()
    )
    if found is None:
        raise NotFoundError(CEREMONY_NOT_FOUND)
    return found


def _project_fields(token: ApiToken, given: dict[str, Any]) -> dict[str, Any]:
    """The API's values as the registry's services take them."""
    city = token.municipality_id
    fields = dict(given)
    if "sectors" in fields:
        codes = list(dict.fromkeys(fields["sectors"] or ()))
        rows = {s.code: s for s in Sector.objects.filter(municipality_id=city, code__in=codes)}
        missing = [code for code in codes if code not in rows]
        if missing:
            listed = "، ".join(f"«{code}»" for code in missing)
            raise ValidationError(f"حوزه {listed} در این شهرداری نیست.", field="sectors")
        fields["sectors"] = [rows[code] for code in codes]
    if "district" in fields:
        number = fields["district"]
        if number in (None, 0):
            fields["district"] = None
        else:
            district = District.objects.filter(municipality_id=city, number=number).first()
            require(
                district is not None,
                ValidationError("منطقه‌ای با این شماره در این شهرداری نیست.", field="district"),
            )
            fields["district"] = district
    if "unit" in fields:
        code = fields["unit"]
        if not code:
            fields["unit"] = None
        else:
            unit = Unit.objects.filter(municipality_id=city, code=code).first()
            require(
                unit is not None,
                ValidationError(f"واحد اجرایی با کد «{code}» در این شهرداری نیست.", field="unit"),
            )
            fields["unit"] = unit
    for name in ("start_date", "planned_end_date", "ready_from", "latest_date"):
        if name in fields and fields[name] is not None:
            fields[name] = filters.day(name, fields[name])
    return fields


def project_create(*, token: ApiToken, fields: dict[str, Any]) -> Project:
    return services.project_create(
        by=token.user, municipality=token.municipality, **_project_fields(token, fields)
    )


def project_update(*, token: ApiToken, project: Project, fields: dict[str, Any]) -> Project:
    return services.project_update(by=token.user, project=project, **_project_fields(token, fields))


def ceremony_create(*, token: ApiToken, fields: dict[str, Any]) -> Ceremony:
    fields = dict(fields)
    project = project_of(token, fields.pop("project"))
    fields = _project_fields(token, fields)
    return services.ceremony_create(by=token.user, project=project, **fields)


def ceremony_update(*, token: ApiToken, ceremony: Ceremony, fields: dict[str, Any]) -> Ceremony:
    return services.ceremony_update(
        by=token.user, ceremony=ceremony, **_project_fields(token, fields)
    )


ALREADY_HELD = "این آیین برگزار شده است؛ نتیجهٔ آن دیگر تغییر نمی‌کند."
NEW_DATE_NEEDED = "برای آیینِ به‌تعویق‌افتاده روز تازه («new_date») را بنویسید."
HELD_IN_FUTURE = "زمان برگزاری آیین در آینده است؛ نتیجه را پس از برگزاری گزارش کنید."


@transaction.atomic
def ceremony_report_outcome(
    *,
    token: ApiToken,
    ceremony: Ceremony,
    outcome: str,
    held_at: dt.datetime | None = None,
    new_date: str | None = None,
    now: dt.datetime | None = None,
) -> Ceremony:
    """Record that a ceremony was held, postponed to a new day, or cancelled.

    A postponed ceremony is ready again from its new day (its latest date is dropped when the
    new day passes it), so the planner can place it in a later wave.
    """
    now = now or timezone.now()
    ceremony = Ceremony.objects.select_for_update().get(pk=ceremony.pk)
    require(ceremony.status != CeremonyStatus.HELD, ValidationError(ALREADY_HELD, field="outcome"))
    changes: dict[str, Any] = {}
    if outcome == "held":
        moment = held_at or now
        if moment.tzinfo is None:
            raise ValidationError("زمان برگزاری باید منطقهٔ زمانی داشته باشد.", field="held_at")
        require(
            moment <= now + dt.timedelta(minutes=5),
            ValidationError(HELD_IN_FUTURE, field="held_at"),
        )
        changes = {"status": CeremonyStatus.HELD, "held_at": moment}
    elif outcome == "postponed":
        day = filters.day("new_date", new_date)
        require(day is not None, ValidationError(NEW_DATE_NEEDED, field="new_date"))
        assert day is not None
        changes = {"status": CeremonyStatus.POSTPONED, "ready_from": day}
        if ceremony.latest_date is not None and ceremony.latest_date < day:
            changes["latest_date"] = None
    else:
        changes = {"status": CeremonyStatus.CANCELLED}
    return services.ceremony_update(by=token.user, ceremony=ceremony, **changes)
