"""Abstract bases shared by every app's rows."""

from __future__ import annotations

from typing import Any

from django.db import models
from django_otp.plugins.otp_totp.models import TOTPDevice


class TimeStampedModel(models.Model):
    """A row that knows when it was created and last changed (aware UTC datetimes)."""

    created_at = models.DateTimeField("زمان ایجاد", auto_now_add=True, editable=False)
    updated_at = models.DateTimeField("زمان آخرین تغییر", auto_now=True, editable=False)

    class Meta:
        abstract = True


# Security: the per-city two-factor policy and the audit log (docs/adr/0008-security-in-core.md).
# Both name a city by its id, not by a foreign key: core sits below the registry, and an audit
# event must outlive the city, person or row it tells of.


class CitySecurityPolicy(models.Model):
    """What a city asks of its staff's sign-in, switched by the city's admin."""

    city_id = models.PositiveBigIntegerField("شناسه شهرداری", unique=True)
    require_two_factor = models.BooleanField(
        "ورود دومرحله‌ای برای مدیران و ناشران الزامی است", default=False
    )
    changed_at = models.DateTimeField("زمان آخرین تغییر", auto_now=True)
    changed_by_username = models.CharField("تغییر به دست", max_length=150, blank=True)

    class Meta:
        verbose_name = "سیاست امنیتی شهرداری"
        verbose_name_plural = "سیاست‌های امنیتی شهرداری‌ها"

    def __str__(self) -> str:
        return f"سیاست امنیتی شهرداری {self.city_id}"


class AuditKind(models.TextChoices):
    SIGN_IN = "sign_in", "ورود"
    SIGN_IN_FAILED = "sign_in_failed", "ورود ناموفق"
    LOCKED_OUT = "locked_out", "قفل شدن ورود"
    UNLOCKED = "unlocked", "برداشتن قفل ورود"
    SIGN_OUT = "sign_out", "خروج"
    TWO_FACTOR_PASSED = "two_factor_passed", "گذر از مرحله دوم ورود"
    TWO_FACTOR_FAILED = "two_factor_failed", "کد نادرست مرحله دوم"
    TWO_FACTOR_ENROLLED = "two_factor_enrolled", "راه‌اندازی ورود دومرحله‌ای"
    TWO_FACTOR_RESET = "two_factor_reset", "بازنشانی ورود دومرحله‌ای"
    POLICY_CHANGED = "policy_changed", "تغییر سیاست امنیتی"
    ROLE_CHANGED = "role_changed", "تغییر نقش"
    PUBLISHED = "published", "انتشار"
    WITHDRAWN = "withdrawn", "بازپس‌گیری"
    DELETED = "deleted", "حذف"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """The log is append-only: bulk updates and deletes are refused like single ones."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("رویدادهای امنیتی ویرایش نمی‌شوند.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("رویدادهای امنیتی حذف نمی‌شوند.")


class AuditEvent(models.Model):
    """One thing that happened: who, what, to whom or what, when and from where.

    Names are copied at the moment (``actor_username``, ``target_label``): the person or row may
    be renamed or deleted later, and the log must still say what it was.
    """

    at = models.DateTimeField("زمان", db_index=True)
    kind = models.CharField("گونه", max_length=24, choices=AuditKind.choices)
    actor_id = models.PositiveBigIntegerField("شناسه کاربر", null=True, blank=True)
    actor_username = models.CharField("کاربر", max_length=150, blank=True, db_index=True)
    subject_username = models.CharField("درباره کاربر", max_length=150, blank=True)
    target_type = models.CharField("گونه ردیف", max_length=100, blank=True)
    target_id = models.CharField("شناسه ردیف", max_length=64, blank=True)
    target_label = models.CharField("ردیف", max_length=300, blank=True)
    summary = models.CharField("شرح", max_length=500)
    address = models.GenericIPAddressField("نشانی IP", null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "رویداد امنیتی"
        verbose_name_plural = "رویدادهای امنیتی"
        ordering = ("-at", "-pk")
        indexes = (models.Index(fields=["actor_id", "kind", "at"], name="audit_actor_kind_at"),)

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.summary}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("رویدادهای امنیتی ویرایش نمی‌شوند.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("رویدادهای امنیتی حذف نمی‌شوند.")


class AuditEventCity(models.Model):
    """A city whose admin sees the event: the city acted in, or each city the person served."""

    event = models.ForeignKey(
        AuditEvent, on_delete=models.CASCADE, related_name="cities", verbose_name="رویداد"
    )
    city_id = models.PositiveBigIntegerField("شناسه شهرداری")
    city_name = models.CharField("شهرداری", max_length=120)

    class Meta:
        verbose_name = "شهرداری رویداد"
        verbose_name_plural = "شهرداری‌های رویداد"
        indexes = (models.Index(fields=["city_id", "event"], name="audit_city_event"),)
        constraints = (
            models.UniqueConstraint(fields=["event", "city_id"], name="audit_event_city_once"),
        )

    def __str__(self) -> str:
        return self.city_name


class TwoFactorDevice(TOTPDevice):  # type: ignore[misc]
    """A person's authenticator as the admin lists it (django-otp's row, our words)."""

    class Meta:
        proxy = True
        verbose_name = "دستگاه ورود دومرحله‌ای"
        verbose_name_plural = "دستگاه‌های ورود دومرحله‌ای"
