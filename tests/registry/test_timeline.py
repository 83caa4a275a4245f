"""Project timelines: milestones and progress updates, their rules, photos without EXIF."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from jahesh.core.errors import PermissionDeniedError, ValidationError
from jahesh.registry import progress
from jahesh.registry.models import (
    MilestoneKind,
    ProgressPhoto,
    ProgressUpdate,
    ProjectMilestone,
    Role,
)
from jahesh.registry.photos import MAX_PHOTO_BYTES, WEB_LONG_SIDE_PX
from jahesh.registry.timeline import timeline_rows
from tests.registry.factories import ProjectFactory

GPS_IFD = 0x8825
MAKE = 0x010F


def jpeg_with_gps(size: tuple[int, int] = (2400, 1800)) -> bytes:
    """A real JPEG whose EXIF says where and with what it was taken."""
    image = Image.new("RGB", size, (180, 120, 60))
    exif = Image.Exif()
    exif[MAKE] = "SecretCam"
    exif[GPS_IFD] = {1: "N", 2: (29.0, 36.0, 30.0), 3: "E", 4: (52.0, 31.0, 12.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), comment=b"taken at home")
    return out.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def project(city_a):
    return ProjectFactory(municipality=city_a, physical_progress_pct=0)


@pytest.fixture
def editor(city_a, member_of):
    return member_of(city_a, Role.EDITOR, username="editor-a")


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_the_latest_update_sets_the_projects_progress_and_its_history(project, editor):
    progress.progress_update_record(
        by=editor, project=project, reported_on=days_ago(30), physical_progress_pct=40
    )
    progress.progress_update_record(
        by=editor, project=project, reported_on=days_ago(2), physical_progress_pct=55
    )
    project.refresh_from_db()
    assert project.physical_progress_pct == 55
    assert project.history.first().history_user == editor
    # An older report entered late does not move the project back.
    progress.progress_update_record(
        by=editor, project=project, reported_on=days_ago(10), physical_progress_pct=50
    )
    project.refresh_from_db()
    assert project.physical_progress_pct == 55


def test_deleting_the_latest_update_returns_the_progress_to_the_one_before(project, editor):
    progress.progress_update_record(
        by=editor, project=project, reported_on=days_ago(9), physical_progress_pct=30
    )
    latest = progress.progress_update_record(
        by=editor, project=project, reported_on=days_ago(1), physical_progress_pct=45
    )
    progress.progress_update_delete(by=editor, update=latest)
    project.refresh_from_db()
    assert project.physical_progress_pct == 30


def test_the_note_is_normalised_on_the_way_in(project, editor):
    update = progress.progress_update_record(
        by=editor,
        project=project,
        reported_on=days_ago(1),
        physical_progress_pct=10,
        note="  عمليات  خاكبرداري   آغاز شد ",
    )
    assert update.note == "عملیات خاک\u200cبرداری آغاز شد"


def test_a_photo_is_published_without_exif_and_in_web_sizes(project, editor, media):
    update = progress.progress_update_record(
        by=editor,
        project=project,
        reported_on=days_ago(1),
        physical_progress_pct=20,
        photos=[progress.PhotoUpload(jpeg_with_gps(), "site.jpg", "پی‌کنی ضلع شمالی")],
    )
    photo = update.photos.get()
    assert photo.alt_text == "پی‌کنی ضلع شمالی"
    for field in (photo.image, photo.thumbnail):
        with default_storage.open(field.name, "rb") as handle:
            data = handle.read()
        published = Image.open(io.BytesIO(data))
        assert published.format == "JPEG"
        assert not published.getexif()
        assert GPS_IFD not in published.getexif()
        assert "exif" not in published.info
        assert "comment" not in published.info
        for secret in (b"Exif", b"SecretCam", b"taken at home"):
            assert secret not in data
    assert max(photo.width_px, photo.height_px) == WEB_LONG_SIDE_PX
    thumb = Image.open(default_storage.open(photo.thumbnail.name, "rb"))
    assert max(thumb.size) == 480
    # Only the two clean copies are on disk: the original was never stored.
    assert len(stored_files(media)) == 2


def test_a_milestone_is_recorded_and_a_later_date_is_a_planned_one(project, editor):
    progress.milestone_record(
        by=editor, project=project, kind=MilestoneKind.APPROVAL, date=days_ago(400)
    )
    progress.milestone_record(
        by=editor,
        project=project,
        kind=MilestoneKind.OTHER,
        title="  نصب  سازه ",
        date=timezone.localdate() + dt.timedelta(days=60),
    )
    rows = timeline_rows(project=project)
    assert [m.label for m in rows.milestones] == ["تصویب", "نصب سازه"]


def test_another_type_of_milestone_needs_a_title(project, editor):
    with pytest.raises(ValidationError, match="عنوان گام را بنویسید"):
        progress.milestone_record(
            by=editor, project=project, kind=MilestoneKind.OTHER, date=days_ago(1)
        )
    assert not ProjectMilestone.objects.exists()


# Who may


def test_another_citys_editor_is_refused(project, city_b, member_of):
    stranger = member_of(city_b, Role.ADMIN, username="admin-b")
    with pytest.raises(PermissionDeniedError):
        progress.progress_update_record(
            by=stranger, project=project, reported_on=days_ago(1), physical_progress_pct=10
        )
    with pytest.raises(PermissionDeniedError):
        progress.milestone_record(
            by=stranger, project=project, kind=MilestoneKind.START, date=days_ago(1)
        )
    assert not ProgressUpdate.objects.exists()
    assert not ProjectMilestone.objects.exists()


def test_a_viewer_of_the_city_is_refused(project, city_a, member_of):
    viewer = member_of(city_a, Role.VIEWER, username="viewer-a")
    with pytest.raises(PermissionDeniedError):
        progress.progress_update_record(
            by=viewer, project=project, reported_on=days_ago(1), physical_progress_pct=10
        )


# Bad input: a Persian sentence, and nothing written (no row, no file, no progress change)


def assert_nothing_written(project, media: Path, pct_before: int) -> None:
    project.refresh_from_db()
    assert project.physical_progress_pct == pct_before
    assert not ProgressUpdate.objects.filter(project=project).exclude(pk__in=KEEP).exists()
    assert not ProgressPhoto.objects.exists()
    assert stored_files(media) == []


KEEP: list[int] = []


@pytest.mark.parametrize("pct", [101, -1, 250])
def test_progress_outside_0_to_100_is_refused(project, editor, media, pct):
    with pytest.raises(ValidationError, match="درصد پیشرفت فیزیکی باید از ۰ تا ۱۰۰ باشد"):
        progress.progress_update_record(
            by=editor, project=project, reported_on=days_ago(1), physical_progress_pct=pct
        )
    assert_nothing_written(project, media, 0)


def test_a_report_dated_in_the_future_is_refused(project, editor, media):
    with pytest.raises(ValidationError, match="در آینده است") as caught:
        progress.progress_update_record(
            by=editor,
            project=project,
            reported_on=timezone.localdate() + dt.timedelta(days=1),
            physical_progress_pct=10,
        )
    assert caught.value.field == "reported_on"
    assert_nothing_written(project, media, 0)


def test_going_backwards_needs_a_note(project, editor, media):
    first = progress.progress_update_record(
        by=editor, project=project, reported_on=days_ago(5), physical_progress_pct=60
    )
    with pytest.raises(ValidationError, match=r"از ۶۰٪ .* به ۴۰٪ کم شده است") as caught:
        progress.progress_update_record(
            by=editor,
            project=project,
            reported_on=days_ago(1),
            physical_progress_pct=40,
            photos=[progress.PhotoUpload(jpeg_with_gps((64, 48)), "a.jpg", "عکس")],
        )
    assert caught.value.field == "note"
    assert list(ProgressUpdate.objects.all()) == [first]
    project.refresh_from_db()
    assert project.physical_progress_pct == 60
    assert stored_files(media) == []
    # With a reason it is taken, and the project follows it down.
    progress.progress_update_record(
        by=editor,
        project=project,
        reported_on=days_ago(1),
        physical_progress_pct=40,
        note="بخشی از دیوار برای اصلاح تخریب شد",
    )
    project.refresh_from_db()
    assert project.physical_progress_pct == 40


def test_a_file_that_is_not_a_photo_is_refused(project, editor, media):
    with pytest.raises(ValidationError, match=r"پرونده «report\.pdf» عکس نیست"):
        progress.progress_update_record(
            by=editor,
            project=project,
            reported_on=days_ago(1),
            physical_progress_pct=10,
            photos=[progress.PhotoUpload(b"%PDF-1.7\n1 0 obj <<>>", "report.pdf", "گزارش")],
        )
    assert_nothing_written(project, media, 0)


def test_a_gif_is_not_taken_as_a_photo(project, editor, media):
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, format="GIF")
    with pytest.raises(ValidationError, match="عکس نیست"):
        progress.progress_update_record(
            by=editor,
            project=project,
            reported_on=days_ago(1),
            physical_progress_pct=10,
            photos=[progress.PhotoUpload(out.getvalue(), "anim.gif", "نما")],
        )
    assert_nothing_written(project, media, 0)


def test_a_photo_of_too_many_pixels_is_refused_before_decoding(project, editor, media):
    out = io.BytesIO()
    # 9,000 × 6,000 one-bit pixels: 54 million, yet a few kilobytes of PNG.
    Image.new("1", (9000, 6000)).save(out, format="PNG")
    with pytest.raises(ValidationError, match="بیش از ۴۰ میلیون پیکسل است"):
        progress.progress_update_record(
            by=editor,
            project=project,
            reported_on=days_ago(1),
            physical_progress_pct=10,
            photos=[progress.PhotoUpload(out.getvalue(), "huge.png", "نما")],
        )
    assert_nothing_written(project, media, 0)


def test_a_photo_file_too_large_is_refused(project, editor, media):
    with pytest.raises(ValidationError, match="بزرگ‌تر از ۱۵ مگابایت است"):
        progress.progress_update_record(
            by=editor,
            project=project,
            reported_on=days_ago(1),
            physical_progress_pct=10,
            photos=[progress.PhotoUpload(b"\xff" * (MAX_PHOTO_BYTES + 1), "big.jpg", "نما")],
        )
    assert_nothing_written(project, media, 0)


def test_a_photo_without_alt_text_is_refused(project, editor, media):
    with pytest.raises(ValidationError, match=r"متن جایگزین عکس «site\.jpg» را بنویسید"):
        progress.progress_update_record(
            by=editor,
            project=project,
            reported_on=days_ago(1),
            physical_progress_pct=10,
            photos=[progress.PhotoUpload(jpeg_with_gps((64, 48)), "site.jpg", "   ")],
        )
    assert_nothing_written(project, media, 0)


def test_a_failure_after_the_files_are_saved_leaves_no_file(project, editor, media, monkeypatch):
    def broken(**_kwargs):
        raise ValidationError("شکست ساختگی پس از ذخیره عکس")

    monkeypatch.setattr(progress, "_progress_follow_latest", broken)
    with pytest.raises(ValidationError):
        progress.progress_update_record(
            by=editor,
            project=project,
            reported_on=days_ago(1),
            physical_progress_pct=10,
            photos=[progress.PhotoUpload(jpeg_with_gps((64, 48)), "site.jpg", "نما")],
        )
    assert_nothing_written(project, media, 0)
