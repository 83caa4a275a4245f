"""Files attached to agenda items, and the members' secret calendar feed addresses."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import Q

from jahesh.committee.models.body import Committee
from jahesh.committee.models.sessions import AgendaItem
from jahesh.core.models import TimeStampedModel


class AttachmentKind(models.TextChoices):
    """What a file is by its content; the value is the extension it is stored and served with."""

    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (DOCX)"
    XLSX = "xlsx", "Excel (XLSX)"
    ODT = "odt", "OpenDocument (ODT)"
    PNG = "png", "تصویر PNG"
    JPEG = "jpg", "تصویر JPEG"
    GIF = "gif", "تصویر GIF"
    WEBP = "webp", "تصویر WebP"


ATTACHMENT_MIME = {
    AttachmentKind.PDF: "application/pdf",
    AttachmentKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    AttachmentKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    AttachmentKind.ODT: "application/vnd.oasis.opendocument.text",
    AttachmentKind.PNG: "image/png",
    AttachmentKind.JPEG: "image/jpeg",
    AttachmentKind.GIF: "image/gif",
    AttachmentKind.WEBP: "image/webp",
}


def private_storage() -> Storage:
    return storages["private"]


def attachment_path(instance: AgendaAttachment, filename: str) -> str:
    """A random stored name: neither the uploader's file name nor a counter can be guessed."""
    return f"committee/attachments/{secrets.token_urlsafe(24)}.{instance.kind}"


class AgendaAttachment(TimeStampedModel):
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="attachments", verbose_name="بند"
    )
    file = models.FileField(
        "پرونده", upload_to=attachment_path, storage=private_storage, max_length=200
    )
    original_name = models.CharField("نام پرونده", max_length=200)
    kind = models.CharField("نوع", max_length=8, choices=AttachmentKind.choices)
    size_bytes = models.PositiveBigIntegerField("اندازه (بایت)")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="بارگذار",
    )

    class Meta:
        verbose_name = "پیوست"
        verbose_name_plural = "پیوست‌ها"
        ordering = ("item", "created_at", "id")

    def __str__(self) -> str:
        return self.original_name

    @property
    def content_type(self) -> str:
        return ATTACHMENT_MIME[AttachmentKind(self.kind)]


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(TimeStampedModel):
    """A person's secret address for the committee's sessions; revoked, it answers 404."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="calendar_feeds", verbose_name="کمیته"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="committee_calendar_feeds",
        verbose_name="کاربر",
    )
    token = models.CharField("نشانی رمزی", max_length=64, unique=True, default=new_feed_token)
    revoked_at = models.DateTimeField("زمان باطل شدن", null=True, blank=True)

    class Meta:
        verbose_name = "تقویم شخصی"
        verbose_name_plural = "تقویم‌های شخصی"
        constraints = (
            models.UniqueConstraint(
                fields=["committee", "user"],
                condition=Q(revoked_at__isnull=True),
                name="calendar_feed_one_live_per_person",
            ),
        )

    def __str__(self) -> str:
        return f"{self.user} — {self.committee}"
