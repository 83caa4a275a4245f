"""Rows of the staff API: tokens, the answers remembered under idempotency keys, import jobs.

A token's secret is never stored: only its SHA-256 and a short prefix to find the row by
(docs/api.md, "Tokens"). Every token belongs to one city and acts there only.
"""

from __future__ import annotations

import datetime as dt
from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone

from jahesh.registry.models import Municipality


class TokenKind(models.TextChoices):
    PERSONAL = "personal", "شخصی"
    SERVICE = "service", "سامانه‌ای"


class TokenScope(models.TextChoices):
    READ = "read", "خواندن"
    WRITE = "write", "خواندن و نوشتن"


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self, at: dt.datetime) -> Self:
        """Tokens neither revoked nor expired at ``at``."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=at)


class ApiToken(models.Model):
    """A bearer token of one city. A personal token acts as the person who made it; a service
    token as a user of its own, an editor of the city made with it."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="api_tokens", verbose_name="شهرداری"
    )
    name = models.CharField("نام", max_length=120)
    kind = models.CharField("گونه", max_length=10, choices=TokenKind.choices)
    scope = models.CharField("دسترسی", max_length=10, choices=TokenScope.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name="به نام",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="سازنده",
    )
    prefix = models.CharField("پیشوند", max_length=16, unique=True)
    secret_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField("زمان ساخت", default=timezone.now)
    expires_at = models.DateTimeField("زمان انقضا")
    revoked_at = models.DateTimeField("زمان ابطال", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="باطل‌کننده",
    )
    last_used_at = models.DateTimeField("آخرین کاربرد", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "کلید API"
        verbose_name_plural = "کلیدهای API"
        ordering = ("municipality", "-created_at")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.WRITE


class ApiIdempotencyKey(models.Model):
    """The answer given to a successful POST under its ``Idempotency-Key``, per token."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    request_sha256 = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["token", "key"], name="api_idempotency_key_unique"),
        )

    def __str__(self) -> str:
        return self.key


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", "در صف"
    RUNNING = "running", "در حال اجرا"
    DONE = "done", "انجام شد"
    REJECTED = "rejected", "پذیرفته نشد"
    FAILED = "failed", "خطای سامانه"


class ApiImportJob(models.Model):
    """A projects file sent through the API, imported by the queue with the importer's rules."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name="شهرداری"
    )
    token = models.ForeignKey(
        ApiToken, on_delete=models.SET_NULL, null=True, related_name="import_jobs"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=200)
    # Kept until the job has run, then emptied: the projects are what remains.
    data = models.BinaryField(default=b"")
    dry_run = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED
    )
    summary = models.TextField(blank=True)
    result = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When a worker took the job: a job running past the deadline (imports.RUNNING_DEADLINE)
    # lost its worker and is marked failed (imports.stale_jobs_fail).
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"
