"""`jahesh import progress`: progress updates from a spreadsheet, all or nothing."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from jahesh import persian
from jahesh.core.errors import PermissionDeniedError
from jahesh.registry import progress
from jahesh.registry.importing import ImportRejectedError
from jahesh.registry.importing.progress import progress_import
from jahesh.registry.models import ProgressUpdate, Role
from tests.registry.factories import ProjectFactory
from tests.registry.spreadsheets import csv_bytes, xlsx_bytes
from tests.registry.test_timeline import jpeg_with_gps

HEADER = ["کد پروژه", "تاریخ گزارش", "پیشرفت فیزیکی (درصد)", "یادداشت"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def editor(city_a, member_of):
    return member_of(city_a, Role.EDITOR, username="editor-a")


@pytest.fixture
def projects(city_a):
    return [
        ProjectFactory(municipality=city_a, code=code, physical_progress_pct=0)
        for code in ("P-1", "P-2")
    ]


def jalali(days_ago: int) -> str:
    year, month, day = persian.jalali_date(timezone.localdate() - dt.timedelta(days=days_ago))
    return persian.to_persian_digits(f"{year}/{month:02d}/{day:02d}")


def problems_of(error: ImportRejectedError) -> str:
    return "\n".join(p.message for p in error.problems)


def test_rows_become_updates_and_the_latest_sets_each_projects_progress(city_a, editor, projects):
    data = xlsx_bytes(
        [
            HEADER,
            ["P-1", jalali(60), "۳۰٪", ""],
            ["P-1", jalali(10), 55, "سقف زده شد"],
            ["P-2", jalali(5), "۱۲", ""],
        ]
    )
    result = progress_import(by=editor, municipality=city_a, data=data)
    assert (result.created, result.updated) == (3, 0)
    for project, pct in zip(projects, (55, 12), strict=True):
        project.refresh_from_db()
        assert project.physical_progress_pct == pct
    assert ProgressUpdate.objects.get(project=projects[0], physical_progress_pct=55).note == (
        "سقف زده شد"
    )


def test_importing_again_corrects_in_place_and_keeps_photos(city_a, editor, projects):
    update = progress.progress_update_record(
        by=editor,
        project=projects[0],
        reported_on=timezone.localdate() - dt.timedelta(days=3),
        physical_progress_pct=40,
        photos=[progress.PhotoUpload(jpeg_with_gps((64, 48)), "a.jpg", "نما")],
    )
    data = csv_bytes([HEADER, ["P-1", jalali(3), "45", ""]])
    result = progress_import(by=editor, municipality=city_a, data=data)
    assert (result.created, result.updated) == (0, 1)
    update.refresh_from_db()
    assert update.physical_progress_pct == 45
    assert update.photos.count() == 1
    again = progress_import(by=editor, municipality=city_a, data=data)
    assert again.updated == 1
    assert ProgressUpdate.objects.count() == 1


def test_bad_rows_are_all_named_and_nothing_is_written(city_a, editor, projects):
    data = csv_bytes(
        [
            HEADER,
            ["P-1", jalali(20), "60", ""],
            ["P-1", jalali(10), "40", ""],  # down with no note
            ["P-2", jalali(-3), "10", ""],  # in the future
            ["P-2", jalali(4), "120", ""],  # over 100
            ["NOPE", jalali(4), "10", ""],
            ["P-2", "۱۴۰۲/۱۳/۰۱", "10", ""],
            ["P-1", jalali(20), "61", ""],  # same project and day twice
        ]
    )
    with pytest.raises(ImportRejectedError) as caught:
        progress_import(by=editor, municipality=city_a, data=data)
    text = problems_of(caught.value)
    assert "ردیف ۳، ستون «یادداشت»: پیشرفت از ۶۰٪ به ۴۰٪ کم شده است" in text
    assert "ردیف ۴، ستون «تاریخ گزارش»: تاریخ" in text
    assert "در آینده است" in text
    assert "ردیف ۵، ستون «پیشرفت فیزیکی (درصد)»: درصد پیشرفت باید از ۰ تا ۱۰۰ باشد" in text
    assert "ردیف ۶، ستون «کد پروژه»: پروژه‌ای با کد «NOPE» در این شهر نیست" in text
    assert "ردیف ۷، ستون «تاریخ گزارش»" in text
    assert "ردیف ۸: گزارش همین پروژه در همین تاریخ در ردیف ۲ هم آمده است" in text
    assert "هیچ گزارش پیشرفتی ذخیره نشد" in caught.value.message
    assert not ProgressUpdate.objects.exists()
    for project in projects:
        project.refresh_from_db()
        assert project.physical_progress_pct == 0


def test_a_drop_against_a_stored_update_needs_a_note(city_a, editor, projects):
    progress.progress_update_record(
        by=editor,
        project=projects[0],
        reported_on=timezone.localdate() - dt.timedelta(days=30),
        physical_progress_pct=70,
    )
    with pytest.raises(ImportRejectedError) as caught:
        progress_import(
            by=editor, municipality=city_a, data=csv_bytes([HEADER, ["P-1", jalali(2), "50", ""]])
        )
    assert "از ۷۰٪ به ۵۰٪ کم شده است" in problems_of(caught.value)
    assert ProgressUpdate.objects.count() == 1


def test_another_citys_editor_is_refused(city_a, city_b, member_of, projects):
    stranger = member_of(city_b, Role.EDITOR, username="editor-b")
    with pytest.raises(PermissionDeniedError):
        progress_import(
            by=stranger,
            municipality=city_a,
            data=csv_bytes([HEADER, ["P-1", jalali(2), "50", ""]]),
        )


def test_the_command_imports_progress(city_a, projects, tmp_path):
    path = tmp_path / "progress.csv"
    path.write_bytes(csv_bytes([HEADER, ["P-1", jalali(2), "50", ""]]))
    out = io.StringIO()
    call_command("import", "progress", str(path), "--municipality", city_a.slug, stdout=out)
    assert "۱ گزارش پیشرفت تازه" in out.getvalue()
    path.write_bytes(csv_bytes([HEADER, ["P-1", jalali(2), "500", ""]]))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", "progress", str(path), "--municipality", city_a.slug, stderr=err)
    assert "درصد پیشرفت باید از ۰ تا ۱۰۰ باشد" in err.getvalue()
