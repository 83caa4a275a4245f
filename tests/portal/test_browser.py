"""The portal in a real browser: Playwright driving the system Chromium against a live server.

Skips where /usr/bin/chromium is missing, except in CI (CI=true), where it must run.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

import pytest

from jahesh import persian
from tests.portal.conftest import build_wave_scene, make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI requires the browser tests, but /usr/bin/chromium is not installed")
        pytest.skip("the system Chromium (/usr/bin/chromium) is not installed")
    from playwright.sync_api import sync_playwright

    # The sync API refuses to run where an event loop is set; the live server's ORM calls then
    # run in this thread, which Django would otherwise refuse as "async unsafe".
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def scene(settings, city_a):
    # No tile server in tests: markers must show without tiles, and nothing goes on the network.
    settings.TILE_URL = ""
    made = build_wave_scene(city_a)
    article = make_article(
        city_a, "افتتاح بوستان‌های شهرداری‌ها", waves=[made.wave], projects=made.projects[:1]
    )
    return made, article


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fa-IR", viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.errors = []
    opened.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda e: opened.errors.append(str(e)))
    yield opened
    context.close()


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"portal-{name}.png"), full_page=True)


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
    shot(page, "home")
    assert page.errors == []


def test_wave_map_shows_a_marker_for_each_ceremony(live_server, scene, page):
    made, _ = scene
    page.goto(f"{live_server.url}/{made.city.slug}/programmes/{quote(made.programme.slug)}/1/")
    page.wait_for_selector("#map[data-markers]")
    assert page.locator("#map .project-marker").count() == len(made.projects)
    shot(page, "wave")
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
    shot(page, "search")


def test_article_page_shows_the_jalali_time(live_server, scene, page):
    made, article = scene
    page.goto(f"{live_server.url}/{made.city.slug}/n/{article.code}/")
    assert article.title in page.inner_text("h1")
    shown = page.inner_text(".article-meta time")
    assert shown == persian.format_jalali(article.published_at, "datetime")
    assert "ساعت" in shown
    shot(page, "article")
    assert page.errors == []
