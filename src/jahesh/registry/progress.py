"""Every write to a project's timeline: its milestones and its progress updates with photos.

The latest progress update (by its date) is the project's physical progress: recording one sets
``Project.physical_progress_pct`` through ``project_update``, so the change is in the project's
history like any other edit. Once a project has updates, a percentage typed anywhere else (the
staff API, the projects import) must agree with the latest of them: ``progress_typed_check`` is
that rule, and ``project_update`` and the importer call it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from jahesh import persian
from jahesh.core.errors import PermissionDeniedError, ValidationError, require
from jahesh.registry import permissions as perms
from jahesh.registry.models import (
    MilestoneKind,
    ProgressPhoto,
    ProgressUpdate,
    Project,
    ProjectMilestone,
)
from jahesh.registry.permissions import Actor
from jahesh.registry.photos import web_photo
from jahesh.registry.services import project_update
from jahesh.registry.validation import clean_choice, clean_date, clean_integer, clean_text

NOTE_MAX_CHARS = 500
ALT_TEXT_MAX_CHARS = 300
MAX_PHOTOS_PER_UPDATE = 10


@dataclass(frozen=True, slots=True)
class PhotoUpload:
    """An uploaded file as bytes, its name as the person sent it, and the alt text they wrote."""

    data: bytes
    name: str
    alt_text: str


def _fa(value: object) -> str:
    return persian.to_persian_digits(str(value))


def _not_in_future(day: dt.date, field: str, label: str, today: dt.date) -> None:
    if day > today:
        raise ValidationError(
            f"{label} ({persian.format_jalali(day)}) در آینده است؛ امروز "
            f"{persian.format_jalali(today)} است.",
            field=field,
        )


@transaction.atomic
def milestone_record(
    *, by: Actor, project: Project, kind: str, date: Any, title: str = ""
) -> ProjectMilestone:
    """Add a dated milestone to a project; a date after today is a planned one."""
    require(perms.can_change_project(by, project), PermissionDeniedError())
    kind = clean_choice(kind, MilestoneKind, "kind", "گونه گام")
    day = clean_date(date, "date", "تاریخ گام", required=True)
    assert day is not None
    title = clean_text(
        title, "title", "عنوان گام", max_length=200, required=kind == MilestoneKind.OTHER
    )
    milestone = ProjectMilestone(project=project, kind=kind, title=title, date=day)
    milestone.save()
    return milestone


@transaction.atomic
def milestone_delete(*, by: Actor, milestone: ProjectMilestone) -> None:
    require(perms.can_change_project(by, milestone.project), PermissionDeniedError())
    milestone.delete()


@transaction.atomic
def progress_update_record(
    *,
    by: Actor,
    project: Project,
    reported_on: Any,
    physical_progress_pct: Any,
    note: str = "",
    photos: Sequence[PhotoUpload] = (),
    today: dt.date | None = None,
) -> ProgressUpdate:
    """Record a project's physical progress on a day, with an optional note and photos.

    Refused with a Persian sentence, and nothing written: a percentage outside 0–100, a date in
    the future, less progress than the update before it without a note saying why, a photo with
    no alt text, or a file that is not a photo of a sane size. ``today`` (Tehran's by default)
    is the day the future starts after; the demo passes the day it is built for.
    """
    require(perms.can_change_project(by, project), PermissionDeniedError())
    pct = clean_integer(
        physical_progress_pct, "physical_progress_pct", "درصد پیشرفت فیزیکی", low=0, high=100
    )
    day = clean_date(reported_on, "reported_on", "تاریخ گزارش", required=True)
    assert day is not None
    _not_in_future(day, "reported_on", "تاریخ گزارش", today or timezone.localdate())
    note = clean_text(note, "note", "یادداشت", max_length=NOTE_MAX_CHARS, required=False)
    _require_reason_for_a_drop(project=project, day=day, pct=pct, note=note)
    if len(photos) > MAX_PHOTOS_PER_UPDATE:
        raise ValidationError(
            f"هر گزارش حداکثر {_fa(MAX_PHOTOS_PER_UPDATE)} عکس می‌پذیرد.", field="photos"
        )
    prepared = []
    for photo in photos:
        alt = clean_text(
            photo.alt_text,
            "alt_text",
            f"متن جایگزین عکس «{photo.name}»",
            max_length=ALT_TEXT_MAX_CHARS,
        )
        prepared.append((alt, web_photo(photo.data, name=photo.name)))
    update = ProgressUpdate.objects.create(
        project=project,
        reported_on=day,
        physical_progress_pct=pct,
        note=note,
        reported_by=by if by.is_authenticated else None,
    )
    saved: list[str] = []
    try:
        for alt, web in prepared:
            stem = f"progress/{project.municipality_id}/{uuid.uuid4().hex}"
            image = default_storage.save(f"{stem}.jpg", ContentFile(web.web_jpeg))
            saved.append(image)
            thumbnail = default_storage.save(f"{stem}-thumb.jpg", ContentFile(web.thumbnail_jpeg))
            saved.append(thumbnail)
            ProgressPhoto.objects.create(
                update=update,
                image=image,
                thumbnail=thumbnail,
                width_px=web.width_px,
                height_px=web.height_px,
                alt_text=alt,
            )
        _progress_follow_latest(by=by, project=project)
    except BaseException:
        for name in saved:
            default_storage.delete(name)
        raise
    return update


def progress_latest_by_project(project_ids: Iterable[int]) -> dict[int, ProgressUpdate]:
    """Return the latest progress update of each of the projects that has one, in one query."""
    latest: dict[int, ProgressUpdate] = {}
    updates = (
        ProgressUpdate.objects.filter(project_id__in=project_ids)
        .order_by("project_id", "-reported_on", "-pk")
        .only("project_id", "reported_on", "physical_progress_pct")
    )
    for update in updates:
        latest.setdefault(update.project_id, update)
    return latest


def progress_typed_check(*, typed_pct: int, latest: ProgressUpdate | None) -> None:
    """Refuse a typed percentage that differs from the project's latest progress update.

    A project without updates takes what is typed; one with updates takes only the latest
    update's own figure (so the same sheet or request again passes), since that update is its
    progress and a new figure is a new update on the timeline.
    """
    if latest is None or typed_pct == latest.physical_progress_pct:
        return
    raise ValidationError(
        f"این پروژه گزارش پیشرفت دارد و «پیشرفت فیزیکی» آن را آخرین گزارش "
        f"({_fa(latest.physical_progress_pct)}٪ در {persian.format_jalali(latest.reported_on)}) "
        f"تعیین می‌کند؛ {_fa(typed_pct)}٪ پذیرفته نیست. پیشرفت تازه را با گزارش پیشرفت در "
        "گاه‌شمار پروژه ثبت کنید.",
        field="physical_progress_pct",
    )


def _require_reason_for_a_drop(
    *, project: Project, day: dt.date, pct: int, note: str, exclude_pk: int | None = None
) -> None:
    earlier = ProgressUpdate.objects.filter(project=project, reported_on__lte=day)
    if exclude_pk is not None:
        earlier = earlier.exclude(pk=exclude_pk)
    before = earlier.order_by("-reported_on", "-pk").first()
    if before is not None and pct < before.physical_progress_pct and not note:
        raise ValidationError(
            f"پیشرفت از {_fa(before.physical_progress_pct)}٪ "
            f"({persian.format_jalali(before.reported_on)}) به {_fa(pct)}٪ کم شده است؛ "
            "دلیل آن را در یادداشت بنویسید.",
            field="note",
        )


@transaction.atomic
def progress_update_correct(
    *, by: Actor, update: ProgressUpdate, physical_progress_pct: Any, note: str = ""
) -> ProgressUpdate:
    """Change the percentage or the note of an update; its date and photos stay."""
    project = update.project
    require(perms.can_change_project(by, project), PermissionDeniedError())
    pct = clean_integer(
        physical_progress_pct, "physical_progress_pct", "درصد پیشرفت فیزیکی", low=0, high=100
    )
    note = clean_text(note, "note", "یادداشت", max_length=NOTE_MAX_CHARS, required=False)
    _require_reason_for_a_drop(
        project=project, day=update.reported_on, pct=pct, note=note, exclude_pk=update.pk
    )
    update.physical_progress_pct = pct
    update.note = note
    update.save(update_fields=["physical_progress_pct", "note", "updated_at"])
    _progress_follow_latest(by=by, project=project)
    return update


@transaction.atomic
def progress_update_delete(*, by: Actor, update: ProgressUpdate) -> None:
    """Remove an update and its photos; the project's progress follows the update now latest."""
    project = update.project
    require(perms.can_change_project(by, project), PermissionDeniedError())
    names = [str(n) for p in update.photos.all() for n in (p.image.name, p.thumbnail.name) if n]
    update.delete()
    _progress_follow_latest(by=by, project=project)
    transaction.on_commit(lambda: _files_delete(names))


def _files_delete(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _progress_follow_latest(*, by: Actor, project: Project) -> None:
    latest = ProgressUpdate.objects.filter(project=project).order_by("-reported_on", "-pk").first()
    if latest is not None and latest.physical_progress_pct != project.physical_progress_pct:
        project_update(by=by, project=project, physical_progress_pct=latest.physical_progress_pct)
