"""The photo gate of progress photos: a public project's photo is served and cached, a hidden
project's (or a hidden city's) only to its city's staff, and nothing else under /media/progress/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.http import http_date

from jahesh.registry import progress
from jahesh.registry.media import PUBLIC_PHOTO_MAX_AGE_S
from jahesh.registry.models import Municipality, ProgressPhoto, Project, Role
from tests.config.test_deploy import render
from tests.registry.factories import ProjectFactory
from tests.registry.test_timeline import jpeg_with_gps

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


def photo_of(city: Municipality, editor: Any, **project_fields: Any) -> ProgressPhoto:
    project = ProjectFactory(municipality=city, physical_progress_pct=0, **project_fields)
    update = progress.progress_update_record(
        by=editor,
        project=project,
        reported_on=timezone.localdate() - dt.timedelta(days=3),
        physical_progress_pct=40,
        photos=[progress.PhotoUpload(jpeg_with_gps((640, 480)), "site.jpg", "نمای کارگاه")],
    )
    return update.photos.get()


@pytest.fixture
def editor_a(city_a: Municipality, member_of: Any) -> Any:
    return member_of(city_a, Role.EDITOR, username="editor-a")


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_a_public_projects_photo_and_thumbnail_are_served_cacheable(client, city_a, editor_a):
    photo = photo_of(city_a, editor_a)
    for field in (photo.image, photo.thumbnail):
        assert field.url.startswith("/media/progress/")
        answer = client.get(field.url)
        assert answer.status_code == 200
        assert body(answer) == default_storage.open(field.name).read()
        assert answer["Content-Type"] == "image/jpeg"
        assert answer["Cache-Control"] == f"public, max-age={PUBLIC_PHOTO_MAX_AGE_S}"
        assert answer["Last-Modified"] == http_date(int(photo.created_at.timestamp()))
        assert answer["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in answer["Content-Security-Policy"]
    # A browser that kept the photo asks again after max-age and is told it has not changed.
    again = client.get(photo.image.url, HTTP_IF_MODIFIED_SINCE=answer["Last-Modified"])
    assert again.status_code == 304
    assert again["Cache-Control"].startswith("public, max-age=")
    assert client.head(photo.image.url).status_code == 200
    assert client.post(photo.image.url).status_code == 405


def test_a_hidden_projects_photo_is_only_for_its_citys_staff(
    client, city_a, city_b, editor_a, member_of
):
    photo = photo_of(city_a, editor_a, is_public=False)
    url = photo.image.url
    assert client.get(url).status_code == 404
    assert client.get(photo.thumbnail.url).status_code == 404
    client.force_login(member_of(city_b, Role.ADMIN, "admin-of-another-city"))
    assert client.get(url).status_code == 404
    client.force_login(member_of(city_a, Role.VIEWER, "viewer-here"))
    seen = client.get(url)
    assert seen.status_code == 200
    assert seen["Cache-Control"] == "private, no-store"
    assert "Last-Modified" not in seen
    # Published again, the same address is everyone's.
    client.logout()
    Project.objects.filter(pk=photo.update.project_id).update(is_public=True)
    assert client.get(url).status_code == 200


def test_a_hidden_citys_photo_answers_404_even_for_a_public_project(client, city_a, editor_a):
    photo = photo_of(city_a, editor_a)
    assert client.get(photo.image.url).status_code == 200
    Municipality.objects.filter(pk=city_a.pk).update(is_public=False)
    assert client.get(photo.image.url).status_code == 404
    assert client.get(photo.thumbnail.url).status_code == 404


def test_a_file_with_no_row_a_missing_file_and_path_tricks_answer_404(
    client, city_a, city_b, editor_a, media
):
    photo = photo_of(city_a, editor_a)
    folder, name = photo.image.name.rsplit("/", 1)
    # On disk under the photo folder but never recorded: a guessed or left-over name.
    stray = default_storage.save(f"{folder}/stray.jpg", ContentFile(jpeg_with_gps((64, 64))))
    assert (media / stray).is_file()
    # Another app's file beside the progress folder.
    secret = default_storage.save("newsroom/photos/secret.jpg", ContentFile(b"secret"))
    other_city = f"progress/{city_b.pk}/{name}"
    for path in (
        stray,
        other_city,
        f"{folder}/../{folder.rsplit('/', 1)[1]}/{name}",
        f"{folder}//{name}",
        f"progress/../{secret}",
        f"progress/%2e%2e/{secret}",
        f"{photo.image.name}%00",
        "progress/",
        "progress/unknown.jpg",
    ):
        assert client.get(f"/media/{path}").status_code == 404, path
    # A row whose file went missing from storage is a 404, not a server error.
    default_storage.delete(photo.thumbnail.name)
    assert client.get(photo.thumbnail.url).status_code == 404
    assert client.get(photo.image.url).status_code == 200


def test_the_public_project_page_names_addresses_the_gate_serves(client, city_a, editor_a):
    photo = photo_of(city_a, editor_a)
    project = photo.update.project
    page = client.get(f"/{city_a.slug}/projects/{project.code}/", follow=True).content.decode()
    assert f'src="{photo.thumbnail.url}"' in page
    assert f'href="{photo.image.url}"' in page
    assert client.get(photo.thumbnail.url).status_code == 200


def test_nginx_sends_progress_photos_to_the_app_not_the_folder(tmp_path):
    site = render(tmp_path)
    start = site.index("location /media/progress/ {")
    block = site[start : site.index("}", start)]
    assert "proxy_pass http://jahesh_app;" in block
    assert "alias" not in block
    assert "proxy_cache " not in block
