"""Staff newsroom pages: lists, the editor with its normalisation report, workflow, channels."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jahesh.newsroom import services
from jahesh.newsroom.models import Article, ArticleKind, ArticleStatus, Publication

pytestmark = pytest.mark.django_db


def article_of(staff, city, **fields):
    fields.setdefault("kind", ArticleKind.NEWS)
    fields.setdefault("title", "افتتاح بوستان")
    return services.article_create(by=staff.reporter, municipality=city, **fields)


def test_the_city_list_needs_a_role_in_that_city(client, city_a, city_b, staff, member_of):
    article_of(staff, city_a, title="خبر شهر الف")
    client.force_login(staff.reporter)
    page = client.get(reverse("newsroom:city", args=[city_a.slug]))
    assert page.status_code == 200
    assert "خبر شهر الف" in page.content.decode()
    # A stranger gets the very answer of a city that does not exist (docs/adr/0006).
    stranger = client.get(reverse("newsroom:city", args=[city_b.slug]))
    missing = client.get(reverse("newsroom:city", args=["no-such-city"]))
    assert (stranger.status_code, stranger.content) == (404, missing.content)


def test_signed_out_visitors_are_sent_to_sign_in(client, city_a):
    page = client.get(reverse("newsroom:city", args=[city_a.slug]))
    assert page.status_code == 302
    assert "login" in page["Location"]


def test_the_city_list_has_a_query_budget(client, city_a, staff, django_assert_max_num_queries):
    for i in range(15):
        article_of(staff, city_a, title=f"خبر {i}")
    client.force_login(staff.editor)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("newsroom:city", args=[city_a.slug]))
    assert page.status_code == 200


def test_the_editor_shows_what_normalisation_changed_and_what_it_only_suggests(
    client, city_a, staff
):
    article = article_of(staff, city_a)
    client.force_login(staff.reporter)
    url = reverse("newsroom:article", args=[city_a.slug, article.code])
    page = client.post(
        url,
        {
            "kind": "news",
            "title": "مدیرکل ارتباطات و امور بینالملل شهرداری شيراز",
            "body": "شهرداریها پیش نویس ساختار را دنبال میکنند.",
        },
    )
    html = page.content.decode()
    assert page.status_code == 200
    article.refresh_from_db()
    assert "بین‌الملل" in article.title
    assert "شیراز" in article.title
    assert "<del>بینالملل</del>" in html
    assert "<ins>بین‌الملل</ins>" in html
    assert "پیشنهادهایی که خودکار اعمال نشد" in html
    assert "پیش\u200cنویس" in html
    assert "پیش نویس" in article.body


def test_html_in_an_article_is_shown_escaped_never_run(client, city_a, staff):
    article = article_of(
        staff, city_a, body="متن <b>پررنگ</b> &lt;script&gt;alert(1)&lt;/script&gt; پایان"
    )
    services.article_submit(by=staff.reporter, article=article)
    services.article_approve(by=staff.editor, article=article)
    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.PUBLISHED)
    client.force_login(staff.reporter)
    html = client.get(reverse("newsroom:article", args=[city_a.slug, article.code])).content
    assert b"<script>alert(1)</script>" not in html
    assert b"<b>" not in html
    # A typed entity is the text typed, shown as typed: escaping it again on the page.
    assert b"&amp;lt;script&amp;gt;" in html


def test_a_long_body_is_refused_in_persian_and_the_typed_text_stays_in_the_form(
    client, city_a, staff
):
    client.force_login(staff.reporter)
    body = "ب" * 100_000
    page = client.post(
        reverse("newsroom:article_new", args=[city_a.slug]),
        {"kind": "news", "title": "تیتر", "body": body},
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "پذیرفته نمی‌شود" in html
    assert body in html
    assert not Article.objects.exists()


def test_self_approval_is_refused_with_a_visible_message(client, city_a, staff):
    article = services.article_create(
        by=staff.editor, municipality=city_a, kind="news", title="نوشته ویراستار"
    )
    client.force_login(staff.editor)
    page = client.post(
        reverse("newsroom:article_action", args=[city_a.slug, article.code, "approve"]),
        follow=True,
    )
    assert "نویسنده" in page.content.decode()
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT


def test_scheduling_in_the_past_shows_a_persian_error(client, city_a, staff):
    article = article_of(staff, city_a)
    services.article_submit(by=staff.reporter, article=article)
    services.article_approve(by=staff.editor, article=article)
    services.channel_create(by=staff.publisher, municipality=city_a, kind="portal", name="درگاه")
    client.force_login(staff.publisher)
    page = client.post(
        reverse("newsroom:article_action", args=[city_a.slug, article.code, "schedule"]),
        {"date": "1401/01/01", "time": "10:00"},
        follow=True,
    )
    assert "گذشته است" in page.content.decode()
    assert not Publication.objects.exists()


def test_wave_publish_page_schedules_the_wave(client, wave_scene, staff):
    city = wave_scene.city
    channel = services.channel_create(
        by=staff.publisher, municipality=city, kind="portal", name="درگاه"
    )
    article = article_of(staff, city, waves=[wave_scene.wave])
    services.article_submit(by=staff.reporter, article=article)
    services.article_approve(by=staff.editor, article=article)
    client.force_login(staff.publisher)
    url = reverse("newsroom:wave_publish", args=[city.slug, wave_scene.wave.pk])
    assert client.get(url).status_code == 200
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    page = client.post(
        url, {"date": tomorrow.isoformat(), "time": "10:30", "channel": [str(channel.pk)]}
    )
    assert page.status_code == 302
    row = Publication.objects.get()
    assert row.due_at.astimezone(dt.timezone(dt.timedelta(hours=3, minutes=30))).hour == 10
    client.force_login(staff.editor)
    assert client.get(url).status_code == 403


def test_channels_page_never_shows_a_secret_back(client, city_a, staff):
    token = "987654:very-secret-token-value"
    client.force_login(staff.publisher)
    url = reverse("newsroom:channels", args=[city_a.slug])
    page = client.post(
        url,
        {
            "kind": "bot",
            "name": "بات بله",
            "base_url": "https://tapi.bale.ai",
            "chat_id": "@news",
            "secret": token,
            "is_default": "on",
            "is_active": "on",
        },
        follow=True,
    )
    html = page.content.decode()
    assert "بات بله" in html
    assert token not in html
    assert "••••alue" in html
    client.force_login(staff.editor)
    assert client.get(url).status_code == 403


def test_failed_publications_are_listed_with_their_error(client, city_a, staff):
    article = article_of(staff, city_a)
    services.article_submit(by=staff.reporter, article=article)
    services.article_approve(by=staff.editor, article=article)
    channel = services.channel_create(
        by=staff.publisher,
        municipality=city_a,
        kind="webhook",
        name="وب‌هوک",
        config={"url": "https://example.org"},
    )
    now = timezone.now()
    [row] = services.article_schedule(
        by=staff.publisher, article=article, at=now, channels=[channel], now=now
    )
    services.publication_send(publication_id=row.pk)
    client.force_login(staff.publisher)
    html = client.get(reverse("newsroom:publications", args=[city_a.slug])).content.decode()
    assert "کلید امضای وب‌هوک وارد نشده است" in html
    assert "ارسال دوباره" in html
    assert "ناموفق</a> (۱)" in html
    city_page = client.get(reverse("newsroom:city", args=[city_a.slug])).content.decode()
    assert "ناموفق: ۱" in city_page


def test_composing_a_wave_report_makes_a_draft(client, wave_scene, staff):
    client.force_login(staff.reporter)
    page = client.post(
        reverse("newsroom:compose", args=[wave_scene.city.slug]),
        {"genre": "wave_report", "wave": wave_scene.wave.pk},
    )
    assert page.status_code == 302
    article = Article.objects.get()
    assert article.kind == "wave_report"
    assert article.status == ArticleStatus.DRAFT
    assert list(article.waves.all()) == [wave_scene.wave]
    assert "نهمین مرحله" in article.lead


def test_the_index_sends_a_one_city_member_to_their_city(client, city_a, staff):
    client.force_login(staff.reporter)
    page = client.get(reverse("newsroom:index"))
    assert page.status_code == 302
    assert page["Location"] == reverse("newsroom:city", args=[city_a.slug])


def test_admin_pages_render_and_keep_the_secret_hidden(client, city_a, staff, admin_user):
    token = "555:admin-page-secret-token"
    channel = services.channel_create(
        by=staff.publisher,
        municipality=city_a,
        kind="bot",
        name="بات",
        config={"chat_id": "@x"},
        secret=token,
    )
    article = article_of(staff, city_a)
    client.force_login(admin_user)
    for url in (
        reverse("admin:newsroom_channel_changelist"),
        reverse("admin:newsroom_channel_change", args=[channel.pk]),
        reverse("admin:newsroom_article_change", args=[article.pk]),
        reverse("admin:newsroom_article_history", args=[article.pk]),
        reverse("admin:newsroom_publication_changelist"),
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        assert token not in page.content.decode()


def test_editing_a_channel_keeps_its_secret_unless_a_new_one_is_given(client, city_a, staff):
    from jahesh.newsroom.credentials import decrypt_secret

    token = "111:first-secret-token-value"
    channel = services.channel_create(
        by=staff.publisher,
        municipality=city_a,
        kind="bot",
        name="بات",
        config={"chat_id": "@x"},
        secret=token,
    )
    client.force_login(staff.publisher)
    url = reverse("newsroom:channel_edit", args=[city_a.slug, channel.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert token not in page.content.decode()
    form = {"kind": "bot", "name": "بات تازه", "base_url": "https://tapi.bale.ai", "chat_id": "@y"}
    assert client.post(url, {**form, "is_active": "on"}).status_code == 302
    channel.refresh_from_db()
    assert (channel.name, channel.config["chat_id"]) == ("بات تازه", "@y")
    assert decrypt_secret(channel.secret_encrypted) == token
    assert not channel.is_default
    client.post(url, {**form, "secret": "222:second-secret-token", "is_active": "on"})
    channel.refresh_from_db()
    assert decrypt_secret(channel.secret_encrypted) == "222:second-secret-token"


def test_a_compose_request_without_a_genre_gets_a_persian_answer(client, city_a, staff):
    client.force_login(staff.reporter)
    page = client.post(reverse("newsroom:compose", args=[city_a.slug]), {"genre": "poem"})
    assert page.status_code == 400
    assert "برگزینید" in page.content.decode()
