"""The staff page of a project's timeline: who may reach it, what it saves, what it refuses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jahesh import persian
from jahesh.registry.models import ProgressPhoto, ProgressUpdate, ProjectMilestone, Role
from tests.registry.factories import ProjectFactory
from tests.registry.test_timeline import jpeg_with_gps


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def project(city_a):
    return ProjectFactory(
        municipality=city_a, physical_progress_pct=0, code="P-100", title="بوستان ولایت"
    )


def url(project) -> str:
    return f"/staff/registry/{project.municipality.slug}/projects/{project.code}/timeline/"


def _numeric(day: dt.date) -> str:
    year, month, d = persian.jalali_date(day)
    return persian.to_persian_digits(f"{year}/{month:02d}/{d:02d}")


def progress_post(day: dt.date, pct: str, **extra) -> dict:
    return {
        "action": "progress",
        "progress-reported_on": _numeric(day),
        "progress-physical_progress_pct": pct,
        **extra,
    }


def test_an_editor_records_progress_with_a_photo(client, project, member_of):
    client.force_login(member_of(project.municipality, Role.EDITOR, username="ed"))
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    data = progress_post(yesterday, "۴۵٪", **{"progress-alt_1": "دیوار حائل"})
    data["progress-photo_1"] = SimpleUploadedFile("p.jpg", jpeg_with_gps((300, 200)), "image/jpeg")
    answer = client.post(url(project), data)
    assert answer.status_code == 302
    project.refresh_from_db()
    assert project.physical_progress_pct == 45
    assert ProgressPhoto.objects.get().alt_text == "دیوار حائل"
    page = client.get(url(project)).content.decode()
    assert "۴۵٪" in page


def test_an_editor_adds_a_milestone(client, project, member_of):
    client.force_login(member_of(project.municipality, Role.EDITOR, username="ed"))
    answer = client.post(
        url(project),
        {
            "action": "milestone",
            "milestone-kind": "approval",
            "milestone-date": _numeric(dt.date(2023, 3, 1)),
        },
    )
    assert answer.status_code == 302
    assert ProjectMilestone.objects.get().date == dt.date(2023, 3, 1)


def test_another_citys_staff_get_the_missing_citys_404(client, project, city_b, member_of):
    client.force_login(member_of(city_b, Role.ADMIN, username="admin-b"))
    assert client.get(url(project)).status_code == 404
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    answer = client.post(url(project), progress_post(yesterday, "50"))
    assert answer.status_code == 404
    assert "این شهرداری پیدا نشد." in answer.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_a_viewer_of_the_city_is_refused_with_403(client, project, member_of):
    client.force_login(member_of(project.municipality, Role.VIEWER, username="v"))
    assert client.get(url(project)).status_code == 403


def test_a_stranger_is_sent_to_sign_in(client, project):
    answer = client.get(url(project))
    assert answer.status_code == 302
    assert "login" in answer["Location"]


@pytest.mark.parametrize(
    ("pct", "message"),
    [
        ("۱۲۰", "درصد پیشرفت فیزیکی باید از ۰ تا ۱۰۰ باشد."),
        ("چهل", "درصد پیشرفت را با عدد بنویسید"),
    ],
)
def test_bad_progress_is_refused_in_persian_and_nothing_saved(
    client, project, member_of, pct, message
):
    client.force_login(member_of(project.municipality, Role.EDITOR, username="ed"))
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    answer = client.post(url(project), progress_post(yesterday, pct))
    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_a_future_date_and_a_non_image_are_refused(client, project, member_of, media):
    client.force_login(member_of(project.municipality, Role.EDITOR, username="ed"))
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    answer = client.post(url(project), progress_post(tomorrow, "10"))
    assert answer.status_code == 400
    assert "در آینده است" in answer.content.decode()
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    data = progress_post(yesterday, "10", **{"progress-alt_1": "نما"})
    data["progress-photo_1"] = SimpleUploadedFile("x.jpg", b"<html>not a photo</html>")
    answer = client.post(url(project), data)
    assert answer.status_code == 400
    assert "پرونده «x.jpg» عکس نیست" in answer.content.decode()
    assert not ProgressUpdate.objects.exists()
    assert not any(p.is_file() for p in media.rglob("*"))


def test_the_page_is_persian_throughout(client, project, member_of):
    from tests.config.persian_text import findings

    editor = member_of(project.municipality, Role.EDITOR, username="ed")
    client.force_login(editor)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    client.post(url(project), progress_post(yesterday, "۳۵", **{"progress-note": "پی‌ریزی"}))
    client.post(
        url(project),
        {
            "action": "milestone",
            "milestone-kind": "contract",
            "milestone-date": _numeric(yesterday),
        },
    )
    html = client.get(url(project)).content.decode()
    assert "۳۵٪" in html
    assert [str(f) for f in findings(html, frozenset({"ed"}))] == []


def test_the_projects_admin_page_links_to_its_timeline(client, project, django_user_model):
    admin_user = django_user_model.objects.create_superuser("root", "root@example.com", "x")
    client.force_login(admin_user)
    html = client.get(f"/admin/registry/project/{project.pk}/change/").content.decode()
    assert f'href="{url(project)}"' in html
