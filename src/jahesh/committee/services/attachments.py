"""Attaching files to agenda items and taking them off: every write of attachments."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from jahesh import persian
from jahesh.committee import permissions
from jahesh.committee.attachments import Executable, sniff
from jahesh.committee.errors import CommitteeNotFoundError, MinutesFrozenError
from jahesh.committee.models import AgendaAttachment, AgendaItem, CommitteeRoleKind
from jahesh.core import audit
from jahesh.core.errors import PermissionDeniedError, ValidationError, require

FIELD = "attachment"
ACCEPTED = "PDF، DOCX، XLSX، ODT یا تصویر (PNG، JPEG، GIF، WebP)"


class AttachmentRefusedError(ValidationError):
    def __init__(self, reason: str) -> None:
        super().__init__(f"پیوست: {reason}", field=FIELD)


def _megabytes(size: int) -> str:
    return persian.to_persian_digits(f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip("."))


def can_attach_to_item(user: Any, item: AgendaItem) -> bool:
    """The secretariat, or a representative of the city presenting the item."""
    committee = item.session.committee
    if permissions.can_manage_committee(user, committee):
        return True
    role = permissions.committee_role_of(user, committee)
    return (
        role is not None
        and role.kind == CommitteeRoleKind.MEMBER
        and item.presenter_member_id is not None
        and role.member_id == item.presenter_member_id
    )


def _clean_name(name: str) -> str:
    base = os.path.basename(name.replace("\\", "/"))
    base = persian.remove_bidi_overrides(base)
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return persian.normalize_for_publish(base)[:200] or "پیوست"


@transaction.atomic
def attachment_add(*, item: AgendaItem, by: Any, upload: UploadedFile[bytes]) -> AgendaAttachment:
    """Store a file on an agenda item after checking what it is by its bytes and its size."""
    committee = item.session.committee
    require(permissions.can_view_committee(by, committee), CommitteeNotFoundError())
    require(
        can_attach_to_item(by, item),
        PermissionDeniedError("پیوست: تنها دبیرخانه یا شهر ارائه‌کننده این بند پیوست می‌گذارد."),
    )
    if item.session.minutes_frozen:
        raise MinutesFrozenError()
    name = _clean_name(upload.name or "")
    limit = settings.COMMITTEE_ATTACHMENT_MAX_BYTES
    size = upload.size or 0
    if size == 0:
        raise AttachmentRefusedError(f"«{name}» خالی است.")
    if size > limit:
        raise AttachmentRefusedError(
            f"«{name}» {_megabytes(size)} مگابایت است و بیش از حد مجاز "
            f"{_megabytes(limit)} مگابایت؛ پرونده کوچک‌تری بفرستید."
        )
    if upload.file is None:
        raise AttachmentRefusedError(f"«{name}» خالی است.")
    try:
        kind = sniff(upload.file)
    except Executable:
        raise AttachmentRefusedError(
            f"«{name}» برنامه اجرایی است، نه سند؛ چنین پرونده‌ای، با هر پسوندی، پذیرفته نیست."
        ) from None
    if kind is None:
        raise AttachmentRefusedError(
            f"محتوای «{name}» هیچ‌یک از گونه‌های پذیرفته نیست؛ تنها {ACCEPTED} را می‌توان "
            "پیوست کرد (گونه پرونده از محتوای آن شناخته می‌شود، نه از پسوندش)."
        )
    attachment = AgendaAttachment(
        item=item, original_name=name, kind=kind, size_bytes=size, uploaded_by=by
    )
    attachment.file.save(name, upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    # Django has no hook for a rollback: should an outer transaction roll back after this, the
    # stored file stays without a row (harmless, unreachable by its random name).
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: AgendaAttachment, by: Any) -> None:
    item = attachment.item
    committee = item.session.committee
    require(permissions.can_view_committee(by, committee), CommitteeNotFoundError())
    require(
        can_attach_to_item(by, item),
        PermissionDeniedError("پیوست: تنها دبیرخانه یا شهر ارائه‌کننده این بند پیوست را برمی‌دارد."),
    )
    if item.session.minutes_frozen:
        raise MinutesFrozenError()
    stored = attachment.file.name or ""
    storage = attachment.file.storage
    audit.deletion_record(by=by, row=attachment)
    attachment.delete()
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: storage.delete(stored))
