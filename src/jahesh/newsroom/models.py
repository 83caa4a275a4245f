"""Articles of a city's newsroom, the channels they go out on, and each publication on each channel.

An article's code is per municipality, sequential and never reused: it comes from a counter row
(``ArticleCounter``) locked for the length of the transaction that takes the next number, so two
reporters saving at once never get the same code and a deleted article's code is never handed out
again. The permanent address of a published article is built from the city and the code; the slug
in it is decoration, so a corrected title never breaks a link.
"""

from __future__ import annotations

import datetime as dt
from typing import Self

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from jahesh.core.models import TimeStampedModel
from jahesh.leaps.models import Programme, Wave
from jahesh.registry.models import Ceremony, Municipality, MunicipalityQuerySet, Project

TITLE_MAX_LENGTH = 300
KICKER_MAX_LENGTH = 200
LEAD_MAX_LENGTH = 2_000
BODY_MAX_LENGTH = 60_000


class ArticleKind(models.TextChoices):
    NEWS = "news", "خبر"
    PRESS_RELEASE = "press_release", "اطلاعیه مطبوعاتی"
    WAVE_ANNOUNCEMENT = "wave_announcement", "پیش‌اعلام مرحله"
    WAVE_REPORT = "wave_report", "گزارش مرحله"
    PROGRAMME_REPORT = "programme_report", "گزارش کارنامه برنامه"
    SESSION_REPORT = "session_report", "گزارش نشست"
    STATEMENT = "statement", "بیانیه"
    AGENDA = "agenda", "دستور کار روزانه"


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "پیش‌نویس"
    IN_REVIEW = "in_review", "در انتظار بازبینی"
    APPROVED = "approved", "تأییدشده"
    SCHEDULED = "scheduled", "زمان‌بندی‌شده"
    PUBLISHED = "published", "منتشرشده"
    CORRECTED = "corrected", "منتشرشده با اصلاحیه"
    WITHDRAWN = "withdrawn", "بازپس‌گرفته"


# States in which the article is on the portal and in the feeds.
VISIBLE_STATUSES = (ArticleStatus.PUBLISHED, ArticleStatus.CORRECTED)


class ArticleCounter(models.Model):
    """The last article code handed out in one city; locked while the next one is taken."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name="شهرداری"
    )
    last_code = models.PositiveIntegerField("آخرین کد", default=0)

    class Meta:
        verbose_name = "شمارنده کد مطلب"
        verbose_name_plural = "شمارنده‌های کد مطلب"

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.last_code}"


class ArticleQuerySet(models.QuerySet["Article"]):
    """The one home of which articles a citizen may read: published (or corrected) once their
    publish time has come, in a city that shows itself (docs/adr/0003-what-is-public.md)."""

    @staticmethod
    def published_q(
        path: str = "", *, now: dt.datetime | None = None, city_checked: bool = False
    ) -> models.Q:
        """The rule on the article at ``path``; ``city_checked`` leaves out the city's half where
        the query is already held to one public city."""
        at = f"{path}__" if path else ""
        condition = models.Q(
            **{f"{at}status__in": VISIBLE_STATUSES, f"{at}published_at__lte": now or timezone.now()}
        )
        if not city_checked:
            condition &= MunicipalityQuerySet.public_q(f"{at}municipality")
        return condition

    def published(self, *, now: dt.datetime | None = None) -> Self:
        return self.filter(self.published_q(now=now))

    def published_in(self, city: Municipality, *, now: dt.datetime | None = None) -> Self:
        if not city.is_public:
            return self.none()
        return self.filter(self.published_q(now=now, city_checked=True), municipality=city)


class Article(TimeStampedModel):
    """One news item, press release, wave report or session report of a city's outlet."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="articles", verbose_name="شهرداری"
    )
    code = models.PositiveIntegerField("کد مطلب", editable=False)
    kind = models.CharField("گونه", max_length=20, choices=ArticleKind.choices)
    status = models.CharField(
        "وضعیت", max_length=12, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    slug = models.SlugField("نامک", max_length=200, allow_unicode=True)
    kicker = models.CharField("روتیتر", max_length=KICKER_MAX_LENGTH, blank=True)
    title = models.CharField("تیتر", max_length=TITLE_MAX_LENGTH)
    lead = models.TextField("لید", blank=True)
    body = models.TextField("متن", blank=True, help_text="متن ساده؛ هر بند در یک سطر.")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="گزارشگر",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="نویسنده",
        editable=False,
    )
    reporter_name = models.CharField(
        "نام گزارشگر در خبر", max_length=120, blank=True, help_text="خالی یعنی نام کاربر."
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name="برنامه",
    )
    waves = models.ManyToManyField(Wave, blank=True, related_name="articles", verbose_name="مراحل")
    projects = models.ManyToManyField(
        Project, blank=True, related_name="articles", verbose_name="پروژه‌ها"
    )
    ceremonies = models.ManyToManyField(
        Ceremony, blank=True, related_name="articles", verbose_name="آیین‌ها"
    )
    # The committee's Session model does not exist yet; this generic hook lets a session report
    # point at it once it does, without a migration of this app's history.
    session_type = models.ForeignKey(
        ContentType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="نوع نشست",
    )
    session_id = models.PositiveBigIntegerField("شناسه نشست", null=True, blank=True)
    session = GenericForeignKey("session_type", "session_id")

    submitted_at = models.DateTimeField("زمان فرستادن برای بازبینی", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="تأییدکننده",
    )
    approved_at = models.DateTimeField("زمان تأیید", null=True, blank=True)
    scheduled_for = models.DateTimeField("زمان انتشار برنامه‌ریزی‌شده", null=True, blank=True)
    published_at = models.DateTimeField("زمان انتشار", null=True, blank=True)
    corrected_at = models.DateTimeField("زمان اصلاحیه", null=True, blank=True)
    correction_note = models.TextField("متن اصلاحیه", blank=True)
    withdrawn_at = models.DateTimeField("زمان بازپس‌گیری", null=True, blank=True)
    withdrawal_reason = models.TextField("دلیل بازپس‌گیری", blank=True)
    review_note = models.TextField("یادداشت بازبینی", blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "مطلب"
        verbose_name_plural = "مطالب"
        ordering = ("municipality", "-code")
        constraints = (
            models.UniqueConstraint(
                fields=["municipality", "code"], name="article_code_unique_in_city"
            ),
        )
        indexes = (models.Index(fields=["municipality", "status", "-published_at"]),)

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"

    @property
    def is_visible(self) -> bool:
        return self.status in VISIBLE_STATUSES

    @property
    def is_corrected(self) -> bool:
        return self.corrected_at is not None

    @property
    def byline(self) -> str:
        if self.reporter_name:
            return self.reporter_name
        if self.reporter is None:
            return ""
        return self.reporter.get_full_name() or self.reporter.get_username()


class ArticlePhoto(TimeStampedModel):
    """A photo of an article with its caption; only JPEG, PNG, WebP and GIF files are kept."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="photos", verbose_name="مطلب"
    )
    file = models.FileField("پرونده", upload_to="newsroom/photos/%Y/%m/")
    content_type = models.CharField("نوع پرونده", max_length=40)
    caption = models.CharField("زیرنویس", max_length=300, blank=True)
    position = models.PositiveSmallIntegerField("ترتیب", default=0)

    class Meta:
        verbose_name = "عکس مطلب"
        verbose_name_plural = "عکس‌های مطلب"
        ordering = ("article", "position", "pk")

    def __str__(self) -> str:
        return self.caption or str(self.file.name)


class ChannelKind(models.TextChoices):
    PORTAL = "portal", "درگاه عمومی"
    FEED = "feed", "خوراک RSS و Atom"
    BOT = "bot", "بات پیام‌رسان (بله، تلگرام)"
    EMAIL = "email", "رایانامه"
    WEBHOOK = "webhook", "وب‌هوک امضاشده"


class Channel(TimeStampedModel):
    """One place a city's articles go out; its secret (token, signing key) is stored encrypted."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="channels", verbose_name="شهرداری"
    )
    kind = models.CharField("گونه", max_length=10, choices=ChannelKind.choices)
    name = models.CharField("نام", max_length=120)
    is_active = models.BooleanField("فعال", default=True)
    is_default = models.BooleanField(
        "انتشار مراحل به‌طور پیش‌فرض", default=True, help_text="در انتشار یک‌جای مرحله برگزیده است."
    )
    config = models.JSONField(
        "تنظیمات",
        default=dict,
        blank=True,
        help_text="بات: base_url و chat_id؛ رایانامه: recipients؛ وب‌هوک: url.",
    )
    secret_encrypted = models.TextField("راز رمزشده", blank=True, editable=False)
    secret_hint = models.CharField(
        "چهار نویسه پایانی راز", max_length=8, blank=True, editable=False
    )

    class Meta:
        verbose_name = "مجرای انتشار"
        verbose_name_plural = "مجراهای انتشار"
        ordering = ("municipality", "kind", "name")
        constraints = (
            models.UniqueConstraint(
                fields=["municipality", "name"], name="channel_name_unique_in_city"
            ),
        )

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def masked_secret(self) -> str:
        """The secret as staff may see it: never more than its last four characters."""
        if not self.secret_encrypted:
            return ""
        return f"••••{self.secret_hint}"


class Dispatch(TimeStampedModel):
    """Articles sent together at one moment (a wave's articles, or one article on its own)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name="شهرداری"
    )
    wave = models.ForeignKey(
        Wave,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dispatches",
        verbose_name="مرحله",
    )
    due_at = models.DateTimeField("زمان انتشار")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="به دست",
    )
    fired_at = models.DateTimeField("زمان آغاز ارسال", null=True, blank=True)
    cancelled_at = models.DateTimeField("زمان لغو", null=True, blank=True)

    class Meta:
        verbose_name = "نوبت انتشار"
        verbose_name_plural = "نوبت‌های انتشار"
        ordering = ("-due_at",)

    def __str__(self) -> str:
        return f"{self.pk} @ {self.due_at:%Y-%m-%d %H:%M}"


class PublicationState(models.TextChoices):
    PENDING = "pending", "در انتظار"
    SENDING = "sending", "در حال ارسال"
    SENT = "sent", "ارسال شد"
    FAILED = "failed", "ناموفق"
    UNCERTAIN = "uncertain", "نامعلوم (نیازمند بررسی)"
    CANCELLED = "cancelled", "لغوشده"


class Publication(TimeStampedModel):
    """One article on one channel at one time.

    ``idempotency_key`` is unique: scheduling twice finds the same row, and the key travels with
    every request so a receiver can drop a repeat. A worker takes a row with one conditional
    UPDATE (``pending``/due ``failed`` → ``sending``) right before the request goes out; only the
    worker whose UPDATE changed the row sends it. A row a dead worker left in ``sending`` may or
    may not have reached the channel: it is sent again only where the channel drops repeated keys
    (webhook, portal), and otherwise becomes ``uncertain`` for a person to decide.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name="شهرداری"
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="publications", verbose_name="مطلب"
    )
    channel = models.ForeignKey(
        Channel, on_delete=models.CASCADE, related_name="publications", verbose_name="مجرا"
    )
    dispatch = models.ForeignKey(
        Dispatch,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="publications",
        verbose_name="نوبت انتشار",
    )
    idempotency_key = models.CharField("کلید یکتایی", max_length=80, unique=True)
    due_at = models.DateTimeField("زمان انتشار")
    state = models.CharField(
        "وضعیت", max_length=10, choices=PublicationState.choices, default=PublicationState.PENDING
    )
    attempts = models.PositiveSmallIntegerField("شمار تلاش‌ها", default=0)
    next_attempt_at = models.DateTimeField("تلاش بعدی", null=True, blank=True)
    claimed_at = models.DateTimeField("زمان برداشتن", null=True, blank=True)
    claimed_by = models.CharField("برداشته به دست", max_length=120, blank=True)
    sent_at = models.DateTimeField("زمان ارسال", null=True, blank=True)
    external_id = models.CharField("شناسه در مقصد", max_length=120, blank=True)
    last_error = models.TextField("آخرین خطا", blank=True)

    class Meta:
        verbose_name = "انتشار"
        verbose_name_plural = "انتشارها"
        ordering = ("due_at", "pk")
        indexes = (
            models.Index(fields=["state", "next_attempt_at"]),
            models.Index(fields=["state", "due_at"]),
        )

    def __str__(self) -> str:
        return self.idempotency_key


class FactMeasure(models.TextChoices):
    PROJECT_COUNT = "project_count", "شمار پروژه‌ها"
    CREDIT_SUM = "credit_sum", "جمع اعتبار"
    DISTRICT_COUNT = "district_count", "شمار مناطق"
    WAVE_COUNT = "wave_count", "شمار مراحل"
    WAVE_ORDINAL = "wave_ordinal", "شماره مرحله"


class Fact(TimeStampedModel):
    """A figure printed in an article, what it counts or sums, and the rows behind it.

    ``definition`` can be evaluated again (the wave, the ceremony kinds, the rule that only
    public projects and happening ceremonies count); ``rows`` is the frozen snapshot of the rows
    and their values when the figure was written. ``current_*`` hold the last re-check;
    ``drifted_at`` is set while the printed words are no longer true.
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="facts", verbose_name="مطلب"
    )
    slot = models.CharField("جایگاه در متن", max_length=40)
    # The wave (a wave text) or the programme (a programme report) the figure is about, as
    # columns beside ``definition`` so a change to one wave re-checks only its facts.
    wave = models.ForeignKey(
        Wave,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="مرحله",
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="برنامه",
    )
    measure = models.CharField("سنجه", max_length=20, choices=FactMeasure.choices)
    definition = models.JSONField("تعریف", default=dict)
    rows = models.JSONField("ردیف‌ها در زمان نوشتن", default=list)
    exact_value = models.BigIntegerField("مقدار دقیق")
    printed = models.CharField("آنچه نوشته شد", max_length=200)
    credit_unit = models.CharField("واحد پول", max_length=8, default="toman")
    current_value = models.BigIntegerField("مقدار امروز", null=True, blank=True)
    current_printed = models.CharField("نوشته امروز", max_length=200, blank=True)
    checked_at = models.DateTimeField("زمان آخرین بازبینی", null=True, blank=True)
    drifted_at = models.DateTimeField("زمان کهنه شدن رقم", null=True, blank=True)

    class Meta:
        verbose_name = "رقم مطلب"
        verbose_name_plural = "ارقام مطالب"
        ordering = ("article", "pk")
        constraints = (
            models.UniqueConstraint(fields=["article", "slot"], name="fact_slot_unique"),
        )
        indexes = (models.Index(fields=["drifted_at"]),)

    def __str__(self) -> str:
        return f"{self.article_id}/{self.slot}: {self.printed}"

    @property
    def is_out_of_date(self) -> bool:
        return self.drifted_at is not None
