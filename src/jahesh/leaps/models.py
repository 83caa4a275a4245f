"""Programmes of construction leaps, their numbered waves, the occasions waves are tied to, and
the plans that put ceremonies into waves."""

from __future__ import annotations

import datetime as dt
from typing import Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from jahesh import persian
from jahesh.core.models import TimeStampedModel
from jahesh.registry.models import (
    Ceremony,
    CeremonyKind,
    CeremonyQuerySet,
    District,
    Municipality,
    MunicipalityQuerySet,
    ProjectQuerySet,
)


def _path(path: str) -> str:
    return f"{path}__" if path else ""


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    """Programmes a citizen may see: shown by their city, of a city that shows itself (ADR 0003)."""

    @staticmethod
    def public_q(path: str = "", *, city_checked: bool = False) -> models.Q:
        """The rule on the programme at ``path``; ``city_checked`` as in ``ProjectQuerySet``."""
        at = _path(path)
        condition = models.Q(**{f"{at}is_public": True})
        if not city_checked:
            condition &= MunicipalityQuerySet.public_q(f"{at}municipality")
        return condition

    def public(self) -> Self:
        return self.filter(self.public_q())

    def public_in(self, city: Municipality) -> Self:
        if not city.is_public:
            return self.none()
        return self.filter(self.public_q(city_checked=True), municipality=city)


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
    district_ceremonies_per_day = models.PositiveSmallIntegerField(
        "بیشینه آیین هر منطقه در روز",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text="شهردار منطقه در هر نوبت فقط در یک آیین است.",
    )
    media_crews_per_slot = models.PositiveSmallIntegerField(
        "گروه‌های رسانه‌ای در هر نوبت",
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    default_travel_minutes = models.PositiveSmallIntegerField(
        "زمان جابه‌جایی پیش‌فرض میان مناطق (دقیقه)",
        default=30,
        validators=[MaxValueValidator(600)],
    )
    weights = models.JSONField(
        "وزن‌های قواعد نرم",
        default=dict,
        blank=True,
        help_text="خالی یعنی وزن‌های پیش‌فرض برنامه‌ریز.",
    )

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = "برنامه"
        verbose_name_plural = "برنامه‌ها"
        ordering = ("municipality", "-started_on", "name")
        constraints = (
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="programme_slug_unique_in_city"
            ),
        )

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
    length_days = models.PositiveSmallIntegerField(
        "طول (روز)", default=1, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    shift_days = models.SmallIntegerField(
        "جابه‌جایی (روز)",
        default=0,
        validators=[MinValueValidator(-3), MaxValueValidator(3)],
        help_text="برای هم‌خوانی تاریخ محاسبه‌شده با تقویم رسمی کشور؛ معمولاً صفر یا یک.",
    )
    # {"1448": 1}: the shift of one year of the occasion's own calendar (the Hijri year for a
    # lunar one), replacing shift_days that year; the official lunar dates follow moon sighting.
    year_shifts = models.JSONField(
        "جابه‌جایی سال‌به‌سال",
        default=dict,
        blank=True,
        help_text="جابه‌جایی یک سال معین (سال قمری برای مناسبت قمری) به جای جابه‌جایی همیشگی.",
    )

    class Meta:
        verbose_name = "مناسبت"
        verbose_name_plural = "مناسبت‌ها"
        ordering = ("calendar", "month", "day")
        constraints = (
            models.UniqueConstraint(
                fields=["municipality", "code"], name="occasion_code_unique_in_city"
            ),
            # NULLs never collide in a unique index, so the shipped rows need their own rule.
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(municipality__isnull=True),
                name="occasion_code_unique_shipped",
            ),
        )

    @property
    def is_shipped(self) -> bool:
        return self.municipality_id is None

    def shift_in(self, year: int) -> int:
        """The shift of the occurrence in ``year`` of the occasion's own calendar."""
        return int(self.year_shifts.get(str(year), self.shift_days))

    def __str__(self) -> str:
        return self.name


class WaveStatus(models.TextChoices):
    DRAFT = "draft", "پیش‌نویس"
    ANNOUNCED = "announced", "اعلام‌شده"
    HELD = "held", "برگزارشده"


# A draft wave is the planners' own; it goes public when it is announced.
PUBLIC_WAVE_STATUSES = (WaveStatus.ANNOUNCED, WaveStatus.HELD)


class WaveQuerySet(models.QuerySet["Wave"]):
    """Waves a citizen may see: announced or held, of a public programme (ADR 0003)."""

    @staticmethod
    def public_q(path: str = "", *, city_checked: bool = False) -> models.Q:
        at = _path(path)
        return models.Q(**{f"{at}status__in": PUBLIC_WAVE_STATUSES}) & ProgrammeQuerySet.public_q(
            f"{at}programme", city_checked=city_checked
        )

    def public(self) -> Self:
        return self.filter(self.public_q())

    def public_in(self, city: Municipality) -> Self:
        if not city.is_public:
            return self.none()
        return self.filter(self.public_q(city_checked=True), programme__municipality=city)


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
    unlocked_at = models.DateTimeField(
        "زمان گشودن برای تغییر",
        null=True,
        blank=True,
        help_text="مرحلهٔ اعلام‌شده فقط پس از گشودن صریح تغییر می‌کند.",
    )
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="گشوده به دست",
    )
    unlock_reason = models.CharField("دلیل گشودن", max_length=300, blank=True)
    # A wave from before Jahesh, loaded with what the press reported: its figures are these,
    # not the sum of its rows (rows attached later only detail them).
    reported_project_count = models.PositiveIntegerField(
        "شمار پروژه‌ها به گزارش رسانه‌ها", null=True, blank=True
    )
    reported_credit_rial = models.BigIntegerField(
        "اعتبار کل به گزارش رسانه‌ها (ریال)", null=True, blank=True
    )
    reported_kinds = models.JSONField("گونه‌های آیین به گزارش رسانه‌ها", default=list, blank=True)
    source_url = models.URLField("نشانی منبع", max_length=500, blank=True)

    objects = WaveQuerySet.as_manager()

    class Meta:
        verbose_name = "مرحله"
        verbose_name_plural = "مراحل"
        ordering = ("programme", "number")
        constraints = (
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
            models.CheckConstraint(
                condition=models.Q(reported_credit_rial__isnull=True)
                | models.Q(reported_credit_rial__gte=0),
                name="wave_reported_credit_not_negative",
            ),
        )

    def __str__(self) -> str:
        number = persian.to_persian_digits(str(self.number))
        return f"{self.programme.wave_noun} {number} {self.programme.name}"

    @property
    def has_reported_figures(self) -> bool:
        """Whether its figures are the press's (a wave from before Jahesh), not its rows'."""
        return self.reported_project_count is not None

    @property
    def reported_kind_labels(self) -> list[str]:
        labels = dict(CeremonyKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.reported_kinds]

    @property
    def days(self) -> list[dt.date]:
        span = (self.end_date - self.start_date).days
        return [self.start_date + dt.timedelta(days=i) for i in range(span + 1)]

    @property
    def is_frozen(self) -> bool:
        """Whether its ceremonies must stay where they are (announced and not unlocked, or held)."""
        if self.status == WaveStatus.HELD:
            return True
        return self.status == WaveStatus.ANNOUNCED and self.unlocked_at is None

    def slot_start(self, day: dt.date, slot: int) -> dt.datetime:
        """Return the naive local (Tehran) start of ``slot`` (0-based) on ``day``."""
        first = dt.datetime.combine(day, self.first_slot_time)
        return first + dt.timedelta(minutes=self.slot_minutes * slot)


class TravelTime(TimeStampedModel):
    """Minutes an official needs between two districts of a city (symmetric)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name="شهرداری"
    )
    from_district = models.ForeignKey(
        District, on_delete=models.CASCADE, related_name="+", verbose_name="از منطقه"
    )
    to_district = models.ForeignKey(
        District, on_delete=models.CASCADE, related_name="+", verbose_name="به منطقه"
    )
    minutes = models.PositiveSmallIntegerField("دقیقه", validators=[MaxValueValidator(600)])

    class Meta:
        verbose_name = "زمان جابه‌جایی"
        verbose_name_plural = "زمان‌های جابه‌جایی"
        constraints = (
            models.UniqueConstraint(
                fields=["from_district", "to_district"], name="travel_time_unique_pair"
            ),
        )

    def __str__(self) -> str:
        return f"{self.from_district} → {self.to_district}: {self.minutes}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "پیش‌نویس"
    CURRENT = "current", "جاری"
    SUPERSEDED = "superseded", "کنارگذاشته"


class PlanSource(models.TextChoices):
    SOLVER = "solver", "برنامه‌ریز خودکار"
    MANUAL = "manual", "دستی"


SOLVER_STATUS_LABELS = {
    "optimal": "بهینهٔ اثبات‌شده",
    "feasible": "شدنی، بهینه بودنش اثبات نشده",
    "greedy": "برنامهٔ نخست (حریصانه)",
}


class PlanQuerySet(models.QuerySet["Plan"]):
    """The one home of "the current plan": the one a planner adopted and has not replaced."""

    @staticmethod
    def current_q(path: str = "") -> models.Q:
        return models.Q(**{f"{_path(path)}status": PlanStatus.CURRENT})

    def current(self) -> Self:
        return self.filter(self.current_q())

    def current_for(self, programme: Programme) -> Plan | None:
        """The programme's current plan, or None before any plan was adopted."""
        return self.current().filter(programme=programme).first()


class Plan(TimeStampedModel):
    """One assignment of a programme's ceremonies to waves, days and slots.

    A programme has at most one current plan; a new run is a draft until a planner adopts it.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="plans", verbose_name="شهرداری"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="plans", verbose_name="برنامه"
    )
    scope_wave = models.ForeignKey(
        Wave,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="فقط برای مرحله",
    )
    status = models.CharField(
        "وضعیت", max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    source = models.CharField(
        "پدیدآورنده", max_length=8, choices=PlanSource.choices, default=PlanSource.SOLVER
    )
    objective = models.FloatField("امتیاز", default=0)
    bound = models.FloatField("کران اثبات‌شده", null=True, blank=True)
    gap = models.FloatField("فاصله تا کران", null=True, blank=True)
    solver_stats = models.JSONField("آمار حل", default=dict, blank=True)
    explanations = models.JSONField("توضیح‌ها", default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="به دست",
    )
    adopted_at = models.DateTimeField("زمان پذیرش", null=True, blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "برنامهٔ زمانی"
        verbose_name_plural = "برنامه‌های زمانی"
        ordering = ("programme", "-created_at")
        constraints = (
            models.UniqueConstraint(
                fields=["programme"],
                condition=models.Q(status="current"),
                name="plan_one_current_per_programme",
            ),
        )

    def __str__(self) -> str:
        return f"{self.programme} — {self.get_status_display()} ({self.pk})"

    @property
    def solver_status_label(self) -> str:
        status = self.solver_stats.get("status", "") if isinstance(self.solver_stats, dict) else ""
        return SOLVER_STATUS_LABELS.get(str(status), "")

    @property
    def gap_pct(self) -> float | None:
        """The gap to the proven bound in per cent (``gap`` is a fraction)."""
        return None if self.gap is None else 100 * self.gap


class PlanAssignmentQuerySet(models.QuerySet["PlanAssignment"]):
    """Placed ceremonies a citizen may see: what the city has said in public it will do, or did.

    A ceremony is public where the current plan puts it into a public wave, its project is public
    and it is still happening (ADR 0003).
    """

    @staticmethod
    def public_q(*, city_checked: bool = False) -> models.Q:
        return (
            PlanQuerySet.current_q("plan")
            & WaveQuerySet.public_q("wave", city_checked=city_checked)
            & ProjectQuerySet.public_q("ceremony__project", city_checked=city_checked)
            & CeremonyQuerySet.happening_q("ceremony")
        )

    def public(self) -> Self:
        return self.filter(self.public_q())

    def public_in(self, city: Municipality) -> Self:
        if not city.is_public:
            return self.none()
        return self.filter(self.public_q(city_checked=True), plan__municipality=city)


class PlanAssignment(models.Model):
    """One ceremony of a plan, put in a wave on a day at a slot (0-based)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="assignments", verbose_name="برنامهٔ زمانی"
    )
    ceremony = models.ForeignKey(
        Ceremony, on_delete=models.CASCADE, related_name="+", verbose_name="آیین"
    )
    wave = models.ForeignKey(
        Wave, on_delete=models.CASCADE, related_name="assignments", verbose_name="مرحله"
    )
    day = models.DateField("روز")
    slot = models.PositiveSmallIntegerField("نوبت")
    locked = models.BooleanField("قفل", default=False)

    objects = PlanAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "جای آیین"
        verbose_name_plural = "جای آیین‌ها"
        ordering = ("wave__number", "day", "slot")
        constraints = (
            models.UniqueConstraint(
                fields=["plan", "ceremony"], name="assignment_ceremony_once_per_plan"
            ),
        )

    def __str__(self) -> str:
        return f"{self.ceremony_id} → {self.wave_id} {self.day} #{self.slot}"


class PlanRunStatus(models.TextChoices):
    QUEUED = "queued", "در صف"
    RUNNING = "running", "در حال اجرا"
    SUCCEEDED = "succeeded", "انجام شد"
    FAILED = "failed", "ناموفق"


class PlanRunMode(models.TextChoices):
    FULL = "full", "برنامه‌ریزی دوباره"
    REPAIR = "repair", "ترمیم جای آیین‌های جابه‌جاشده"


class PlanRun(TimeStampedModel):
    """A background planning job and what became of it."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name="شهرداری"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="runs", verbose_name="برنامه"
    )
    scope_wave = models.ForeignKey(
        Wave,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="فقط برای مرحله",
    )
    mode = models.CharField(
        "نوع", max_length=8, choices=PlanRunMode.choices, default=PlanRunMode.FULL
    )
    status = models.CharField(
        "وضعیت", max_length=12, choices=PlanRunStatus.choices, default=PlanRunStatus.QUEUED
    )
    progress_pct = models.PositiveSmallIntegerField(
        "پیشرفت (درصد)", default=0, validators=[MaxValueValidator(100)]
    )
    stage = models.CharField("مرحلهٔ کار", max_length=120, blank=True)
    error = models.TextField("خطا", blank=True)
    time_limit_s = models.PositiveIntegerField("سقف زمان (ثانیه)", default=30)
    plan = models.ForeignKey(
        Plan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="برنامهٔ زمانی حاصل",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="درخواست‌کننده",
    )
    started_at = models.DateTimeField("زمان آغاز", null=True, blank=True)
    finished_at = models.DateTimeField("زمان پایان", null=True, blank=True)

    class Meta:
        verbose_name = "اجرای برنامه‌ریز"
        verbose_name_plural = "اجراهای برنامه‌ریز"
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.programme} — {self.get_status_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status in {PlanRunStatus.SUCCEEDED, PlanRunStatus.FAILED}


class CalendarKey(models.Model):
    """A person's secret behind their calendar (iCalendar) links.

    Calendar apps cannot log in, so a link carries a signed token naming this key; revoking
    the key (the person asks for a new link) kills every link made with it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="کاربر",
    )
    secret = models.CharField("کلید", max_length=64)
    created_at = models.DateTimeField("زمان ساخت", auto_now_add=True)
    revoked_at = models.DateTimeField("زمان باطل شدن", null=True, blank=True)

    class Meta:
        verbose_name = "کلید پیوند تقویم"
        verbose_name_plural = "کلیدهای پیوند تقویم"
        constraints = (
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="leaps_one_live_calendar_key_per_user",
            ),
        )

    def __str__(self) -> str:
        return f"{self.user} — {self.created_at:%Y-%m-%d}"


class PromiseKind(models.TextChoices):
    CEREMONY = "ceremony", "برگزاری آیین در روز اعلام‌شده"
    COMPLETION = "completion", "پایان پروژه در موعد اعلام‌شده"


class PromiseRecord(models.Model):
    """A promise as it was made when its wave was announced, frozen: written once by
    ``promises_record`` and never changed (docs/accountability.md). A ceremony promise says the
    ceremony will be held on ``promised_date``; a completion promise (of a groundbreaking) says
    the project ends by ``promised_date`` at ``promised_credit_rial``. What became of it is read
    from the live rows and their history (``leaps.selectors.promises``) and stored on the row by
    a queued refresh; only the outcome fields below are ever updated."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name="شهرداری"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="+", verbose_name="برنامه"
    )
    wave = models.ForeignKey(
        Wave, on_delete=models.CASCADE, related_name="promises", verbose_name="مرحله"
    )
    # A promise outlives its ceremony and project: deleting them empties these, and
    # ``leaps.removals`` first copies below what the promise's rows show of them.
    ceremony = models.ForeignKey(
        Ceremony, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="آیین"
    )
    project = models.ForeignKey(
        "registry.Project",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="پروژه",
    )
    kind = models.CharField("گونهٔ وعده", max_length=12, choices=PromiseKind.choices)
    made_at = models.DateTimeField("زمان وعده")
    promised_date = models.DateField("تاریخ وعده‌داده‌شده")
    ceremony_kind = models.CharField("گونهٔ آیین", max_length=20)
    # The project as it stood when the promise was made.
    project_planned_end_date = models.DateField("پایان برنامه‌ریزی‌شده در آن زمان", null=True)
    project_credit_rial = models.BigIntegerField("اعتبار پروژه در آن زمان (ریال)", null=True)
    recorded_at = models.DateTimeField("زمان ثبت", auto_now_add=True)
    # What became of it, as ``promise_outcomes_refresh`` last computed it from the live rows and
    # history (``leaps.selectors.promises``, the one home of the rule), after every relevant
    # commit and nightly. A promise not met yet stores no outcome (""): it is overdue or pending
    # by its ``promised_date`` against the day it is read, so days overdue grow without a write.
    outcome = models.CharField("سرانجام", max_length=12, blank=True, default="")
    outcome_date = models.DateField("تاریخ سرانجام", null=True)
    delay_days = models.IntegerField("روزهای تأخیر", null=True)  # of one met late (0: on time)
    promised_date_today = models.DateField("همان تاریخ امروز", null=True)
    final_credit_rial = models.BigIntegerField("اعتبار در زمان انجام (ریال)", null=True)
    outcome_refreshed_at = models.DateTimeField("زمان محاسبهٔ سرانجام", null=True)
    # The ceremony or project as it stood when it was deleted (empty while both exist): the
    # promise stays on record, cancelled unless it was met before (``leaps.removals``).
    removed_at = models.DateTimeField("زمان حذف آیین یا پروژه", null=True)
    removed_ceremony_ref = models.IntegerField("شناسهٔ آیین حذف‌شده", null=True)
    removed_project_code = models.CharField("کد پروژهٔ حذف‌شده", max_length=40, blank=True)
    removed_project_title = models.CharField("عنوان پروژهٔ حذف‌شده", max_length=300, blank=True)
    removed_project_public = models.BooleanField("پروژهٔ حذف‌شده در درگاه بود", null=True)
    removed_district_number = models.PositiveSmallIntegerField("شمارهٔ منطقه", null=True)
    removed_district_name = models.CharField("نام منطقه", max_length=80, blank=True)
    removed_sectors = models.TextField("حوزه‌ها، هر کدام در یک سطر", blank=True)

    class Meta:
        verbose_name = "وعده"
        verbose_name_plural = "وعده‌ها"
        constraints = (
            models.UniqueConstraint(
                fields=["wave", "ceremony", "kind"], name="promise_once_per_wave_ceremony_kind"
            ),
        )
        indexes = (
            models.Index(fields=["municipality", "kind"], name="promise_city_kind"),
            models.Index(
                fields=["municipality", "outcome", "promised_date"], name="promise_city_outcome"
            ),
        )

    def __str__(self) -> str:
        return f"{self.kind} {self.ceremony_id} → {self.promised_date}"
