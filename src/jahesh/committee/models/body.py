"""The committee as a body across cities: its member cities, its people's roles, and the
years a member city declined to host.

A committee is not a tenant: its rows reach the committee, never a city. A member city may be
a registry municipality (it runs Jahesh) or just a name and a slug (docs/adr/0004).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from jahesh.core.models import TimeStampedModel
from jahesh.registry.models import Municipality


class Committee(TimeStampedModel):
    """The assembly's communications committee (or any other body of member cities)."""

    slug = models.SlugField("نامک", max_length=80, unique=True, allow_unicode=True)
    name = models.CharField("نام", max_length=200)
    assembly_name = models.CharField("مجمع", max_length=200, blank=True)
    secretariat = models.ForeignKey(
        "CommitteeMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="شهر دبیرخانه",
    )
    is_illustrative = models.BooleanField("نمونه نمایشی", default=False)

    class Meta:
        verbose_name = "کمیته"
        verbose_name_plural = "کمیته‌ها"
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class CommitteeMember(TimeStampedModel):
    """A city's membership of the committee; the city need not run Jahesh."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="members", verbose_name="کمیته"
    )
    name = models.CharField("نام شهر", max_length=120)
    slug = models.SlugField("نامک", max_length=60, allow_unicode=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_memberships",
        verbose_name="شهرداری در جهش",
    )
    latitude = models.DecimalField(
        "عرض جغرافیایی", max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        "طول جغرافیایی", max_digits=9, decimal_places=6, null=True, blank=True
    )
    joined_on = models.DateField("تاریخ پیوستن", null=True, blank=True)
    left_on = models.DateField("تاریخ کناره‌گیری", null=True, blank=True)

    class Meta:
        verbose_name = "شهر عضو"
        verbose_name_plural = "شهرهای عضو"
        ordering = ("name",)
        constraints = (
            models.UniqueConstraint(fields=["committee", "slug"], name="committee_member_slug"),
            models.UniqueConstraint(
                fields=["committee", "municipality"],
                condition=Q(municipality__isnull=False),
                name="committee_member_one_per_municipality",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(joined_on__isnull=True)
                | Q(left_on__gte=F("joined_on")),
                name="committee_member_leaves_after_joining",
            ),
        )

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.left_on is None


class CommitteeRoleKind(models.TextChoices):
    CHAIR = "chair", "رئیس"
    SECRETARY = "secretary", "دبیر"
    MEMBER = "member", "نماینده شهر عضو"
    OBSERVER = "observer", "ناظر"


class CommitteeRole(TimeStampedModel):
    """A person's role in the committee, apart from any role they hold in a city."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="roles", verbose_name="کمیته"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="committee_roles",
        verbose_name="کاربر",
    )
    kind = models.CharField("نقش", max_length=12, choices=CommitteeRoleKind.choices)
    member = models.ForeignKey(
        CommitteeMember,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="representatives",
        verbose_name="شهر عضو",
        help_text="برای نماینده الزامی است؛ برای رئیس و دبیر، شهری که از آن آمده‌اند.",
    )
    is_voting = models.BooleanField("نماینده دارای رأی", default=False)

    class Meta:
        verbose_name = "نقش در کمیته"
        verbose_name_plural = "نقش‌ها در کمیته"
        constraints = (
            models.UniqueConstraint(fields=["committee", "user"], name="committee_role_one_each"),
            models.CheckConstraint(
                condition=~Q(kind="member") | Q(member__isnull=False),
                name="committee_role_member_has_city",
            ),
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(is_voting=True),
                name="committee_role_one_voting_per_city",
            ),
        )

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()}"


class HostDecline(TimeStampedModel):
    """A member city said it cannot host in a (Jalali) year; the turn passes it by that year."""

    member = models.ForeignKey(
        CommitteeMember, on_delete=models.CASCADE, related_name="declines", verbose_name="شهر"
    )
    jalali_year = models.PositiveIntegerField("سال")
    reason = models.CharField("دلیل", max_length=300, blank=True)

    class Meta:
        verbose_name = "عذر میزبانی"
        verbose_name_plural = "عذرهای میزبانی"
        constraints = (
            models.UniqueConstraint(fields=["member", "jalali_year"], name="host_decline_once"),
        )

    def __str__(self) -> str:
        return f"{self.member} — {self.jalali_year}"
