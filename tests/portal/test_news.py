"""News on the portal: lists, the article page in the shape readers know, short links, search."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jahesh import persian
from jahesh.newsroom.models import ArticleStatus
from jahesh.portal import news, search
from tests.portal.conftest import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(wave_scene):
    return make_article(
        wave_scene.city,
        "افتتاح بوستان‌های محله در مرحله نخست",
        waves=[wave_scene.wave],
        projects=[wave_scene.projects[0]],
        published_at=dt.datetime(2024, 3, 10, 8, 30, tzinfo=dt.UTC),
    )


def article_url(article):
    return news.article_url(article.municipality.slug, article.code, article.slug)


def test_article_page_has_kicker_title_lead_reporter_jalali_time_code_and_short_link(client, story):
    response = client.get(article_url(story))
    html = response.content.decode()
    assert response.status_code == 200
    assert story.kicker in html
    assert story.title in html
    assert story.lead in html
    assert "مریم راستی" in html
    assert persian.format_jalali(story.published_at, "datetime") in html
    assert "ساعت ۱۲:۰۰" in html  # 08:30 UTC is 12:00 in Tehran
    assert f"کد مطلب: {persian.to_persian_digits(str(story.code))}" in html
    assert (
        reverse("portal:short_link", kwargs={"city": story.municipality.slug, "code": story.code})
        in html
    )
    assert "&lt;b&gt;" in html
    assert "<b>با نشانه</b>" not in html
    assert 'property="og:type" content="article"' in html


def test_short_link_and_bare_code_lead_to_the_canonical_article(client, story):
    city = story.municipality.slug
    short = client.get(reverse("portal:short_link", kwargs={"city": city, "code": story.code}))
    bare = client.get(reverse("portal:article_short", kwargs={"city": city, "code": story.code}))
    assert short.status_code == 302
    assert short["Location"] == article_url(story)
    assert bare.status_code == 302
    assert bare["Location"] == article_url(story)


def test_related_articles_share_a_wave_or_a_project(client, wave_scene, story):
    sibling = make_article(wave_scene.city, "گزارش تصویری مرحله نخست", waves=[wave_scene.wave])
    stranger = make_article(wave_scene.city, "خبر بی‌ربط")
    data = news.article_data(article=story)
    titles = [item.title for item in data.related]
    assert sibling.title in titles
    assert stranger.title not in titles
    assert story.title not in titles


@pytest.mark.parametrize(
    "fields",
    [
        {"status": ArticleStatus.DRAFT},
        {"status": ArticleStatus.APPROVED},
        {"status": ArticleStatus.WITHDRAWN},
        {"published_at": None},
    ],
)
def test_unpublished_articles_are_nowhere_on_the_portal(client, wave_scene, fields):
    hidden = make_article(wave_scene.city, "خبر منتشرنشده", waves=[wave_scene.wave], **fields)
    city = wave_scene.city.slug
    assert client.get(article_url(hidden)).status_code == 404
    assert (
        "خبر منتشرنشده"
        not in client.get(reverse("portal:news_list", kwargs={"city": city})).content.decode()
    )
    assert search.search(municipality_id=wave_scene.city.pk, raw_query="منتشرنشده").hits == []


def test_an_article_due_later_is_not_shown_before_its_time(client, wave_scene):
    later = make_article(
        wave_scene.city, "خبر آینده", published_at=timezone.now() + dt.timedelta(hours=3)
    )
    assert client.get(article_url(later)).status_code == 404


def test_another_citys_article_code_is_not_found_here(client, wave_scene, city_b):
    other = make_article(city_b, "خبر شهر دیگر")
    response = client.get(
        reverse("portal:short_link", kwargs={"city": wave_scene.city.slug, "code": other.code + 50})
    )
    assert response.status_code == 404


def test_news_appears_on_home_wave_and_project_pages(client, wave_scene, story):
    city = wave_scene.city.slug
    project = wave_scene.projects[0]
    for url in (
        reverse("portal:home", kwargs={"city": city}),
        reverse(
            "portal:wave",
            kwargs={"city": city, "programme": wave_scene.programme.slug, "number": 1},
        ),
        reverse(
            "portal:project", kwargs={"city": city, "code": project.code, "slug": project.slug}
        ),
    ):
        assert story.title in client.get(url).content.decode(), url


def test_news_list_pages_by_path(client, wave_scene):
    for index in range(news.PAGE_SIZE + 2):
        make_article(wave_scene.city, f"خبر شماره {index}")
    city = wave_scene.city.slug
    second = client.get(reverse("portal:news_list_page", kwargs={"city": city, "page": 2}))
    assert second.status_code == 200
    assert second.content.decode().count('class="kicker"') == 2


def test_published_articles_are_found_by_search_and_withdrawn_ones_leave(wave_scene, story):
    found = search.search(municipality_id=wave_scene.city.pk, raw_query="بوستانهای محله")
    assert [hit.title for hit in found.hits if hit.kind == "article"] == [story.title]
    story.status = ArticleStatus.WITHDRAWN
    story.save()
    found = search.search(municipality_id=wave_scene.city.pk, raw_query="بوستانهای محله")
    assert [hit for hit in found.hits if hit.kind == "article"] == []


def test_article_page_query_count_does_not_grow_with_related_items(client, wave_scene, story):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(article_url(story)).status_code == 200
        return len(captured)

    make_article(wave_scene.city, "نخستین خبر هم‌مرحله", waves=[wave_scene.wave])
    before = count()
    for index in range(6):
        make_article(
            wave_scene.city,
            f"خبر هم‌مرحله {index}",
            waves=[wave_scene.wave],
            projects=wave_scene.projects,
        )
    assert count() == before


def test_the_newsrooms_feeds_are_mounted_and_linked_from_every_page(client, wave_scene, story):
    from jahesh.portal import feeds

    home = client.get(reverse("portal:home", kwargs={"city": wave_scene.city.slug}))
    for name in ("rss", "atom"):
        path = feeds.path_of(name, wave_scene.city.slug)
        assert path in home.content.decode()
        response = client.get(path)
        assert response.status_code == 200
        assert story.title in response.content.decode()


def test_the_export_writes_articles_short_links_and_feeds(tmp_path, wave_scene, story):
    from io import StringIO
    from urllib.parse import unquote

    from django.core.management import call_command

    call_command("export_site", str(tmp_path), "--jobs", "1", stdout=StringIO())
    page = tmp_path / unquote(article_url(story)).lstrip("/") / "index.html"
    assert story.title in page.read_text()
    short = tmp_path / wave_scene.city.slug / "n" / str(story.code) / "index.html"
    assert article_url(story) in short.read_text()
    feed = tmp_path / wave_scene.city.slug / "news/feed/rss/index.xml"
    assert story.title in feed.read_text()


def test_articles_published_in_bulk_show_on_cached_pages_and_reach_the_index(client, wave_scene):
    from jahesh.newsroom.models import Article
    from jahesh.portal import services, versions

    due = make_article(
        wave_scene.city, "گزارش مرحله در لحظه انتشار", status=ArticleStatus.SCHEDULED
    )
    home = reverse("portal:home", kwargs={"city": wave_scene.city.slug})
    assert due.title not in client.get(home).content.decode()
    versions.forget()
    # As the newsroom's dispatch does it: one UPDATE, no signal.
    Article.objects.filter(pk=due.pk).update(
        status=ArticleStatus.PUBLISHED, updated_at=timezone.now() + dt.timedelta(seconds=2)
    )
    versions.forget()
    assert due.title in client.get(home).content.decode()
    assert search.search(municipality_id=wave_scene.city.pk, raw_query="لحظه انتشار").hits == []
    assert services.search_entry_sync_changed_articles() >= 1
    found = search.search(municipality_id=wave_scene.city.pk, raw_query="لحظه انتشار")
    assert [hit.title for hit in found.hits] == [due.title]
