"""The portal in a real browser: Playwright driving the system Chromium against a live server.

Skips where /usr/bin/chromium is missing, except in CI (CI=true), where it must run.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from jahesh import persian
from tests.browser import shot
from tests.portal.conftest import build_wave_scene, make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene(settings, city_a):
    # No tile server in tests: markers must show without tiles, and nothing goes on the network.
    settings.TILE_URL = ""
    made = build_wave_scene(city_a)
    article = make_article(
        city_a, "افتتاح بوستان‌های شهرداری‌ها", waves=[made.wave], projects=made.projects[:1]
    )
    return made, article


def test_home_renders_persian_right_to_left_without_console_errors(live_server, scene, page):
    made, _ = scene
    page.goto(f"{live_server.url}/{made.city.slug}/")
    assert page.get_attribute("html", "lang") == "fa"
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert "مرحله ۱" in page.inner_text("main")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    for landmark in ("header", "nav", "main", "footer"):
        assert page.locator(landmark).count() >= 1
    shot(page, "portal-home")
    assert page.errors == []


def test_wave_map_shows_a_marker_for_each_ceremony(live_server, scene, page):
    made, _ = scene
    page.goto(f"{live_server.url}/{made.city.slug}/programmes/{quote(made.programme.slug)}/1/")
    page.wait_for_selector("#map[data-markers]")
    assert page.locator("#map .project-marker").count() == len(made.projects)
    shot(page, "portal-wave")
    assert page.errors == []


def test_search_finds_the_same_results_for_three_spellings(live_server, scene, page):
    made, article = scene
    found = []
    for spelling in ("شهرداری‌ها", "شهرداریها", "شهرداري ها"):
        page.goto(f"{live_server.url}/{made.city.slug}/")
        page.fill("#site-search", spelling)
        page.press("#site-search", "Enter")
        page.wait_for_load_state()
        found.append(page.locator(".results li a").all_inner_texts())
    assert found[0] == [article.title]
    assert found[0] == found[1] == found[2]
    assert page.locator(".results mark").count() >= 1
    shot(page, "portal-search")


def test_article_page_shows_the_jalali_time(live_server, scene, page):
    made, article = scene
    page.goto(f"{live_server.url}/{made.city.slug}/n/{article.code}/")
    assert article.title in page.inner_text("h1")
    shown = page.inner_text(".article-meta time")
    assert shown == persian.format_jalali(article.published_at, "datetime")
    assert "ساعت" in shown
    shot(page, "portal-article")
    assert page.errors == []


def test_a_project_title_holding_markup_stays_text_in_the_map_tooltip(live_server, scene, page):
    made, _ = scene
    made.add_ceremony(
        '<img src="x" onerror="window.titleRan = 1">',
        latitude=made.projects[0].latitude,
        longitude=made.projects[0].longitude,
    )
    page.goto(f"{live_server.url}/{made.city.slug}/programmes/{quote(made.programme.slug)}/1/")
    page.wait_for_selector("#map[data-markers]")
    page.locator("#map .project-marker").last.hover()
    tooltip = page.wait_for_selector(".leaflet-tooltip")
    assert "<img" in tooltip.inner_text()
    assert page.evaluate("window.titleRan") is None
    assert page.locator(".leaflet-tooltip img").count() == 0
