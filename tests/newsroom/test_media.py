"""Article photos: random stored names, a draft's photo only for its city, published ones cached."""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jahesh.newsroom import services
from jahesh.newsroom.models import Article, ArticleKind, ArticlePhoto, ArticleStatus
from jahesh.registry.models import Role

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 40
MIGRATION = "jahesh.newsroom.migrations.0002_photo_unguessable_names"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def draft_with_photo(staff: Any, city: Any) -> tuple[Article, ArticlePhoto]:
    article = services.article_create(
        by=staff.reporter, municipality=city, kind=ArticleKind.NEWS, title="افتتاح بوستان"
    )
    photo = services.article_photo_add(
        by=staff.reporter, article=article, file=SimpleUploadedFile("x.jpg", JPEG)
    )
    return article, photo


def publish(staff: Any, article: Article) -> None:
    services.channel_create(
        by=staff.publisher, municipality=article.municipality, kind="portal", name="درگاه"
    )
    services.article_submit(by=staff.reporter, article=article)
    services.article_approve(by=staff.editor, article=article)
    now = timezone.now()
    [row] = services.article_schedule(by=staff.publisher, article=article, at=now, now=now)
    services.dispatch_fire(dispatch_id=row.dispatch_id, now=now)


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_a_photo_is_stored_under_a_random_name_that_says_nothing_of_its_article(city_a, staff):
    article, first = draft_with_photo(staff, city_a)
    second = services.article_photo_add(
        by=staff.reporter, article=article, file=SimpleUploadedFile("y.jpg", JPEG)
    )
    for photo in (first, second):
        stem = photo.file.name.rsplit("/", 1)[1].removesuffix(".jpg")
        assert re.fullmatch(r"[A-Za-z0-9_-]{22}", stem), stem
        assert not stem.startswith(f"{article.code}-")
    assert first.file.name != second.file.name


def test_a_drafts_photo_is_hidden_from_everyone_but_its_citys_staff_until_published(
    client, city_a, city_b, staff, member_of
):
    article, photo = draft_with_photo(staff, city_a)
    url = photo.file.url
    assert url.startswith("/media/newsroom/photos/")
    assert client.get(url).status_code == 404
    client.force_login(member_of(city_b, Role.ADMIN, "other-city-admin"))
    assert client.get(url).status_code == 404
    client.force_login(member_of(city_a, Role.VIEWER, "viewer-here"))
    seen = client.get(url)
    assert seen.status_code == 200
    assert body(seen) == JPEG
    assert seen["Cache-Control"] == "private, no-store"

    client.logout()
    publish(staff, article)
    public = client.get(url)
    assert public.status_code == 200
    assert body(public) == JPEG
    assert public["Content-Type"] == "image/jpeg"
    assert public["Cache-Control"].startswith("public, max-age=")
    assert public["X-Content-Type-Options"] == "nosniff"


def test_a_withdrawn_or_private_citys_photo_is_hidden_again(client, city_a, staff):
    article, photo = draft_with_photo(staff, city_a)
    publish(staff, article)
    assert client.get(photo.file.url).status_code == 200
    type(city_a).objects.filter(pk=city_a.pk).update(is_public=False)
    assert client.get(photo.file.url).status_code == 404
    type(city_a).objects.filter(pk=city_a.pk).update(is_public=True)
    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.WITHDRAWN)
    assert client.get(photo.file.url).status_code == 404


def test_a_guessed_address_or_a_file_without_a_row_is_not_served(client, city_a, staff, media):
    article, _ = draft_with_photo(staff, city_a)
    publish(staff, article)
    stray = default_storage.save("newsroom/photos/2026/12/1-1.jpg", ContentFile(JPEG))
    assert (media / stray).exists()
    for path in (stray, "newsroom/photos/../photos/2026/12/1-1.jpg", "newsroom/%00", "newsroom/"):
        assert client.get(f"/media/{path}").status_code == 404, path


def test_the_old_guessable_address_of_a_draft_photo_answers_404(client, city_a, staff):
    article, photo = draft_with_photo(staff, city_a)
    folder = photo.file.name.rsplit("/", 1)[0]
    old_name = default_storage.save(f"{folder}/{article.code}-1.jpg", ContentFile(JPEG))
    ArticlePhoto.objects.filter(pk=photo.pk).update(file=old_name)
    assert client.get(f"/media/{old_name}").status_code == 404


def test_the_migration_gives_old_photos_random_names_and_removes_the_old_files(
    city_a, staff, media, django_capture_on_commit_callbacks
):
    article, photo = draft_with_photo(staff, city_a)
    folder = photo.file.name.rsplit("/", 1)[0]
    old_name = default_storage.save(f"{folder}/{article.code}-1.jpg", ContentFile(JPEG))
    ArticlePhoto.objects.filter(pk=photo.pk).update(file=old_name)
    kept = services.article_photo_add(
        by=staff.reporter, article=article, file=SimpleUploadedFile("z.jpg", JPEG)
    )
    migration = importlib.import_module(MIGRATION)
    with django_capture_on_commit_callbacks(execute=True):
        migration.rename_guessable_photos(apps, None)
    photo.refresh_from_db()
    assert photo.file.name != old_name
    assert photo.file.name.startswith(folder + "/")
    assert (media / photo.file.name).read_bytes() == JPEG
    assert not (media / old_name).exists()
    assert ArticlePhoto.objects.get(pk=kept.pk).file.name == kept.file.name
