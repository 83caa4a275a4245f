"""Cached pages go stale exactly when the data they show changes."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest
from django.urls import reverse

from jahesh.portal.models import ContentVersion
from jahesh.registry.models import ProjectStatus

pytestmark = pytest.mark.django_db


def test_a_project_change_shows_at_once_on_its_page_and_its_wave(client, wave_scene):
    project = wave_scene.projects[0]
    project_url = reverse(
        "portal:project",
        kwargs={"city": wave_scene.city.slug, "code": project.code, "slug": project.slug},
    )
    wave_url = reverse(
        "portal:wave",
        kwargs={
            "city": wave_scene.city.slug,
            "programme": wave_scene.programme.slug,
            "number": wave_scene.wave.number,
        },
    )
    assert "بوستان بزرگ محله" not in client.get(wave_url).content.decode()
    assert "بوستان بزرگ محله" not in client.get(project_url).content.decode()
    project.status = ProjectStatus.MAINTENANCE
    project.title = "بوستان بزرگ محله"
    project.save()
    assert "بوستان بزرگ محله" in client.get(project_url, follow=True).content.decode()
    assert "بوستان بزرگ محله" in client.get(wave_url).content.decode()


def test_a_wave_withdrawn_to_draft_disappears_from_the_cached_home(client, wave_scene):
    home = reverse("portal:home", kwargs={"city": wave_scene.city.slug})
    assert "شهر برای مردم" in client.get(home).content.decode()
    wave_scene.wave.status = "draft"
    wave_scene.wave.save()
    assert "شهر برای مردم" not in client.get(home).content.decode()


def test_one_citys_change_leaves_another_citys_cache_alone(client, wave_scene, city_b):
    from tests.registry.factories import ProjectFactory

    ProjectFactory(municipality=city_b)
    versions = dict(ContentVersion.objects.values_list("scope", "version"))
    assert versions.get(f"city:{city_b.slug}", 0) >= 1
    before = versions.get(f"city:{wave_scene.city.slug}")
    ProjectFactory(municipality=city_b)
    assert ContentVersion.objects.get(scope=f"city:{wave_scene.city.slug}").version == before


def test_cached_pages_are_served_with_public_cache_headers(client, wave_scene):
    home = reverse("portal:home", kwargs={"city": wave_scene.city.slug})
    first = client.get(home)
    second = client.get(home)
    assert first.content == second.content
    assert "public" in second["Cache-Control"]
    # The same bytes carry the same validator, rendered or from the cache.
    assert first["ETag"] == second["ETag"]
    assert first["ETag"].startswith('"')


def test_a_page_unchanged_since_its_tag_answers_304_and_a_changed_one_200(client, wave_scene):
    """nginx revalidates its expired copies (proxy_cache_revalidate) and browsers theirs: an
    unchanged page costs no body, a changed one is sent whole with a new tag."""
    home = reverse("portal:home", kwargs={"city": wave_scene.city.slug})
    tag = client.get(home)["ETag"]
    again = client.get(home, HTTP_IF_NONE_MATCH=tag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == tag
    assert client.get(home, HTTP_IF_NONE_MATCH=f'W/{tag}, "other"').status_code == 304
    assert client.get(home, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    wave_scene.wave.theme = "شهر برای همه"
    wave_scene.wave.save()
    changed = client.get(home, HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200
    assert changed["ETag"] != tag


def test_the_members_page_follows_changes_in_any_city(client, wave_scene, city_b):
    from tests.registry.factories import ProjectFactory

    url = reverse("portal:members")
    before = client.get(url).content.decode()
    ProjectFactory(municipality=city_b, credit_rial=990_000_000_000)
    after = client.get(url).content.decode()
    assert before != after


def test_the_persian_error_pages_render(client, db):
    from django.template.loader import render_to_string

    server_error = render_to_string("500.html")
    assert 'lang="fa"' in server_error
    assert "خطا" in server_error
    missing = client.get("/no/such/page/at/all/")
    assert missing.status_code == 404
    assert "پیدا نشد" in missing.content.decode()


def test_a_long_script_laden_query_is_answered_politely(client, wave_scene):
    query = "<script>alert(1)</script>" + "ش" * 10_000
    response = client.get(
        reverse("portal:search", kwargs={"city": wave_scene.city.slug}), {"q": query}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html
    assert len(html) < 40_000


@pytest.fixture
def counted_cache(settings):
    """A private in-memory cache whose entries the test can count."""
    from django.core.cache import caches

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal-cache-entries-test",
        }
    }
    counted = caches["default"]
    counted.clear()
    return lambda: len(counted._cache)


def test_a_thousand_tracking_parameters_add_no_entry_and_are_served_from_the_cache(
    client, wave_scene, counted_cache
):
    home = reverse("portal:home", kwargs={"city": wave_scene.city.slug})
    first = client.get(home)
    entries = counted_cache()
    rng = random.Random(10)

    answers = [client.get(home, {"utm": f"{rng.getrandbits(64):x}"}) for _ in range(1_000)]

    assert counted_cache() == entries
    assert {a.content for a in answers} == {first.content}
    assert [a for a in answers if a.templates] == []  # no page was rendered: all were hits


def test_the_cache_reads_a_page_number_as_the_paginator_does(rf):
    from jahesh.portal.caching import PAGINATED, page_cache_key

    def key(query: str) -> str:
        return page_cache_key(rf.get("/c/news/" + query), PAGINATED, "1.1")

    assert key("?page=2") == key("?page=02") == key("?page=2&utm_source=x")
    assert key("?page=x") == key("") == key("?page=1.5&ref=y")
    assert key("?page=2") != key("?page=3")


def test_page_numbers_beyond_the_last_page_stop_filling_the_cache(
    client, wave_scene, counted_cache, monkeypatch
):
    from jahesh.portal import caching

    monkeypatch.setattr(caching, "MAX_QUERY_VARIANTS", 5)
    news = reverse("portal:news_list", kwargs={"city": wave_scene.city.slug})
    client.get(news)
    entries = counted_cache()

    answers = [client.get(news, {"page": 1_000 + n}) for n in range(30)]

    assert {a.status_code for a in answers} == {200}
    # Five page entries and the counter that limits them.
    assert counted_cache() == entries + 5 + 1


def test_a_wave_published_in_bulk_shows_on_the_cached_home_and_in_search_at_once(
    client, wave_scene, member_of, job_queue, django_capture_on_commit_callbacks
):
    """A dispatch makes its articles public with one bulk UPDATE, which sends no post_save: the
    home page and the search must not wait for the portal's minute sweep to notice."""
    from django.utils import timezone

    from jahesh.newsroom import services as newsroom
    from jahesh.newsroom.models import ArticleKind, Publication
    from jahesh.portal.models import SearchEntry, SearchKind
    from jahesh.registry.models import Role

    city = wave_scene.city
    staff = SimpleNamespace(
        reporter=member_of(city, Role.REPORTER, "reporter"),
        editor=member_of(city, Role.EDITOR, "editor"),
        publisher=member_of(city, Role.PUBLISHER, "publisher"),
    )
    newsroom.channel_create(
        by=staff.publisher, municipality=city, kind="portal", name="درگاه", is_default=True
    )
    title = "گشایش هم‌زمان بوستان‌های مرحله"
    article = newsroom.article_create(
        by=staff.reporter, municipality=city, kind=ArticleKind.NEWS, title=title
    )
    newsroom.article_submit(by=staff.reporter, article=article)
    newsroom.article_approve(by=staff.editor, article=article)
    home = reverse("portal:home", kwargs={"city": city.slug})
    newsroom.article_publish_now(by=staff.publisher, article=article)
    dispatch_id = Publication.objects.get(article=article).dispatch_id
    assert title not in client.get(home).content.decode()  # the home page is now cached
    with django_capture_on_commit_callbacks(execute=True):
        newsroom.dispatch_fire(dispatch_id=dispatch_id, now=timezone.now())
    assert title in client.get(home).content.decode()
    assert SearchEntry.objects.filter(kind=SearchKind.ARTICLE, object_id=article.pk).exists()


def test_the_minute_sweep_indexes_in_batches_and_never_moves_its_marker_back(
    wave_scene, monkeypatch
):
    from django.db import IntegrityError

    from jahesh.newsroom.models import Article
    from jahesh.portal import services
    from jahesh.portal.models import SearchEntry, SearchKind
    from tests.portal.conftest import make_article

    articles = [make_article(wave_scene.city, f"خبر شماره {n}") for n in range(5)]
    # Bulk-published rows send no signal: drop what the saves indexed, as a bulk UPDATE would.
    SearchEntry.objects.filter(kind=SearchKind.ARTICLE).delete()
    monkeypatch.setattr(services, "ARTICLE_SYNC_BATCH", 2)
    real_sync = services.search_entry_sync_article
    ids = sorted(a.pk for a in articles)
    clash = ids[2]  # the first article of the second batch meets another writer's entry

    def clashing_sync(*, article: Article) -> None:
        real_sync(article=article)
        if article.pk == clash:
            raise IntegrityError("another writer indexed it")

    monkeypatch.setattr(services, "search_entry_sync_article", clashing_sync)
    services.ContentVersion.objects.update_or_create(
        scope=services.ARTICLE_SYNC_SCOPE, defaults={"version": 0}
    )
    assert services.search_entry_sync_changed_articles() >= 5
    indexed = set(
        SearchEntry.objects.filter(kind=SearchKind.ARTICLE).values_list("object_id", flat=True)
    )
    # Each batch is its own transaction: only the clashing batch is left to the next run.
    assert {ids[0], ids[1], ids[4]} <= indexed
    assert not {ids[2], ids[3]} & indexed
    marker = services.ContentVersion.objects.get(scope=services.ARTICLE_SYNC_SCOPE)
    assert marker.version > 0
    # A run that started earlier and ends later leaves the later mark in place.
    services.ContentVersion.objects.filter(pk=marker.pk).update(version=marker.version + 3600)
    services.search_entry_sync_changed_articles()
    assert services.ContentVersion.objects.get(pk=marker.pk).version == marker.version + 3600


def test_a_whole_rebuild_leaves_the_minute_sweep_nothing_to_look_at(wave_scene):
    import datetime as dt

    from django.utils import timezone

    from jahesh.newsroom.models import Article
    from jahesh.portal import services
    from tests.portal.conftest import make_article

    make_article(wave_scene.city, "خبر پیش از بازسازی")
    services.ContentVersion.objects.filter(scope=services.ARTICLE_SYNC_SCOPE).delete()
    services.search_index_rebuild(municipality_id=wave_scene.city.pk)
    assert services.search_entry_sync_changed_articles() >= 1  # one city's rebuild: not all
    make_article(wave_scene.city, "خبر دیگر")
    # Rows changed in the rebuild's own second are looked at again; these are older.
    Article.objects.update(updated_at=timezone.now() - dt.timedelta(hours=1))
    services.ContentVersion.objects.filter(scope=services.ARTICLE_SYNC_SCOPE).delete()
    services.search_index_rebuild()
    assert services.search_entry_sync_changed_articles() == 0


def test_news_alone_renders_the_home_again_without_adding_up_its_figures(
    client, wave_scene, monkeypatch
):
    """A wave's articles going out make the home page stale, but not its programme and year
    figures; a change of a project makes both stale."""
    from jahesh.portal.selectors import pages
    from tests.portal.conftest import make_article

    calls: list[int] = []
    real = pages._home_figures

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pages, "_home_figures", counted)
    home = reverse("portal:home", kwargs={"city": wave_scene.city.slug})
    first = client.get(home).content.decode()
    assert len(calls) == 1
    make_article(wave_scene.city, "خبر تازه‌ی روز جهش", waves=[wave_scene.wave])
    assert "خبر تازه‌ی روز جهش" in client.get(home).content.decode()
    assert len(calls) == 1
    project = wave_scene.projects[0]
    project.credit_rial += 7_000_000_000_000
    project.save()
    again = client.get(home).content.decode()
    assert len(calls) == 2
    assert again != first


def test_the_minute_sweep_leaves_pages_alone_when_the_index_is_already_current(wave_scene):
    """A wave's articles, indexed by the publication's job, are looked at again by the minute
    sweep; finding them current, it must not make every page of the city render again."""
    from jahesh.portal import services
    from jahesh.portal.models import ContentVersion, SearchEntry, SearchKind
    from tests.portal.conftest import make_article

    article = make_article(wave_scene.city, "خبر نمایه‌شده")  # indexed by its save
    assert SearchEntry.objects.filter(kind=SearchKind.ARTICLE, object_id=article.pk).exists()
    scope = services.city_scope(wave_scene.city.slug)
    before = ContentVersion.objects.get(scope=scope).version
    ContentVersion.objects.filter(scope=services.ARTICLE_SYNC_SCOPE).delete()
    assert services.search_entry_sync_changed_articles() >= 1
    assert ContentVersion.objects.get(scope=scope).version == before
    # A real change is still written and still makes the pages stale.
    SearchEntry.objects.filter(kind=SearchKind.ARTICLE, object_id=article.pk).update(title="کهنه")
    ContentVersion.objects.filter(scope=services.ARTICLE_SYNC_SCOPE).delete()
    services.search_entry_sync_changed_articles()
    assert ContentVersion.objects.get(scope=scope).version > before
    assert SearchEntry.objects.get(kind=SearchKind.ARTICLE, object_id=article.pk).title == (
        "خبر نمایه‌شده"
    )
