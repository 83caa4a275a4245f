"""Every staff newsroom form answers oversized, non-finite and non-ASCII-digit input in Persian.

Nothing here may end in a server error (on PostgreSQL an over-long value is a DataError, on
SQLite it is silently kept), and nothing half-written stays behind.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from jahesh.core.errors import ValidationError
from jahesh.newsroom import services
from jahesh.newsroom.models import Article, ArticleKind, ArticleStatus, Channel, Publication

pytestmark = pytest.mark.django_db

HUGE = "الف" * 3_334  # 10,002 characters
PERSIAN = re.compile("[\u0600-\u06ff]{3}")
HOSTILE_NUMBERS = ["²", "١e400", "1e400", "-Infinity", "NaN", "9" * 5_000, "-1", "0x10"]
GIF = b"GIF89a" + b"\x00" * 32


def persian_error_in(page: Any) -> str:
    html = page.content.decode()
    assert page.status_code < 500
    found = re.findall(r'class="(?:errorlist[^"]*|error|message[^"]*)"[^>]*>(.*?)</', html, re.S)
    text = " ".join(found) or html
    assert PERSIAN.search(text), text[:500]
    return text


def draft(staff: Any, city: Any, **fields: Any) -> Article:
    fields.setdefault("kind", ArticleKind.NEWS)
    fields.setdefault("title", "افتتاح بوستان")
    return services.article_create(by=staff.reporter, municipality=city, **fields)


def published(staff: Any, city: Any) -> Article:
    article = draft(staff, city)
    services.article_submit(by=staff.reporter, article=article)
    services.article_approve(by=staff.editor, article=article)
    Article.objects.filter(pk=article.pk).update(
        status=ArticleStatus.PUBLISHED, published_at=timezone.now()
    )
    article.refresh_from_db()
    return article


def channel_form(**fields: Any) -> dict[str, Any]:
    return {"kind": "portal", "name": "درگاه", "is_default": "on", "is_active": "on", **fields}


def test_a_channel_name_longer_than_its_column_is_refused_in_persian(client, city_a, staff):
    client.force_login(staff.publisher)
    url = reverse("newsroom:channels", args=[city_a.slug])
    page = client.post(url, channel_form(name="ب" * 121))
    assert page.status_code == 400
    assert "۱۲۰" in persian_error_in(page)
    assert not Channel.objects.exists()
    assert client.post(url, channel_form(name="ب" * 120)).status_code == 302


def test_renaming_a_channel_to_a_name_in_use_is_refused_in_persian(client, city_a, staff):
    services.channel_create(by=staff.publisher, municipality=city_a, kind="portal", name="درگاه")
    other = services.channel_create(
        by=staff.publisher, municipality=city_a, kind="feed", name="خوراک"
    )
    client.force_login(staff.publisher)
    url = reverse("newsroom:channel_edit", args=[city_a.slug, other.pk])
    page = client.post(url, channel_form(kind="feed", name="درگاه"))
    assert page.status_code == 400
    assert "این نام" in persian_error_in(page)
    other.refresh_from_db()
    assert other.name == "خوراک"
    page = client.post(url, channel_form(kind="feed", name="ب" * 10_000))
    assert page.status_code == 400
    other.refresh_from_db()
    assert other.name == "خوراک"
    # Saving a channel under its own name is no clash.
    assert client.post(url, channel_form(kind="feed", name="خوراک")).status_code == 302


def test_the_services_bound_channel_names_for_every_caller(city_a, staff):
    with pytest.raises(ValidationError):
        services.channel_create(
            by=staff.publisher, municipality=city_a, kind="portal", name="ب" * 121
        )
    channel = services.channel_create(
        by=staff.publisher, municipality=city_a, kind="portal", name="درگاه"
    )
    services.channel_create(by=staff.publisher, municipality=city_a, kind="feed", name="خوراک")
    with pytest.raises(ValidationError):
        services.channel_update(by=staff.publisher, channel=channel, name="خوراک")


@pytest.mark.parametrize("value", HOSTILE_NUMBERS)
def test_a_wave_published_on_a_channel_id_that_is_no_number_gets_a_persian_message(
    client, wave_scene, staff, value
):
    city = wave_scene.city
    channel = services.channel_create(
        by=staff.publisher, municipality=city, kind="portal", name="درگاه"
    )
    article = draft(staff, city, waves=[wave_scene.wave])
    services.article_submit(by=staff.reporter, article=article)
    services.article_approve(by=staff.editor, article=article)
    client.force_login(staff.publisher)
    url = reverse("newsroom:wave_publish", args=[city.slug, wave_scene.wave.pk])
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    page = client.post(url, {"date": tomorrow, "time": "10:30", "channel": [value]})
    assert page.status_code == 400
    assert "مجرای برگزیده" in persian_error_in(page)
    page = client.post(
        url, {"date": tomorrow, "time": "10:30", "channel": [str(channel.pk), value]}
    )
    assert page.status_code == 400
    assert not Publication.objects.exists()


def test_a_channel_id_in_persian_digits_is_read(client, wave_scene, staff):
    city = wave_scene.city
    channel = services.channel_create(
        by=staff.publisher, municipality=city, kind="portal", name="درگاه"
    )
    article = draft(staff, city, waves=[wave_scene.wave])
    services.article_submit(by=staff.reporter, article=article)
    services.article_approve(by=staff.editor, article=article)
    client.force_login(staff.publisher)
    url = reverse("newsroom:wave_publish", args=[city.slug, wave_scene.wave.pk])
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    persian_id = str(channel.pk).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    page = client.post(url, {"date": tomorrow, "time": "10:30", "channel": [persian_id]})
    assert page.status_code == 302
    assert Publication.objects.get().channel == channel


@pytest.mark.parametrize("field", ["title", "kicker", "lead", "body", "reporter_name"])
def test_a_ten_thousand_character_article_field_is_refused_in_persian(client, city_a, staff, field):
    client.force_login(staff.reporter)
    fields = {"kind": "news", "title": "تیتر", field: HUGE * (7 if field == "body" else 1)}
    page = client.post(reverse("newsroom:article_new", args=[city_a.slug]), fields)
    assert page.status_code < 500
    assert "نویسه" in persian_error_in(page)
    assert not Article.objects.exists()


@pytest.mark.parametrize("action", ["return", "withdraw", "correct"])
def test_a_ten_thousand_character_reason_is_refused_in_persian(client, city_a, staff, action):
    article = published(staff, city_a) if action != "return" else draft(staff, city_a)
    if action == "return":
        services.article_submit(by=staff.reporter, article=article)
    before = Article.objects.values().get(pk=article.pk)
    client.force_login(staff.editor if action != "withdraw" else staff.publisher)
    url = reverse("newsroom:article_action", args=[city_a.slug, article.code, action])
    page = client.post(url, {"note": HUGE, "title": "تیتر تازه"}, follow=True)
    assert page.status_code == 200
    assert "نویسه" in persian_error_in(page)
    after = Article.objects.values().get(pk=article.pk)
    assert {k: v for k, v in after.items() if k != "updated_at"} == {
        k: v for k, v in before.items() if k != "updated_at"
    }


def test_a_ten_thousand_character_caption_is_refused_and_no_photo_is_kept(client, city_a, staff):
    article = draft(staff, city_a)
    client.force_login(staff.reporter)
    url = reverse("newsroom:article_action", args=[city_a.slug, article.code, "photo"])
    photo = SimpleUploadedFile("a.gif", GIF, content_type="image/gif")
    page = client.post(url, {"photo": photo, "caption": HUGE}, follow=True)
    assert "نویسه" in persian_error_in(page)
    assert not article.photos.exists()


@pytest.mark.parametrize("value", HOSTILE_NUMBERS)
def test_composing_from_a_wave_or_programme_that_is_no_number_gets_a_persian_message(
    client, city_a, staff, value
):
    client.force_login(staff.editor)
    url = reverse("newsroom:compose", args=[city_a.slug])
    for genre, field in (("wave_report", "wave"), ("programme_report", "programme")):
        page = client.post(url, {"genre": genre, field: value}, follow=True)
        persian_error_in(page)
    assert not Article.objects.exists()


@pytest.mark.parametrize("value", ["9" * 30, "9" * 5_000])
def test_an_article_code_beyond_any_column_is_not_found(client, city_a, staff, value):
    client.force_login(staff.reporter)
    page = client.get(f"/staff/newsroom/{city_a.slug}/articles/{value}/")
    assert page.status_code == 404
