"""The static export carries the progress photos its project pages show, and no other photo."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from jahesh.registry import progress
from jahesh.registry.models import ProgressPhoto, Project, Role
from tests.registry.test_timeline import jpeg_with_gps

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://example.org"
    return tmp_path / "media"


def photo_of(project: Project, editor: Any, alt: str) -> ProgressPhoto:
    update = progress.progress_update_record(
        by=editor,
        project=project,
        reported_on=timezone.localdate() - dt.timedelta(days=4),
        physical_progress_pct=50,
        photos=[progress.PhotoUpload(jpeg_with_gps((400, 300)), "site.jpg", alt)],
    )
    return update.photos.get()


def export(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    call_command("export_site", str(root), "--jobs", "1", stdout=StringIO())
    return root


def test_a_public_projects_photos_are_exported_where_its_page_names_them(
    tmp_path, wave_scene, member_of
):
    editor = member_of(wave_scene.city, Role.EDITOR, "editor-export")
    shown, hidden = wave_scene.projects[0], wave_scene.projects[1]
    photo = photo_of(shown, editor, "نمای ورودی")
    secret = photo_of(hidden, editor, "کارگاه پنهان")
    Project.objects.filter(pk=hidden.pk).update(is_public=False)

    root = export(tmp_path)
    page = next(root.glob(f"{wave_scene.city.slug}/projects/{shown.code}/*/index.html"))
    html = page.read_text()
    named = set(re.findall(r'(?:src|href)="(/media/progress/[^"]+)"', html))
    assert named == {photo.image.url, photo.thumbnail.url}
    for file in (photo.image, photo.thumbnail):
        exported = root / file.url.lstrip("/")
        assert exported.read_bytes() == default_storage.open(file.name).read()
    # The hidden project's page is not exported, and neither are its photos.
    assert not (root / secret.image.url.lstrip("/")).exists()
    assert not (root / secret.thumbnail.url.lstrip("/")).exists()
    assert sorted(p.name for p in root.glob("media/**/*") if p.is_file()) == sorted(
        Path(f.name).name for f in (photo.image, photo.thumbnail)
    )


def test_a_photo_lost_from_storage_does_not_stop_the_export(tmp_path, wave_scene, member_of):
    editor = member_of(wave_scene.city, Role.EDITOR, "editor-export")
    photo = photo_of(wave_scene.projects[0], editor, "نمای ورودی")
    default_storage.delete(photo.image.name)
    root = export(tmp_path)
    assert not (root / photo.image.url.lstrip("/")).exists()
    assert (root / photo.thumbnail.url.lstrip("/")).is_file()
