"""RSS and Atom feeds per city and per programme: only published articles, escaped, linked."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from urllib.parse import unquote

import pytest
from django.test import RequestFactory
from django.utils import timezone

from jahesh.newsroom import feeds, services
from jahesh.newsroom.models import ArticleKind

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def publish(staff, city, title, *, waves=(), at=None):
    article = services.article_create(
        by=staff.reporter,
        municipality=city,
        kind=ArticleKind.NEWS,
        title=title,
        lead="لید <b>پررنگ</b> & دیگر",
        waves=waves,
    )
    services.article_submit(by=staff.reporter, article=article)
    services.article_approve(by=staff.editor, article=article)
    at = at or timezone.now()
    [row] = services.article_schedule(by=staff.publisher, article=article, at=at, now=at)
    services.dispatch_fire(dispatch_id=row.dispatch_id, now=at)
    return article


@pytest.fixture
def portal(city_a, staff):
    return services.channel_create(
        by=staff.publisher, municipality=city_a, kind="portal", name="درگاه"
    )


def render(feed, **kwargs):
    request = RequestFactory().get("/feed/")
    response = feed(request, **kwargs)
    assert response.status_code == 200
    return ET.fromstring(response.content)


def test_city_rss_lists_published_articles_only(city_a, staff, portal):
    published = publish(staff, city_a, "خبر منتشرشده")
    services.article_create(by=staff.reporter, municipality=city_a, kind="news", title="پیش‌نویس")
    root = render(feeds.MunicipalityRssFeed(), city=city_a.slug)
    items = root.findall("./channel/item")
    assert [i.findtext("title") for i in items] == ["خبر منتشرشده"]
    link = unquote(items[0].findtext("link"))
    assert link.endswith(f"/{city_a.slug}/news/{published.code}/{published.slug}/")
    # The description is HTML to a reader: the lead's "&" reaches it escaped.
    assert items[0].findtext("description") == "لید پررنگ &amp; دیگر"


def test_programme_atom_has_only_that_programmes_articles(wave_scene, staff):
    services.channel_create(
        by=staff.publisher, municipality=wave_scene.city, kind="portal", name="درگاه"
    )
    publish(staff, wave_scene.city, "گزارش مرحله", waves=[wave_scene.wave])
    publish(staff, wave_scene.city, "خبر دیگر")
    root = render(
        feeds.ProgrammeAtomFeed(), city=wave_scene.city.slug, programme=wave_scene.programme.slug
    )
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert titles == ["گزارش مرحله"]


def test_a_corrected_article_says_so_in_the_feed(city_a, staff, portal):
    article = publish(staff, city_a, "خبر")
    services.article_correct(by=staff.editor, article=article, note="اصلاح رقم")
    root = render(feeds.MunicipalityAtomFeed(), city=city_a.slug)
    assert root.find(f"{ATOM}entry").findtext(f"{ATOM}title") == "اصلاحیه: خبر"


def test_a_scheduled_article_enters_the_feed_when_the_portal_shows_it_dated_at_its_moment(
    city_a, staff, portal
):
    # ADR 0003: the feed and the portal read one rule, so a late worker delays both alike.
    from jahesh.newsroom import selectors

    article = services.article_create(
        by=staff.reporter, municipality=city_a, kind="news", title="به‌موقع"
    )
    services.article_submit(by=staff.reporter, article=article)
    services.article_approve(by=staff.editor, article=article)
    soon = timezone.now() + dt.timedelta(minutes=5)
    [row] = services.article_schedule(by=staff.publisher, article=article, at=soon)
    assert render(feeds.MunicipalityRssFeed(), city=city_a.slug).findall("./channel/item") == []
    later = soon + dt.timedelta(minutes=1)
    assert list(selectors.public_article_list(municipality=city_a, now=later)) == []

    services.dispatch_fire(dispatch_id=row.dispatch_id, now=later)
    assert list(selectors.public_article_list(municipality=city_a, now=later)) == [article]
    article.refresh_from_db()
    assert article.published_at == soon


def test_a_private_city_has_no_feed(city_a, staff, portal):
    from django.http import Http404

    city_a.is_public = False
    city_a.save()
    with pytest.raises(Http404):
        feeds.MunicipalityRssFeed()(RequestFactory().get("/"), city=city_a.slug)
