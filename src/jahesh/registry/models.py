"""The projects registry: cities (tenants), their districts, units, sectors, projects, ceremonies,
officials, and who may do what in which city."""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from jahesh.core.models import TimeStampedModel
from jahesh.registry.codes import MAX_CODE_LENGTH, validate_project_code


class CreditUnit(models.TextChoices):
    TOMAN = "toman", "تومان"
    RIAL = "rial", "ریال"


def _path(path: str) -> str:
    return f"{path}__" if path else ""


class MunicipalityQuerySet(models.QuerySet["Municipality"]):
    """Cities that show themselves on the portal, in the feeds and in open data; their districts
    and sectors are public with them (docs/adr/0003-what-is-public.md)."""

    @staticmethod
    def public_q(path: str = "") -> models.Q:
        return models.Q(**{f"{_path(path)}is_public": True})

    def public(self) -> Self:
        return self.filter(self.public_q())


class Municipality(TimeStampedModel):
    """A city's municipality: the tenant every other row belongs to."""

    slug = models.SlugField("نامک", max_length=60, unique=True, allow_unicode=True)
    name = models.CharField("نام", max_length=120)
    city_name = models.CharField("نام شهر", max_length=80)
    outlet_name = models.CharField(
        "نام رسانه خبری", max_length=120, blank=True, help_text="در خبرها: «به گزارش …»"
    )
    credit_display_unit = models.CharField(
        "واحد نمایش اعتبار", max_length=8, choices=CreditUnit.choices, default=CreditUnit.TOMAN
    )
    center_latitude = models.DecimalField("عرض جغرافیایی مرکز", max_digits=9, decimal_places=6)
    center_longitude = models.DecimalField("طول جغرافیایی مرکز", max_digits=9, decimal_places=6)
    is_illustrative = models.BooleanField(
        "نمونه نمایشی", default=False, help_text="داده‌های ساختگی برای نمایش؛ واقعی نیست."
    )
    is_public = models.BooleanField("نمایش در درگاه عمومی", default=True)
    allow_self_approval = models.BooleanField(
        "تأیید مطلب به دست نویسنده آن مجاز است", default=False
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = "شهرداری"
        verbose_name_plural = "شهرداری‌ها"
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class District(TimeStampedModel):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="districts", verbose_name="شهرداری"
    )
    number = models.PositiveSmallIntegerField("شماره")
    name = models.CharField("نام", max_length=80)

    class Meta:
        verbose_name = "منطقه"
        verbose_name_plural = "مناطق"
        ordering = ("municipality", "number")
        constraints = (
            models.UniqueConstraint(
                fields=["municipality", "number"], name="district_number_unique_in_city"
            ),
        )

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    DEPUTY = "deputy", "معاونت"
    ORGANISATION = "organisation", "سازمان"
    OFFICE = "office", "اداره کل / دفتر"
    COMPANY = "company", "شرکت"


class Unit(TimeStampedModel):
    """A deputy office, organisation or company of the municipality that executes projects."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="units", verbose_name="شهرداری"
    )
    code = models.CharField("کد", max_length=30)
    name = models.CharField("نام", max_length=160)
    kind = models.CharField("نوع", max_length=16, choices=UnitKind.choices)

    class Meta:
        verbose_name = "واحد اجرایی"
        verbose_name_plural = "واحدهای اجرایی"
        ordering = ("municipality", "name")
        constraints = (
            models.UniqueConstraint(
                fields=["municipality", "code"], name="unit_code_unique_in_city"
            ),
        )

    def __str__(self) -> str:
        return self.name


class SectorCode(models.TextChoices):
    """The OC4IDS 0.9.5 ``projectSector`` codes (a closed codelist), with Persian labels."""

    EDUCATION = "education", "آموزش"
    HEALTH = "health", "سلامت"
    ENERGY = "energy", "انرژی"
    ENERGY_SOLAR = "energy.solar", "انرژی خورشیدی"
    ENERGY_WIND = "energy.wind", "انرژی بادی"
    ENERGY_HYDROPOWER = "energy.hydropower", "انرژی آبی"
    ENERGY_BIOMASS = "energy.biomass", "انرژی زیست‌توده"
    ENERGY_GEOTHERMAL = "energy.geothermal", "انرژی زمین‌گرمایی"
    COMMUNICATIONS = "communications", "ارتباطات"
    WATER_AND_WASTE = "waterAndWaste", "آب و پسماند"
    GOVERNANCE = "governance", "ساختمان‌های عمومی و خدمات اضطراری"
    ECONOMY = "economy", "اقتصاد"
    CULTURE_SPORTS_AND_RECREATION = "cultureSportsAndRecreation", "فرهنگ، ورزش و تفریح"
    TRANSPORT = "transport", "حمل‌ونقل"
    TRANSPORT_AIR = "transport.air", "حمل‌ونقل هوایی"
    TRANSPORT_WATER = "transport.water", "حمل‌ونقل آبی"
    TRANSPORT_RAIL = "transport.rail", "حمل‌ونقل ریلی"
    TRANSPORT_ROAD = "transport.road", "راه و خیابان"
    TRANSPORT_URBAN = "transport.urban", "حمل‌ونقل شهری"
    TRANSPORT_LOW_CARBON = "transport.lowCarbon", "حمل‌ونقل کم‌کربن"
    SOCIAL_HOUSING = "socialHousing", "مسکن اجتماعی"
    NATURAL_RESOURCES = "naturalResources", "منابع طبیعی"
    NATURAL_RESOURCES_FLOOD_PROTECTION = "naturalResources.floodProtection", "مهار سیلاب"


class Sector(TimeStampedModel):
    """A domain of municipal work, mapped to an OC4IDS ``projectSector`` code for open data."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="sectors", verbose_name="شهرداری"
    )
    code = models.CharField("کد", max_length=40)
    name = models.CharField("نام", max_length=120)
    oc4ids_code = models.CharField("کد OC4IDS", max_length=60, choices=SectorCode.choices)

    class Meta:
        verbose_name = "حوزه"
        verbose_name_plural = "حوزه‌ها"
        ordering = ("municipality", "name")
        constraints = (
            models.UniqueConstraint(
                fields=["municipality", "code"], name="sector_code_unique_in_city"
            ),
        )

    def __str__(self) -> str:
        return self.name


class ProjectStatus(models.TextChoices):
    """OC4IDS projectStatus codes."""

    IDENTIFICATION = "identification", "شناسایی"
    PREPARATION = "preparation", "آماده‌سازی"
    IMPLEMENTATION = "implementation", "در حال اجرا"
    COMPLETION = "completion", "تکمیل"
    MAINTENANCE = "maintenance", "بهره‌برداری و نگهداری"
    DECOMMISSIONING = "decommissioning", "در حال برچیدن"
    DECOMMISSIONED = "decommissioned", "برچیده‌شده"
    CANCELLED = "cancelled", "لغوشده"


class ProjectQuerySet(models.QuerySet["Project"]):
    """The one home of which projects a citizen may see: those the staff published, of a city
    that shows itself (docs/adr/0003-what-is-public.md)."""

    @staticmethod
    def public_q(path: str = "", *, city_checked: bool = False) -> models.Q:
        """The rule as a condition on the project at ``path`` (``"ceremony__project"`` …), for
        queries over other tables. ``city_checked`` leaves out the city's half, and its join, where
        the query is already held to one city that passed ``Municipality.objects.public()``."""
        at = _path(path)
        condition = models.Q(**{f"{at}is_public": True})
        if not city_checked:
            condition &= MunicipalityQuerySet.public_q(f"{at}municipality")
        return condition

    def public(self) -> Self:
        return self.filter(self.public_q())

    def public_in(self, city: Municipality) -> Self:
        """The city's public projects; none while the city itself is hidden."""
        if not city.is_public:
            return self.none()
        return self.filter(self.public_q(city_checked=True), municipality=city)


class Project(TimeStampedModel):
    """A public work of one municipality.

    District and unit are RESTRICT, not PROTECT: a district with projects cannot be deleted on
    its own, yet deleting the whole city (which cascades to both) still works.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="projects", verbose_name="شهرداری"
    )
    code = models.CharField(
        "کد پروژه", max_length=MAX_CODE_LENGTH, validators=[validate_project_code]
    )
    title = models.CharField("عنوان", max_length=300)
    slug = models.SlugField("نامک", max_length=200, allow_unicode=True)
    description = models.TextField("شرح", blank=True)
    sectors = models.ManyToManyField(Sector, related_name="projects", verbose_name="حوزه‌ها")
    district = models.ForeignKey(
        District,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name="منطقه",
        help_text="خالی یعنی فرامنطقه‌ای.",
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name="واحد اجرایی",
    )
    contractor = models.CharField("پیمانکار", max_length=200, blank=True)
    status = models.CharField(
        "وضعیت", max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.IMPLEMENTATION
    )
    physical_progress_pct = models.PositiveSmallIntegerField(
        "پیشرفت فیزیکی (درصد)", default=0, validators=[MaxValueValidator(100)]
    )
    credit_rial = models.BigIntegerField("اعتبار (ریال)", default=0)
    start_date = models.DateField("تاریخ شروع", null=True, blank=True)
    planned_end_date = models.DateField("تاریخ پایان برنامه‌ریزی‌شده", null=True, blank=True)
    latitude = models.DecimalField(
        "عرض جغرافیایی", max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        "طول جغرافیایی", max_digits=9, decimal_places=6, null=True, blank=True
    )
    geometry = models.JSONField(
        "هندسه (GeoJSON)", null=True, blank=True, help_text="خط یا چندضلعی در WGS84."
    )
    length_m = models.PositiveIntegerField("طول (متر)", null=True, blank=True)
    area_m2 = models.PositiveIntegerField("مساحت (مترمربع)", null=True, blank=True)
    is_headline = models.BooleanField("پروژه شاخص", default=False)
    is_public = models.BooleanField("منتشرشده در درگاه", default=True)
    search_text = models.TextField(editable=False, blank=True, default="")

    history = HistoricalRecords(excluded_fields=["search_text", "updated_at"])

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = "پروژه"
        verbose_name_plural = "پروژه‌ها"
        ordering = ("municipality", "code")
        constraints = (
            models.UniqueConstraint(
                fields=["municipality", "code"], name="project_code_unique_in_city"
            ),
            models.CheckConstraint(
                condition=models.Q(credit_rial__gte=0), name="project_credit_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(physical_progress_pct__lte=100),
                name="project_progress_at_most_100",
            ),
        )
        # Each list filter with its default order (code, then id) as one index, so a page of the
        # API or the portal reads its rows in order instead of scanning the city to find them.
        indexes = (
            models.Index(fields=["municipality", "status", "code"]),
            models.Index(fields=["municipality", "slug"]),
            models.Index(fields=["district", "code"]),
            models.Index(fields=["district", "status", "code"]),
        )

    def __str__(self) -> str:
        return self.title


class CeremonyKind(models.TextChoices):
    GROUNDBREAKING = "groundbreaking", "آغاز عملیات اجرایی"
    COMMISSIONING = "commissioning", "بهره‌برداری"
    INAUGURATION = "inauguration", "افتتاح"


class CeremonyStatus(models.TextChoices):
    PROPOSED = "proposed", "پیشنهادی"
    PLANNED = "planned", "برنامه‌ریزی‌شده"
    CONFIRMED = "confirmed", "قطعی"
    HELD = "held", "برگزارشده"
    POSTPONED = "postponed", "به تعویق افتاده"
    CANCELLED = "cancelled", "لغوشده"


class Readiness(models.TextChoices):
    NOT_READY = "not_ready", "آماده نیست"
    ALMOST = "almost", "در آستانه آمادگی"
    READY = "ready", "آماده"


class OfficialKind(models.TextChoices):
    MAYOR = "mayor", "شهردار"
    DEPUTY = "deputy", "معاون شهردار"
    COUNCIL = "council", "عضو شورای شهر"
    COUNCIL_CHAIR = "council_chair", "رئیس شورای شهر"
    GOVERNOR = "governor", "استاندار"
    MINISTER = "minister", "وزیر"
    MP = "mp", "نماینده مجلس"
    OTHER = "other", "سایر"


class Official(TimeStampedModel):
    """A person whose presence a ceremony asks for; ``rank`` orders them (higher is more senior)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="officials", verbose_name="شهرداری"
    )
    name = models.CharField("نام", max_length=120)
    position = models.CharField("سمت", max_length=160)
    kind = models.CharField("نوع", max_length=16, choices=OfficialKind.choices)
    rank = models.PositiveSmallIntegerField(
        "رتبه", default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_ceremonies_per_day = models.PositiveSmallIntegerField(
        "بیشینه آیین در روز", default=4, validators=[MaxValueValidator(50)]
    )
    is_active = models.BooleanField("فعال", default=True)

    class Meta:
        verbose_name = "مقام"
        verbose_name_plural = "مقامات"
        ordering = ("municipality", "-rank", "name")

    def __str__(self) -> str:
        return f"{self.name} ({self.position})"


# Ceremonies that will not take place where they were placed. Every public surface leaves them
# out, so the portal's counters, open data and the newsroom's figures agree (ADR 0003).
NOT_HAPPENING_STATUSES = (CeremonyStatus.CANCELLED, CeremonyStatus.POSTPONED)


class CeremonyQuerySet(models.QuerySet["Ceremony"]):
    @staticmethod
    def happening_q(path: str = "") -> models.Q:
        """The ceremony at ``path`` will still take place (or has)."""
        return ~models.Q(**{f"{_path(path)}status__in": NOT_HAPPENING_STATUSES})

    def happening(self) -> Self:
        return self.filter(self.happening_q())


class Ceremony(TimeStampedModel):
    """One public event of a project: its groundbreaking, commissioning or inauguration."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="ceremonies", verbose_name="شهرداری"
    )
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="ceremonies", verbose_name="پروژه"
    )
    kind = models.CharField("نوع آیین", max_length=16, choices=CeremonyKind.choices)
    ready_from = models.DateField("آماده از")
    latest_date = models.DateField("آخرین موعد", null=True, blank=True)
    duration_min = models.PositiveSmallIntegerField("مدت (دقیقه)", default=60)
    venue = models.CharField("محل برگزاری", max_length=200, blank=True)
    officials_requested = models.ManyToManyField(
        Official, blank=True, related_name="ceremonies", verbose_name="مقامات درخواستی"
    )
    importance = models.PositiveSmallIntegerField(
        "اهمیت (۱ تا ۱۰)", default=5, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    status = models.CharField(
        "وضعیت", max_length=16, choices=CeremonyStatus.choices, default=CeremonyStatus.PROPOSED
    )
    readiness = models.CharField(
        "آمادگی", max_length=16, choices=Readiness.choices, default=Readiness.NOT_READY
    )
    held_at = models.DateTimeField("زمان برگزاری", null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = CeremonyQuerySet.as_manager()

    class Meta:
        verbose_name = "آیین"
        verbose_name_plural = "آیین‌ها"
        ordering = ("municipality", "ready_from")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(latest_date__isnull=True)
                | models.Q(latest_date__gte=models.F("ready_from")),
                name="ceremony_window_not_reversed",
            ),
        )
        indexes = (models.Index(fields=["municipality", "status"]),)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.project.title}"


class Role(models.TextChoices):
    VIEWER = "viewer", "بیننده"
    REPORTER = "reporter", "خبرنگار"
    EDITOR = "editor", "ویراستار"
    PLANNER = "planner", "برنامه‌ریز"
    PUBLISHER = "publisher", "ناشر"
    ADMIN = "admin", "مدیر"


class Membership(TimeStampedModel):
    """A user's role in one municipality; a user may serve several cities."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="کاربر",
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="memberships", verbose_name="شهرداری"
    )
    role = models.CharField("نقش", max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = "عضویت"
        verbose_name_plural = "عضویت‌ها"
        constraints = (
            models.UniqueConstraint(
                fields=["user", "municipality"], name="membership_one_role_per_city"
            ),
        )

    def __str__(self) -> str:
        return f"{self.user} — {self.municipality} ({self.get_role_display()})"


# Project timelines: dated milestones and progress updates (issue 14).


class MilestoneKind(models.TextChoices):
    APPROVAL = "approval", "تصویب"
    CONTRACT = "contract", "انعقاد قرارداد"
    SITE_HANDOVER = "site_handover", "تحویل زمین"
    START = "start", "آغاز عملیات اجرایی"
    COMPLETION = "completion", "تکمیل"
    OTHER = "other", "دیگر"


class ProjectMilestone(TimeStampedModel):
    """A dated step of a project's life; a date after today is a planned step."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="milestones", verbose_name="پروژه"
    )
    kind = models.CharField("گونه", max_length=16, choices=MilestoneKind.choices)
    title = models.CharField("عنوان", max_length=200, blank=True)
    date = models.DateField("تاریخ")

    class Meta:
        verbose_name = "گام پروژه"
        verbose_name_plural = "گام‌های پروژه"
        ordering = ("project", "date", "pk")

    def __str__(self) -> str:
        return self.title or self.get_kind_display()

    @property
    def label(self) -> str:
        return self.title or self.get_kind_display()


class ProgressUpdate(TimeStampedModel):
    """The physical progress of a project as its staff reported it on one day."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="progress_updates", verbose_name="پروژه"
    )
    reported_on = models.DateField("تاریخ گزارش")
    physical_progress_pct = models.PositiveSmallIntegerField(
        "پیشرفت فیزیکی (درصد)", validators=[MaxValueValidator(100)]
    )
    note = models.CharField("یادداشت", max_length=500, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="گزارش‌دهنده",
    )

    class Meta:
        verbose_name = "گزارش پیشرفت"
        verbose_name_plural = "گزارش‌های پیشرفت"
        ordering = ("project", "reported_on", "pk")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(physical_progress_pct__lte=100),
                name="progress_update_at_most_100",
            ),
        )

    def __str__(self) -> str:
        return f"{self.project} — {self.physical_progress_pct}%"


class ProgressPhoto(TimeStampedModel):
    """A photo of a progress update, kept only as web-sized JPEG copies with no EXIF at all."""

    update = models.ForeignKey(
        ProgressUpdate, on_delete=models.CASCADE, related_name="photos", verbose_name="گزارش"
    )
    image = models.FileField("تصویر (اندازه وب)", upload_to="progress/", max_length=200)
    thumbnail = models.FileField("تصویر کوچک", upload_to="progress/", max_length=200)
    width_px = models.PositiveIntegerField("پهنا (پیکسل)")
    height_px = models.PositiveIntegerField("بلندا (پیکسل)")
    alt_text = models.CharField("متن جایگزین", max_length=300)

    class Meta:
        verbose_name = "عکس پیشرفت"
        verbose_name_plural = "عکس‌های پیشرفت"
        ordering = ("update", "pk")

    def __str__(self) -> str:
        return self.alt_text
