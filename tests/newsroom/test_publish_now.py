"""Publish now: the same dispatch, keys and simultaneity as a schedule, for this very moment."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jahesh.newsroom import services
from jahesh.newsroom.errors import ArticleStateError
from jahesh.newsroom.models import Article, ArticleKind, ArticleStatus, Dispatch, Publication

pytestmark = pytest.mark.django_db


def approved(staff, city, *, title: str, waves=()) -> Article:
    article = services.article_create(
        by=staff.reporter, municipality=city, kind=ArticleKind.NEWS, title=title, waves=list(waves)
    )
    services.article_submit(by=staff.reporter, article=article)
    return services.article_approve(by=staff.editor, article=article)


def portal(staff, city):
    return services.channel_create(
        by=staff.publisher, municipality=city, kind="portal", name="درگاه", is_default=True
    )


def test_publish_now_goes_out_through_one_dispatch_due_at_this_moment(client, city_a, staff):
    channel = portal(staff, city_a)
    article = approved(staff, city_a, title="افتتاح بوستان نرگس")
    client.force_login(staff.publisher)
    before = timezone.now()
    page = client.post(
        reverse("newsroom:article_action", args=[city_a.slug, article.code, "publish-now"]),
        follow=True,
    )
    assert "همین حالا" in page.content.decode()
    row = Publication.objects.get()
    assert row.channel == channel
    assert before - dt.timedelta(seconds=1) <= row.due_at <= timezone.now()
    assert row.idempotency_key.startswith(f"jahesh-{city_a.pk}-{article.code}-")
    assert row.dispatch is not None
    assert row.dispatch.due_at == row.due_at
    # The same firing as a scheduled dispatch makes it public at its moment.
    services.dispatch_fire(dispatch_id=row.dispatch_id, now=timezone.now())
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    assert article.published_at == row.due_at


def test_publishing_a_wave_now_puts_all_its_articles_out_together(client, wave_scene, staff):
    city = wave_scene.city
    channel = portal(staff, city)
    first = approved(staff, city, title="خبر نخست مرحله", waves=[wave_scene.wave])
    second = approved(staff, city, title="خبر دوم مرحله", waves=[wave_scene.wave])
    client.force_login(staff.publisher)
    url = reverse("newsroom:wave_publish", args=[city.slug, wave_scene.wave.pk])
    # No date or time typed: the now button needs none.
    page = client.post(url, {"now": "1", "channel": [str(channel.pk)]})
    assert page.status_code == 302
    rows = list(Publication.objects.all())
    assert {r.article_id for r in rows} == {first.pk, second.pk}
    assert len({r.dispatch_id for r in rows}) == 1
    assert len({r.due_at for r in rows}) == 1
    services.dispatch_fire(dispatch_id=rows[0].dispatch_id, now=timezone.now())
    published = Article.objects.filter(status=ArticleStatus.PUBLISHED)
    assert set(published.values_list("published_at", flat=True)) == {rows[0].due_at}


def test_a_draft_cannot_be_published_now(city_a, staff):
    portal(staff, city_a)
    draft = services.article_create(
        by=staff.reporter, municipality=city_a, kind=ArticleKind.NEWS, title="پیش‌نویس"
    )
    with pytest.raises(ArticleStateError):
        services.article_publish_now(by=staff.publisher, article=draft)
    assert not Dispatch.objects.exists()


def test_an_editor_without_the_publishing_role_cannot_publish_now(client, city_a, staff):
    portal(staff, city_a)
    article = approved(staff, city_a, title="افتتاح پل")
    client.force_login(staff.reporter)
    client.post(reverse("newsroom:article_action", args=[city_a.slug, article.code, "publish-now"]))
    assert not Publication.objects.exists()


def test_the_schedule_form_offers_the_jalali_picker_and_a_clock(client, city_a, staff):
    article = approved(staff, city_a, title="افتتاح کتابخانه")
    client.force_login(staff.publisher)
    html = client.get(reverse("newsroom:article", args=[city_a.slug, article.code])).content
    page = html.decode()
    assert "data-jalali-picker" in page
    assert "core/jalali-picker.js" in page
    assert 'type="time"' in page
    assert "انتشار فوری" in page
