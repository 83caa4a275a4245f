"""Writes of leap planning: occasions, programmes and waves."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from jahesh import persian
from jahesh.core.errors import (
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
    require,
)
from jahesh.leaps import occasions as occasion_calendar
from jahesh.leaps.errors import (
    WaveFrozenError,
    WaveNotAnnouncedError,
)
from jahesh.leaps.models import (
    Occasion,
    OccasionCalendar,
    PlanAssignment,
    PlanQuerySet,
    PlanStatus,
    Programme,
    Wave,
    WaveStatus,
)
from jahesh.leaps.permissions import (
    can_announce_wave,
    can_change_occasions,
    can_change_plans,
    can_change_programme,
    can_unlock_wave,
)
from jahesh.leaps.services.promises import promises_record
from jahesh.registry.models import Municipality

logger = logging.getLogger(__name__)


# Occasions


def occasions_seed() -> int:
    """Create or refresh the occasions Jahesh ships; return how many rows changed.

    Runs after every ``migrate``; a city's own rows are never touched.
    """
    changed = 0
    with transaction.atomic():
        for shipped in occasion_calendar.SHIPPED_OCCASIONS:
            values = {
                "name": shipped.name,
                "calendar": shipped.calendar,
                "month": shipped.month,
                "day": shipped.day,
                "length_days": shipped.length_days,
            }
            row = Occasion.objects.filter(municipality__isnull=True, code=shipped.code).first()
            if row is None:
                Occasion.objects.create(municipality=None, code=shipped.code, **values)
                changed += 1
            elif any(getattr(row, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(row, key, value)
                row.save()
                changed += 1
    return changed


def _validate_occasion_day(calendar: str, month: int, day: int, length_days: int) -> None:
    require(
        calendar in OccasionCalendar.values,
        ValidationError("تقویم مناسبت باید شمسی یا قمری باشد.", field="calendar"),
    )
    require(1 <= month <= 12, ValidationError("ماه باید از ۱ تا ۱۲ باشد.", field="month"))
    longest = 30 if calendar == OccasionCalendar.LUNAR else (31 if month <= 6 else 30)
    require(
        1 <= day <= longest,
        ValidationError(
            persian.to_persian_digits(f"این ماه روز {day} ندارد (بیشینه {longest})."),
            field="day",
        ),
    )
    require(
        1 <= length_days <= 31,
        ValidationError("طول مناسبت باید از ۱ تا ۳۱ روز باشد.", field="length_days"),
    )


@transaction.atomic
def occasion_save_for_city(
    *,
    municipality: Municipality,
    by: Any,
    code: str,
    name: str | None = None,
    calendar: str | None = None,
    month: int | None = None,
    day: int | None = None,
    length_days: int | None = None,
    shift_days: int = 0,
) -> Occasion:
    """Create or change the city's own occasion; with a shipped code, it overrides the shipped one
    (only the values given change; the rest are taken from the shipped row)."""
    require(can_change_occasions(by, municipality), PermissionDeniedError())
    require(bool(code.strip()), ValidationError("کد مناسبت لازم است.", field="code"))
    require(
        -3 <= shift_days <= 3,
        ValidationError("جابه‌جایی باید میان منفی سه تا سه روز باشد.", field="shift_days"),
    )
    base = (
        Occasion.objects.filter(municipality=municipality, code=code).first()
        or Occasion.objects.filter(municipality__isnull=True, code=code).first()
    )
    if base is None:
        require(
            name is not None and calendar is not None and month is not None and day is not None,
            ValidationError("برای مناسبت تازه نام، تقویم، ماه و روز لازم است."),
        )
    final_name = persian.normalize_name(name) if name is not None else base.name  # type: ignore[union-attr]
    final_calendar = calendar if calendar is not None else base.calendar  # type: ignore[union-attr]
    final_month = month if month is not None else base.month  # type: ignore[union-attr]
    final_day = day if day is not None else base.day  # type: ignore[union-attr]
    final_length = length_days if length_days is not None else (base.length_days if base else 1)
    require(bool(final_name), ValidationError("نام مناسبت لازم است.", field="name"))
    _validate_occasion_day(final_calendar, final_month, final_day, final_length)
    row, _ = Occasion.objects.update_or_create(
        municipality=municipality,
        code=code,
        defaults={
            "name": final_name,
            "calendar": final_calendar,
            "month": final_month,
            "day": final_day,
            "length_days": final_length,
            "shift_days": shift_days,
        },
    )
    return row


@transaction.atomic
def occasion_shift_for_year(
    *, municipality: Municipality, by: Any, code: str, year: int, shift_days: int
) -> Occasion:
    """Shift one occurrence of an occasion for the city: the one in ``year`` of the occasion's
    own calendar (a Hijri year for a lunar occasion, whose official date follows moon sighting).
    The shift replaces the occasion's every-year shift that year; giving the every-year shift
    again removes the one-year entry. The city's own row is made from the shipped one if needed.
    """
    require(can_change_occasions(by, municipality), PermissionDeniedError())
    require(
        -3 <= shift_days <= 3,
        ValidationError("جابه‌جایی باید میان منفی سه تا سه روز باشد.", field="shift_days"),
    )
    row = Occasion.objects.select_for_update().filter(municipality=municipality, code=code).first()
    if row is None:
        shipped = Occasion.objects.filter(municipality__isnull=True, code=code).first()
        require(shipped is not None, NotFoundError("این مناسبت پیدا نشد."))
        assert shipped is not None
        row = occasion_save_for_city(
            municipality=municipality, by=by, code=code, shift_days=shipped.shift_days
        )
    present = occasion_calendar.present_year(row.calendar, timezone.localdate())
    low = present - occasion_calendar.SHIFT_YEARS_AROUND
    high = present + occasion_calendar.SHIFT_YEARS_AROUND
    require(
        low <= year <= high,
        ValidationError(
            persian.to_persian_digits(
                f"سال {year} برای این مناسبت درست نیست؛ سال {row.get_calendar_display()} "
                f"میان {low} و {high} را بنویسید."
            ),
            field="year",
        ),
    )
    shifts = dict(row.year_shifts)
    if shift_days == row.shift_days:
        shifts.pop(str(year), None)
    else:
        shifts[str(year)] = shift_days
    row.year_shifts = shifts
    row.save(update_fields=["year_shifts", "updated_at"])
    return row


# Programmes


@transaction.atomic
def programme_create(
    *,
    municipality: Municipality,
    by: Any,
    name: str,
    wave_noun: str = "مرحله",
    slug: str = "",
    description: str = "",
    started_on: dt.date | None = None,
    is_public: bool = True,
) -> Programme:
    """Start a named programme of waves in the city."""
    require(can_change_plans(by, municipality), PermissionDeniedError())
    name = persian.normalize_name(name)
    wave_noun = persian.normalize_name(wave_noun)
    require(bool(name), ValidationError("نام برنامه لازم است.", field="name"))
    require(bool(wave_noun), ValidationError("نام هر مرحله لازم است.", field="wave_noun"))
    # A typed slug is normalised like a derived one, so «جهش-عمراني» and «جهش-عمرانی» clash.
    slug = persian.slugify_fa(slug.strip() or name)
    require(
        bool(slug),
        ValidationError("نامک برنامه را با حرف یا رقم بنویسید.", field="slug"),
    )
    require(
        not Programme.objects.filter(municipality=municipality, slug=slug).exists(),
        ValidationError(f"برنامه‌ای با نامک «{slug}» در این شهر هست.", field="slug"),
    )
    return Programme.objects.create(
        municipality=municipality,
        name=name,
        wave_noun=wave_noun,
        slug=slug,
        description=persian.normalize_for_publish(description),
        started_on=started_on,
        is_public=is_public,
    )


_PROGRAMME_FIELDS = {
    "name",
    "wave_noun",
    "description",
    "started_on",
    "is_public",
    "district_ceremonies_per_day",
    "media_crews_per_slot",
    "default_travel_minutes",
    "weights",
}


@transaction.atomic
def programme_update(*, programme: Programme, by: Any, **changes: Any) -> Programme:
    require(can_change_programme(by, programme), PermissionDeniedError())
    unknown = set(changes) - _PROGRAMME_FIELDS
    require(not unknown, ValidationError("این ویژگی‌ها در برنامه تغییرپذیر نیستند."))
    for key in ("name", "wave_noun"):
        if key in changes:
            changes[key] = persian.normalize_name(changes[key])
            require(bool(changes[key]), ValidationError("این مقدار لازم است.", field=key))
    if "description" in changes:
        changes["description"] = persian.normalize_for_publish(changes["description"])
    for key, value in changes.items():
        setattr(programme, key, value)
    programme.full_clean(exclude=["municipality"])
    programme.save()
    return programme


# Waves

_WAVE_FIELDS = {
    "theme",
    "occasion",
    "start_date",
    "end_date",
    "slots_per_day",
    "first_slot_time",
    "slot_minutes",
    "min_ceremonies",
    "max_ceremonies",
    "headline_cap",
}


def _validate_wave(wave: Wave) -> None:
    require(
        wave.end_date >= wave.start_date,
        ValidationError("روز پایانی مرحله پیش از روز نخست آن است.", field="end_date"),
    )
    require(
        (wave.end_date - wave.start_date).days < 31,
        ValidationError("یک مرحله بیش از ۳۱ روز نمی‌شود.", field="end_date"),
    )
    require(
        1 <= wave.slots_per_day <= 24,
        ValidationError("نوبت‌های روز باید از ۱ تا ۲۴ باشد.", field="slots_per_day"),
    )
    require(
        wave.slot_minutes >= 15,
        ValidationError("هر نوبت دست‌کم ۱۵ دقیقه است.", field="slot_minutes"),
    )
    first_minute = wave.first_slot_time.hour * 60 + wave.first_slot_time.minute
    require(
        first_minute + wave.slot_minutes * wave.slots_per_day <= 24 * 60,
        ValidationError("نوبت‌های یک روز از نیمه‌شب می‌گذرند.", field="slots_per_day"),
    )
    require(
        wave.max_ceremonies >= wave.min_ceremonies,
        ValidationError("بیشینهٔ آیین‌ها کمتر از کمینهٔ آن است.", field="max_ceremonies"),
    )
    overlapping = (
        Wave.objects.filter(
            programme=wave.programme,
            start_date__lte=wave.end_date,
            end_date__gte=wave.start_date,
        )
        .exclude(pk=wave.pk)
        .first()
    )
    require(
        overlapping is None,
        ValidationError(
            f"روزهای این مرحله با «{overlapping}» هم‌پوشانی دارد؛ هر روز فقط از آنِ یک مرحله است.",
            field="start_date",
        ),
    )
    if wave.occasion is not None:
        municipality_id = wave.programme.municipality_id
        require(
            wave.occasion.municipality_id in (None, municipality_id),
            ValidationError("این مناسبت از آنِ شهر دیگری است.", field="occasion"),
        )


@transaction.atomic
def wave_create(
    *,
    programme: Programme,
    by: Any,
    start_date: dt.date,
    end_date: dt.date | None = None,
    number: int | None = None,
    **fields: Any,
) -> Wave:
    """Add a numbered wave to the programme (the next number unless one is given)."""
    require(can_change_programme(by, programme), PermissionDeniedError())
    unknown = set(fields) - _WAVE_FIELDS
    require(not unknown, ValidationError("این ویژگی‌ها در مرحله تعریف نشده‌اند."))
    if number is None:
        last = Wave.objects.filter(programme=programme).order_by("-number").first()
        number = 1 if last is None else last.number + 1
    require(number >= 1, ValidationError("شمارهٔ مرحله باید مثبت باشد.", field="number"))
    require(
        not Wave.objects.filter(programme=programme, number=number).exists(),
        ValidationError(
            persian.to_persian_digits(f"{programme.wave_noun} شمارهٔ {number} از پیش هست."),
            field="number",
        ),
    )
    if "theme" in fields:
        fields["theme"] = persian.normalize_name(fields["theme"])
    wave = Wave(
        programme=programme,
        number=number,
        start_date=start_date,
        end_date=end_date or start_date,
        **fields,
    )
    _validate_wave(wave)
    wave.save()
    return wave


@transaction.atomic
def wave_update(*, wave: Wave, by: Any, **changes: Any) -> Wave:
    """Change a wave's days, slots or limits; an announced wave must be unlocked first."""
    require(can_change_programme(by, wave.programme), PermissionDeniedError())
    require(not wave.is_frozen, WaveFrozenError())
    unknown = set(changes) - _WAVE_FIELDS
    require(not unknown, ValidationError("این ویژگی‌ها در مرحله تغییرپذیر نیستند."))
    if "theme" in changes:
        changes["theme"] = persian.normalize_name(changes["theme"])
    for key, value in changes.items():
        setattr(wave, key, value)
    _validate_wave(wave)
    wave.save()
    if {"start_date", "end_date", "slots_per_day"} & set(changes):
        # Assignments that no longer fit the wave's days or slots leave the live plans;
        # superseded plans are history and keep what they said.
        PlanAssignment.objects.filter(
            wave=wave, plan__status__in=[PlanStatus.DRAFT, PlanStatus.CURRENT]
        ).exclude(
            day__gte=wave.start_date, day__lte=wave.end_date, slot__lt=wave.slots_per_day
        ).delete()
    return wave


@transaction.atomic
def wave_announce(*, wave: Wave, by: Any, at: dt.datetime | None = None) -> Wave:
    """Announce the wave: its ceremonies in the current plan are locked where they are."""
    require(can_announce_wave(by, wave), PermissionDeniedError())
    require(
        wave.status != WaveStatus.HELD,
        ValidationError("این مرحله برگزار شده است و دوباره اعلام نمی‌شود."),
    )
    wave.status = WaveStatus.ANNOUNCED
    wave.announced_at = at or timezone.now()
    wave.unlocked_at = None
    wave.unlocked_by = None
    wave.unlock_reason = ""
    wave.save()
    PlanAssignment.objects.filter(
        PlanQuerySet.current_q("plan"), wave=wave, plan__programme=wave.programme
    ).update(locked=True)
    # What the announcement promises is written down now, frozen (docs/accountability.md).
    promises_record(wave=wave)
    return wave


@transaction.atomic
def wave_unlock(*, wave: Wave, by: Any, reason: str, at: dt.datetime | None = None) -> Wave:
    """Open an announced wave for changes, saying why; announcing it again closes it."""
    require(can_unlock_wave(by, wave), PermissionDeniedError())
    require(wave.status == WaveStatus.ANNOUNCED, WaveNotAnnouncedError())
    reason = persian.normalize_for_publish(reason)
    require(bool(reason), ValidationError("دلیل گشودن مرحله را بنویسید.", field="reason"))
    limit = Wave._meta.get_field("unlock_reason").max_length or 0
    require(
        len(reason) <= limit,
        ValidationError(
            persian.to_persian_digits(
                f"دلیل گشودن مرحله {len(reason)} نویسه است؛ دست‌بالا {limit} نویسه بنویسید."
            ),
            field="reason",
        ),
    )
    # PostgreSQL refuses a NUL in text with a driver error; say it here instead.
    require(
        "\x00" not in reason,
        ValidationError("دلیل گشودن مرحله نویسهٔ ناپذیرفتنی (NUL) دارد.", field="reason"),
    )
    wave.unlocked_at = at or timezone.now()
    wave.unlocked_by = by if getattr(by, "pk", None) else None
    wave.unlock_reason = reason
    wave.save()
    return wave


@transaction.atomic
def wave_mark_held(*, wave: Wave, by: Any) -> Wave:
    """Record that the wave took place; its plan is history from now on."""
    require(can_announce_wave(by, wave), PermissionDeniedError())
    require(
        wave.status == WaveStatus.ANNOUNCED,
        ValidationError("فقط مرحلهٔ اعلام‌شده برگزارشده می‌شود."),
    )
    wave.status = WaveStatus.HELD
    wave.unlocked_at = None
    wave.save()
    PlanAssignment.objects.filter(
        PlanQuerySet.current_q("plan"), wave=wave, plan__programme=wave.programme
    ).update(locked=True)
    return wave
