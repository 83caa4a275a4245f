"""The committee's numbered sessions hosted in turn, their agendas, attendance, minutes and
resolutions followed up."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from jahesh import persian
from jahesh.committee.models.body import Committee, CommitteeMember
from jahesh.core.models import TimeStampedModel


class SessionKind(models.TextChoices):
    REGULAR = "regular", "عادی"
    EXTRAORDINARY = "extraordinary", "فوق‌العاده"


class SessionMode(models.TextChoices):
    IN_PERSON = "in_person", "حضوری"
    ONLINE = "online", "برخط"
    BOTH = "both", "حضوری و برخط"


class SessionStatus(models.TextChoices):
    PLANNED = "planned", "برنامه‌ریزی‌شده"
    INVITED = "invited", "دعوت‌نامه فرستاده شد"
    HELD = "held", "برگزار شد"
    MINUTES_CIRCULATED = "minutes_circulated", "صورت‌جلسه برای اصلاح فرستاده شد"
    MINUTES_APPROVED = "minutes_approved", "صورت‌جلسه تصویب شد"
    POSTPONED = "postponed", "به تعویق افتاد"
    CANCELLED = "cancelled", "لغو شد"


class SessionQuerySet(models.QuerySet["Session"]):
    def public(self) -> SessionQuerySet:
        """Sessions the public page lists: every one not cancelled (a postponement is news too)."""
        return self.exclude(status=SessionStatus.CANCELLED)


class Session(TimeStampedModel):
    """One numbered session; a number, once given, stays with it even when it is cancelled."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="sessions", verbose_name="کمیته"
    )
    number = models.PositiveIntegerField("شماره")
    kind = models.CharField(
        "نوع", max_length=16, choices=SessionKind.choices, default=SessionKind.REGULAR
    )
    host = models.ForeignKey(
        CommitteeMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_sessions",
        verbose_name="شهر میزبان",
    )
    host_unit = models.CharField("واحد میزبان", max_length=200, blank=True)
    date = models.DateField("تاریخ", null=True, blank=True)
    starts_at = models.TimeField("ساعت آغاز", null=True, blank=True)
    ends_at = models.TimeField("ساعت پایان", null=True, blank=True)
    venue = models.CharField("محل", max_length=300, blank=True)
    mode = models.CharField(
        "شیوه", max_length=12, choices=SessionMode.choices, default=SessionMode.IN_PERSON
    )
    meeting_link = models.URLField("پیوند نشست برخط", max_length=500, blank=True)
    status = models.CharField(
        "وضعیت", max_length=20, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    status_reason = models.CharField("دلیل تعویق یا لغو", max_length=500, blank=True)
    minutes_summary = models.TextField("مقدمه صورت‌جلسه", blank=True)
    correction_deadline = models.DateField("مهلت اصلاح صورت‌جلسه", null=True, blank=True)
    minutes_approved_on = models.DateField("تاریخ تصویب صورت‌جلسه", null=True, blank=True)
    approved_at = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approved_minutes_of",
        verbose_name="نشستی که صورت‌جلسه را تصویب کرد",
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = "نشست"
        verbose_name_plural = "نشست‌ها"
        ordering = ("committee", "-number")
        constraints = (
            models.UniqueConstraint(fields=["committee", "number"], name="session_number_once"),
            models.CheckConstraint(condition=Q(number__gte=1), name="session_number_positive"),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(ends_at__gt=F("starts_at")),
                name="session_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(meeting_link="")
                | Q(meeting_link__startswith="http://")
                | Q(meeting_link__startswith="https://"),
                name="session_link_is_http",
            ),
        )

    def __str__(self) -> str:
        return f"نشست {persian.to_persian_digits(str(self.number))} — {self.committee}"

    @property
    def ordinal_title(self) -> str:
        """«سی‌ویکمین نشست» — how the press names a session."""
        kind = " فوق‌العاده" if self.kind == SessionKind.EXTRAORDINARY else ""
        return f"{persian.ordinal_word(self.number)} نشست{kind}"

    @property
    def minutes_frozen(self) -> bool:
        return self.status == SessionStatus.MINUTES_APPROVED


class AgendaItemKind(models.TextChoices):
    REPORT = "report", "گزارش"
    DISCUSSION = "discussion", "بحث و بررسی"
    DECISION = "decision", "تصمیم‌گیری"
    PRESENTATION = "presentation", "ارائه"


class AgendaItem(TimeStampedModel):
    """One numbered agenda item; as held, its discussion and decision are the minutes.

    Links: a resolution followed up, an earlier session, or the item it carries over. Issue 13 adds
    the draft an item discusses as one more nullable link here (``draft``) and lists it in
    ``links``; nothing else reads the links, so adding one touches only this class.
    """

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="items", verbose_name="نشست"
    )
    position = models.PositiveIntegerField("ردیف")
    title = models.CharField("عنوان", max_length=300)
    kind = models.CharField(
        "نوع", max_length=16, choices=AgendaItemKind.choices, default=AgendaItemKind.DISCUSSION
    )
    presenter_member = models.ForeignKey(
        CommitteeMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="شهر ارائه‌کننده",
    )
    presenter_name = models.CharField("ارائه‌کننده", max_length=160, blank=True)
    minutes_allotted = models.PositiveIntegerField("زمان (دقیقه)", null=True, blank=True)
    follows_resolution = models.ForeignKey(
        "Resolution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_up_items",
        verbose_name="پیگیری مصوبه",
    )
    earlier_session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="نشست پیشین",
    )
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name="ادامه بند",
    )
    draft = models.ForeignKey(
        "Draft",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name="پیش‌نویس",
    )
    discussion = models.TextField("خلاصه گفت‌وگو", blank=True)
    decision = models.TextField("تصمیم", blank=True)
    is_finished = models.BooleanField("بررسی تمام شد", default=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "بند دستور کار"
        verbose_name_plural = "بندهای دستور کار"
        ordering = ("session", "position")
        constraints = (
            models.UniqueConstraint(fields=["session", "position"], name="agenda_item_position"),
        )

    def __str__(self) -> str:
        return f"{persian.to_persian_digits(str(self.position))}. {self.title}"

    @property
    def links(self) -> list[models.Model]:
        """Rows the item points at, for pages that show "see also"."""
        found: list[models.Model | None] = [
            self.follows_resolution,
            self.earlier_session,
            self.carried_from,
            self.draft,
        ]
        return [row for row in found if row is not None]


class AttendanceAnswer(models.TextChoices):
    WILL_ATTEND = "will_attend", "شرکت می‌کند"
    DEPUTY = "deputy", "جانشین می‌فرستد"
    APOLOGISES = "apologises", "عذرخواهی کرده است"


class AttendanceHeld(models.TextChoices):
    PRESENT = "present", "حاضر"
    DEPUTY = "deputy", "جانشین"
    APOLOGISED = "apologised", "غایب با عذر"
    ABSENT = "absent", "غایب"


class Attendance(TimeStampedModel):
    """A member city at one session: its answer before, and how it attended as held."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendance", verbose_name="نشست"
    )
    member = models.ForeignKey(
        CommitteeMember, on_delete=models.CASCADE, related_name="attendance", verbose_name="شهر"
    )
    answer = models.CharField(
        "پاسخ به دعوت", max_length=12, choices=AttendanceAnswer.choices, blank=True
    )
    answer_names = models.CharField("نام شرکت‌کنندگان اعلام‌شده", max_length=300, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="پاسخ‌دهنده",
    )
    held = models.CharField("حضور", max_length=12, choices=AttendanceHeld.choices, blank=True)
    held_names = models.CharField("نام حاضران", max_length=300, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "حضور"
        verbose_name_plural = "حضور و غیاب"
        ordering = ("session", "member__name")
        constraints = (
            models.UniqueConstraint(fields=["session", "member"], name="attendance_once"),
        )

    def __str__(self) -> str:
        return f"{self.member} — {self.session}"


class InvitationMail(models.Model):
    """One invitation e-mail sent: the session, its SEQUENCE then, and the address.

    Written (claimed) just before the message leaves, so a session's job and the periodic
    sweep never mail one version of a session twice to one address; the sweep mails what an
    invited session's current version still owes (a job lost while the queue was down).
    """

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="invitation_mails", verbose_name="نشست"
    )
    sequence = models.PositiveIntegerField("نسخهٔ نشست (SEQUENCE)")
    address = models.EmailField("نشانی", max_length=254)
    sent_at = models.DateTimeField("زمان فرستادن", auto_now_add=True)

    class Meta:
        verbose_name = "رایانامهٔ دعوت"
        verbose_name_plural = "رایانامه‌های دعوت"
        constraints = (
            models.UniqueConstraint(
                fields=["session", "sequence", "address"], name="invitation_mail_once"
            ),
        )

    def __str__(self) -> str:
        return f"{self.session} — {self.address}"


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", "در انتظار پاسخ"
    ACCEPTED = "accepted", "پذیرفته شد"
    REJECTED = "rejected", "پذیرفته نشد"


class MinutesCorrection(TimeStampedModel):
    """A member city's proposed correction to one item of circulated minutes, and its answer."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="corrections", verbose_name="بند"
    )
    member = models.ForeignKey(
        CommitteeMember, on_delete=models.CASCADE, related_name="+", verbose_name="شهر"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="پیشنهاددهنده",
    )
    text = models.TextField("اصلاح پیشنهادی")
    status = models.CharField(
        "وضعیت", max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.PENDING
    )
    answer = models.TextField("پاسخ دبیرخانه", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="پاسخ‌دهنده",
    )
    answered_at = models.DateTimeField("زمان پاسخ", null=True, blank=True)

    class Meta:
        verbose_name = "اصلاحیه پیشنهادی"
        verbose_name_plural = "اصلاحیه‌های پیشنهادی"
        ordering = ("item", "created_at")

    def __str__(self) -> str:
        return f"{self.member} — {self.item}"


class Erratum(TimeStampedModel):
    """A change to approved minutes: recorded beside them, never written into them."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="errata", verbose_name="نشست"
    )
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="errata",
        verbose_name="بند",
    )
    text = models.TextField("متن اصلاحیه")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="ثبت‌کننده",
    )

    class Meta:
        verbose_name = "اصلاحیه"
        verbose_name_plural = "اصلاحیه‌ها"
        ordering = ("session", "created_at")

    def __str__(self) -> str:
        return f"اصلاحیه {self.session}"


class ResolutionStatus(models.TextChoices):
    OPEN = "open", "باز"
    IN_PROGRESS = "in_progress", "در حال انجام"
    DONE = "done", "انجام شد"
    DROPPED = "dropped", "کنار گذاشته شد"


OPEN_RESOLUTION_STATUSES = (ResolutionStatus.OPEN, ResolutionStatus.IN_PROGRESS)


class ResolutionQuerySet(models.QuerySet["Resolution"]):
    def public(self) -> ResolutionQuerySet:
        """Resolutions the committee marked for its public page."""
        return self.filter(is_public=True)

    def open(self) -> ResolutionQuerySet:
        return self.filter(status__in=OPEN_RESOLUTION_STATUSES)


class Resolution(TimeStampedModel):
    """A decision numbered «session/row» with who must carry it out and by when."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="resolutions", verbose_name="نشست"
    )
    row = models.PositiveIntegerField("ردیف")
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resolutions",
        verbose_name="بند",
    )
    text = models.TextField("متن مصوبه")
    responsible = models.ManyToManyField(
        CommitteeMember, blank=True, related_name="resolutions", verbose_name="شهرهای مسئول"
    )
    secretariat_responsible = models.BooleanField("بر عهده دبیرخانه", default=False)
    due_on = models.DateField("مهلت", null=True, blank=True)
    status = models.CharField(
        "وضعیت", max_length=12, choices=ResolutionStatus.choices, default=ResolutionStatus.OPEN
    )
    is_public = models.BooleanField("نمایش در صفحه عمومی", default=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        verbose_name = "مصوبه"
        verbose_name_plural = "مصوبات"
        ordering = ("-session__number", "row")
        constraints = (
            models.UniqueConstraint(fields=["session", "row"], name="resolution_row_once"),
            models.CheckConstraint(condition=Q(row__gte=1), name="resolution_row_positive"),
        )

    def __str__(self) -> str:
        return f"مصوبه {self.code}"

    @property
    def code(self) -> str:
        """«۳۱/۴»: the session's number, then the row (read right to left as «نشست/ردیف»)."""
        return persian.to_persian_digits(f"{self.session.number}/{self.row}")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_RESOLUTION_STATUSES


class FollowUp(TimeStampedModel):
    """A dated report on a resolution's progress."""

    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="follow_ups", verbose_name="مصوبه"
    )
    reported_on = models.DateField("تاریخ گزارش")
    member = models.ForeignKey(
        CommitteeMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="شهر گزارش‌دهنده",
    )
    text = models.TextField("گزارش")
    status_after = models.CharField(
        "وضعیت پس از گزارش", max_length=12, choices=ResolutionStatus.choices
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="ثبت‌کننده",
    )

    class Meta:
        verbose_name = "گزارش پیگیری"
        verbose_name_plural = "گزارش‌های پیگیری"
        ordering = ("resolution", "reported_on", "id")

    def __str__(self) -> str:
        return f"پیگیری {self.resolution}"
