"""`jahesh backup` and `jahesh restore`: a round trip with rows of every app and a photo, and
restores that refuse a corrupt or mismatched backup without changing anything."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from jahesh.config import backups
from jahesh.config.backups import BackupError, backup_create, backup_restore
from jahesh.newsroom import services as newsroom
from jahesh.newsroom.models import Article, ArticleKind, ArticlePhoto
from jahesh.registry.models import Project, Role
from tests.committee.conftest import add_member, make_committee
from tests.leaps.factories import ProgrammeFactory, WaveFactory
from tests.registry.factories import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)

JPEG = b"\xff\xd8\xff\xe0" + bytes(range(200))
APPS = ("registry", "leaps", "newsroom", "committee")


@pytest.fixture
def roots(settings: Any, tmp_path: Path) -> dict[str, Path]:
    settings.MEDIA_ROOT = tmp_path / "live" / "media"
    settings.PRIVATE_ROOT = tmp_path / "live" / "private"
    return {"media": settings.MEDIA_ROOT, "private": settings.PRIVATE_ROOT}


@pytest.fixture
def world(city_a: Any, member_of: Any, roots: dict[str, Path], job_queue: Any) -> dict[str, Any]:
    reporter = member_of(city_a, Role.REPORTER, "reporter")
    project = ProjectFactory(municipality=city_a, title="بوستان نرگس")
    programme = ProgrammeFactory(municipality=city_a, slug="jahesh", name="جهش عمرانی")
    wave = WaveFactory(programme=programme, number=7)
    article = newsroom.article_create(
        by=reporter, municipality=city_a, kind=ArticleKind.NEWS, title="افتتاح بوستان نرگس"
    )
    photo = newsroom.article_photo_add(
        by=reporter, article=article, file=SimpleUploadedFile("x.jpg", JPEG)
    )
    committee = make_committee()
    add_member(committee, "shiraz", "شیراز", municipality=city_a)
    private_file = roots["private"] / "committee" / "minutes.pdf"
    private_file.parent.mkdir(parents=True)
    private_file.write_bytes(b"%PDF-1.7 minutes")
    return {
        "project": project,
        "wave": wave,
        "article": article,
        "photo_path": Path(photo.file.path),
        "private_file": private_file,
    }


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for name in APPS
        for model in apps.get_app_config(name).get_models()
    }


def test_a_backup_restores_every_app_and_the_photo(world, tmp_path):
    before = row_counts()
    assert all(
        before[label]
        for label in (
            "registry.Project",
            "leaps.Wave",
            "newsroom.Article",
            "newsroom.ArticlePhoto",
            "committee.Committee",
        )
    )
    backup_create(folder=tmp_path / "backup")
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    listed = {entry["path"] for entry in manifest["files"]}
    assert any(path.startswith("media/newsroom/photos/") for path in listed)
    assert "private/committee/minutes.pdf" in listed
    assert "newsroom.0001_initial" in manifest["migrations"]

    # Life goes on after the backup: an article deleted, its photo gone, a project added.
    Article.objects.all().delete()
    world["photo_path"].unlink()
    world["private_file"].write_bytes(b"changed")
    ProjectFactory(municipality=world["project"].municipality, title="پروژه‌ی پس از پشتیبان")

    out = io.StringIO()
    call_command("restore", str(tmp_path / "backup"), "--yes", stdout=out)
    assert "بازگردانی انجام شد" in out.getvalue()

    assert row_counts() == before
    assert Article.objects.get().title == "افتتاح بوستان نرگس"
    assert not Project.objects.filter(title="پروژه‌ی پس از پشتیبان").exists()
    assert world["photo_path"].read_bytes() == JPEG
    assert ArticlePhoto.objects.get().file.path == str(world["photo_path"])
    assert world["private_file"].read_bytes() == b"%PDF-1.7 minutes"


def corrupt_and_expect(tmp_path: Path, damage: Any, message: str) -> None:
    backup_create(folder=tmp_path / "backup")
    damage(tmp_path / "backup")
    Project.objects.update(title="پس از پشتیبان")
    with pytest.raises(BackupError, match=message):
        backup_restore(folder=tmp_path / "backup")
    # Nothing changed: the later edit is still there.
    assert set(Project.objects.values_list("title", flat=True)) == {"پس از پشتیبان"}


def test_a_damaged_photo_is_refused_before_anything_changes(world, tmp_path):
    def damage(folder: Path) -> None:
        photo = next((folder / "media").rglob("*.jpg"))
        photo.write_bytes(photo.read_bytes()[:-1] + b"!")

    corrupt_and_expect(tmp_path, damage, "با چکیده‌ی ثبت‌شده نمی‌خواند")
    assert world["photo_path"].read_bytes() == JPEG


def test_a_damaged_database_copy_is_refused(world, tmp_path):
    def damage(folder: Path) -> None:
        database = next(folder.glob("database.*"))
        data = bytearray(database.read_bytes())
        data[len(data) // 2] ^= 0xFF
        database.write_bytes(bytes(data))

    corrupt_and_expect(tmp_path, damage, "پشتیبان خراب است")


def test_a_missing_file_is_refused(world, tmp_path):
    corrupt_and_expect(
        tmp_path, lambda folder: (folder / "private/committee/minutes.pdf").unlink(), "گم شده است"
    )


def test_a_backup_of_the_other_database_engine_is_refused(world, tmp_path):
    def other_engine(folder: Path) -> None:
        manifest = json.loads((folder / "manifest.json").read_text())
        mine = manifest["database"]["engine"]
        manifest["database"]["engine"] = "sqlite" if mine == "postgresql" else "postgresql"
        (folder / "manifest.json").write_text(json.dumps(manifest))

    corrupt_and_expect(tmp_path, other_engine, "این پشتیبان از پایگاه داده‌ی")


def test_a_backup_from_a_newer_release_is_refused(world, tmp_path):
    def newer(folder: Path) -> None:
        manifest = json.loads((folder / "manifest.json").read_text())
        manifest["migrations"].append("newsroom.9999_from_the_future")
        (folder / "manifest.json").write_text(json.dumps(manifest))

    corrupt_and_expect(tmp_path, newer, "نسخه‌ی تازه‌تری از جهش")


def test_an_unreadable_manifest_is_refused(world, tmp_path):
    corrupt_and_expect(
        tmp_path,
        lambda folder: (folder / "manifest.json").write_text("{not json"),
        "خراب است و خوانده نمی‌شود",
    )


def test_a_failing_database_restore_leaves_the_files_as_they_were(world, tmp_path, monkeypatch):
    backup_create(folder=tmp_path / "backup")
    world["private_file"].write_bytes(b"newer minutes")

    def fail(*args: Any) -> None:
        raise BackupError("بازگردانی پایگاه داده انجام نشد: disk full")

    monkeypatch.setattr(backups, "_restore_sqlite", fail)
    monkeypatch.setattr(backups, "_restore_postgresql", fail)
    with pytest.raises(BackupError):
        backup_restore(folder=tmp_path / "backup")
    assert world["private_file"].read_bytes() == b"newer minutes"
    live = world["private_file"].parents[2]
    assert sorted(p.name for p in live.iterdir()) == ["media", "private"]


def test_a_backup_will_not_write_into_a_folder_in_use(world, tmp_path):
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "notes.txt").write_text("x")
    with pytest.raises(CommandError, match="خالی نیست"):
        call_command("backup", str(tmp_path / "backup"))


def test_a_folder_that_is_no_backup_is_refused_in_persian(world, tmp_path):
    with pytest.raises(CommandError, match="پشتیبان جهش نیست"):
        call_command("restore", str(tmp_path), "--check")
