"""The newsroom admin writes through the newsroom's services and shows a city only its own rows."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from jahesh.newsroom import services
from jahesh.newsroom.models import Article, ArticleKind, ArticleStatus, Channel, ChannelKind
from jahesh.registry.models import Role

pytestmark = pytest.mark.django_db


def staff_client(client: Any, user: Any) -> Any:
    user.is_staff = True
    user.save()
    client.force_login(user)
    return client


def posted_form(client: Any, url: str, **changes: Any) -> dict[str, Any]:
    """The change page's own values (inline management forms too), with ``changes`` on top."""
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, list):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif isinstance(value, dict):
            data[name] = json.dumps(value)
        else:
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management.initial.get(name, 0)
    data.update(changes)
    return data


@pytest.mark.parametrize("who", ["publisher", "superuser"])
def test_a_channel_address_the_service_refuses_is_refused_in_persian_and_nothing_is_saved(
    client, city_a, staff, admin_user, who
):
    staff_client(client, admin_user if who == "superuser" else staff.publisher)
    response = client.post(
        reverse("admin:newsroom_channel_add"),
        {
            "municipality": city_a.pk,
            "kind": ChannelKind.WEBHOOK,
            "name": "وب‌هوک",
            "is_active": "on",
            "config": json.dumps({"url": "javascript:alert(1)"}),
            "new_secret": "",
        },
        follow=True,
    )

    assert response.status_code == 200
    assert "نشانی وب‌هوک باید نشانی کامل http یا https باشد." in response.content.decode()
    assert not Channel.objects.exists()


def test_a_channel_added_in_the_admin_keeps_its_secret_encrypted_and_shows_four_characters(
    client, city_a, staff
):
    staff_client(client, staff.publisher)
    response = client.post(
        reverse("admin:newsroom_channel_add"),
        {
            "municipality": city_a.pk,
            "kind": ChannelKind.BOT,
            "name": "  کانال   خبری  ",
            "is_active": "on",
            "config": json.dumps({"chat_id": "@news"}),
            "new_secret": "123456:secret-token",
        },
    )

    assert response.status_code == 302
    channel = Channel.objects.get()
    assert channel.name == "کانال خبری"  # normalised by channel_create
    assert channel.config["base_url"] == "https://api.telegram.org"
    assert "secret-token" not in channel.secret_encrypted
    assert channel.masked_secret == "••••oken"


@pytest.mark.parametrize("who", ["editor", "superuser"])
def test_an_articles_status_cannot_be_changed_in_the_admin_and_its_text_goes_through_the_service(
    client, city_a, staff, admin_user, who
):
    article = services.article_create(
        by=staff.reporter, municipality=city_a, kind=ArticleKind.NEWS, title="خبر"
    )
    services.article_submit(by=staff.reporter, article=article)
    services.article_approve(by=staff.editor, article=article)
    user = admin_user if who == "superuser" else staff.editor2
    staff_client(client, user)
    url = reverse("admin:newsroom_article_change", args=[article.pk])

    response = client.post(
        url, posted_form(client, url, title="خبر تازه", status=ArticleStatus.PUBLISHED)
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.title == "خبر تازه"
    # article_update sends an approved text that changed back to review, never to published.
    assert article.status == ArticleStatus.IN_REVIEW
    assert article.history.latest("history_date").history_user == user


def test_a_published_article_is_read_only_in_the_admin(client, city_a, staff):
    article = services.article_create(
        by=staff.reporter, municipality=city_a, kind=ArticleKind.NEWS, title="خبر"
    )
    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.PUBLISHED)
    staff_client(client, staff.editor)
    url = reverse("admin:newsroom_article_change", args=[article.pk])

    client.post(url, {"title": "دگرگون", "kind": ArticleKind.NEWS})

    article.refresh_from_db()
    assert article.title == "خبر"
    assert 'name="title"' not in client.get(url).content.decode()


def test_a_city_sees_only_its_own_articles_and_channels_in_the_admin(
    client, city_a, city_b, member_of
):
    services.channel_create(
        by=member_of(city_b, Role.PUBLISHER),
        municipality=city_b,
        kind=ChannelKind.PORTAL,
        name="درگاه پنهان ب",
    )
    services.article_create(
        by=member_of(city_b, Role.REPORTER),
        municipality=city_b,
        kind=ArticleKind.NEWS,
        title="پیش‌نویس پنهان ب",
    )
    staff_client(client, member_of(city_a, Role.PUBLISHER))

    channels = client.get(reverse("admin:newsroom_channel_changelist"))
    articles = client.get(reverse("admin:newsroom_article_changelist"))

    assert channels.status_code == articles.status_code == 200
    assert "درگاه پنهان ب" not in channels.content.decode()
    assert "پیش‌نویس پنهان ب" not in articles.content.decode()
    assert city_b.name not in channels.content.decode() + articles.content.decode()


def test_a_reporter_reads_articles_in_the_admin_but_cannot_add_or_see_channels(
    client, city_a, staff
):
    staff_client(client, staff.reporter)

    assert client.get(reverse("admin:newsroom_article_changelist")).status_code == 200
    assert client.get(reverse("admin:newsroom_article_add")).status_code == 403
    assert client.get(reverse("admin:newsroom_channel_changelist")).status_code == 403
