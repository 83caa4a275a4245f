"""Programmes of construction leaps, their numbered waves, and the occasions waves are tied to."""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from jahesh.core.models import TimeStampedModel
from jahesh.registry.models import Municipality


class Programme(TimeStampedModel):
    """A named series of waves, such as «جهش عمرانی», whose waves take a noun such as «مرحله»."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="programmes", verbose_name="شهرداری"
    )
    slug = models.SlugField("نامک", max_length=120, allow_unicode=True)
    name = models.CharField("نام", max_length=160)
    wave_noun = models.CharField(
        "نام هر مرحله", max_length=30, default="مرحله", help_text="مرحله، گام، خوان، هفته …"
    )
    description = models.TextField("شرح", blank=True)
    started_on = models.DateField("تاریخ آغاز", null=True, blank=True)
    is_public = models.BooleanField("نمایش در درگاه عمومی", default=True)

    class Meta:
        verbose_name = "برنامه"
        verbose_name_plural = "برنامه‌ها"
        ordering = ["municipality", "-started_on", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="programme_slug_unique_in_city"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OccasionCalendar(models.TextChoices):
    SOLAR = "solar", "هجری شمسی"
    LUNAR = "lunar", "هجری قمری"


class Occasion(TimeStampedModel):
    """A recurring occasion (دهه فجر، هفته دولت …) given in the solar or the lunar-Hijri calendar.

    Rows without a municipality ship with the product; a city's own row with the same ``code``
    overrides the shipped one (Iran's official lunar dates can differ from the computed ones).
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="occasions",
        verbose_name="شهرداری",
    )
    code = models.SlugField("کد", max_length=60)
    name = models.CharField("نام", max_length=120)
    calendar = models.CharField("تقویم", max_length=8, choices=OccasionCalendar.choices)
    month = models.PositiveSmallIntegerField(
        "ماه", validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    day = models.PositiveSmallIntegerField(
        "روز", validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    length_days = models.PositiveSmallIntegerField("طول (روز)", default=1)

    class Meta:
        verbose_name = "مناسبت"
        verbose_name_plural = "مناسبت‌ها"
        ordering = ["calendar", "month", "day"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"], name="occasion_code_unique_in_city"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class WaveStatus(models.TextChoices):
    DRAFT = "draft", "پیش‌نویس"
    ANNOUNCED = "announced", "اعلام‌شده"
    HELD = "held", "برگزارشده"


class Wave(TimeStampedModel):
    """One numbered wave of a programme: ceremonies held together on its day(s)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="waves", verbose_name="برنامه"
    )
    number = models.PositiveSmallIntegerField("شماره")
    theme = models.CharField("شعار / موضوع", max_length=200, blank=True)
    occasion = models.ForeignKey(
        Occasion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="waves",
        verbose_name="مناسبت",
    )
    start_date = models.DateField("روز نخست")
    end_date = models.DateField("روز پایانی")
    slots_per_day = models.PositiveSmallIntegerField(
        "نوبت در روز", default=6, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    first_slot_time = models.TimeField("ساعت نخستین نوبت", default=dt.time(9, 0))
    slot_minutes = models.PositiveSmallIntegerField("طول هر نوبت (دقیقه)", default=90)
    min_ceremonies = models.PositiveSmallIntegerField("کمینه آیین‌ها", default=0)
    max_ceremonies = models.PositiveSmallIntegerField("بیشینه آیین‌ها", default=60)
    headline_cap = models.PositiveSmallIntegerField("سقف پروژه‌های شاخص", default=5)
    status = models.CharField(
        "وضعیت", max_length=12, choices=WaveStatus.choices, default=WaveStatus.DRAFT
    )
    announced_at = models.DateTimeField("زمان اعلام", null=True, blank=True)

    class Meta:
        verbose_name = "مرحله"
        verbose_name_plural = "مراحل"
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"], name="wave_number_unique_in_programme"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="wave_days_not_reversed",
            ),
            models.CheckConstraint(
                condition=models.Q(max_ceremonies__gte=models.F("min_ceremonies")),
                name="wave_min_at_most_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.wave_noun} {self.number} {self.programme.name}"

    @property
    def days(self) -> list[dt.date]:
        span = (self.end_date - self.start_date).days
        return [self.start_date + dt.timedelta(days=i) for i in range(span + 1)]
