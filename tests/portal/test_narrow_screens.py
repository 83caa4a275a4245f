"""Every public page on a 390 px phone screen: nothing wider than the screen, nothing cut off,
and lists of rows shown as labelled cards.

Uses the shared Playwright fixtures of tests/browser.py (system Chromium: skipped where
missing, required in CI). Screenshots go to test-artifacts/narrow-*.png.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from jahesh import persian
from tests.browser import shot
from tests.portal.conftest import build_wave_scene, make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

# Cells whose text is wider than their box (cut off or hidden behind a scroll), and elements
# sticking out of the page sideways.
OVERFLOW_JS = """() => {
  const clipped = [];
  for (const cell of document.querySelectorAll("table.data th, table.data td")) {
    if (cell.closest("thead")) continue;
    if (cell.scrollWidth > cell.clientWidth + 1) clipped.push(cell.textContent.trim().slice(0, 60));
  }
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    const out = box.right > innerWidth + 1 || box.left < -1;
    if (box.width && out && !el.closest(".leaflet-container"))
      wide.push(el.tagName + "." + el.className);
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: innerWidth,
    clipped: clipped,
    wide: wide.slice(0, 5),
  };
}"""


@pytest.fixture
def scene(settings, city_a, city_b):
    settings.TILE_URL = ""
    made = build_wave_scene(city_a)
    made.add_ceremony(
        "بهسازی و روشنایی معابر محله نسترن و پیاده‌راه‌سازی بلوار خواجوی کرمانی تا کمربندی شمالی",
        credit_rial=987_654_000_000_000,
        latitude=made.projects[0].latitude,
        longitude=made.projects[0].longitude,
    )
    build_wave_scene(city_b, count=1)
    article = make_article(
        city_a,
        "افتتاح هم‌زمان بوستان‌ها و سراهای محله در نخستین مرحله جهش عمرانی شهرداری",
        waves=[made.wave],
        projects=made.projects[:1],
    )
    return made, article


def _public_pages(made, article) -> dict[str, str]:
    city = made.city.slug
    project = made.projects[-1]
    programme = quote(made.programme.slug)
    return {
        "root": "/",
        "members": "/members/",
        "home": f"/{city}/",
        "programme": f"/{city}/programmes/{programme}/",
        "wave": f"/{city}/programmes/{programme}/1/",
        "projects": f"/{city}/projects/",
        "project": f"/{city}/projects/{quote(project.code)}/{quote(project.slug)}/",
        "districts": f"/{city}/districts/",
        "district": f"/{city}/districts/1/",
        "sectors": f"/{city}/sectors/",
        "sector": f"/{city}/sectors/{made.sector.code}/",
        "search": f"/{city}/search/?q={quote('بوستان')}",
        "news": f"/{city}/news/",
        "article": f"/{city}/n/{article.code}/",
        "map": f"/{city}/map/",
    }


def test_every_public_page_fits_a_390_px_screen_with_nothing_cut_off(live_server, browser, scene):
    made, article = scene
    context = browser.new_context(locale="fa-IR", viewport=PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    failures = {}
    try:
        for name, path in _public_pages(made, article).items():
            answer = page.goto(f"{live_server.url}{path}")
            assert answer is not None
            assert answer.status == 200, (name, answer.status)
            page.wait_for_load_state("load")
            found = page.evaluate(OVERFLOW_JS)
            if found["scrollWidth"] > found["innerWidth"] or found["clipped"]:
                failures[name] = found
            shot(page, f"narrow-{name}")
    finally:
        context.close()
    assert failures == {}
    assert errors == []


def test_on_a_phone_the_wave_ceremonies_are_cards_with_every_cell_labelled(
    live_server, browser, scene
):
    made, _ = scene
    context = browser.new_context(locale="fa-IR", viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/{made.city.slug}/programmes/{quote(made.programme.slug)}/1/")
        rows = page.locator("section[aria-labelledby=ceremonies-heading] table.data tbody tr")
        assert rows.count() == len(made.projects)
        first = rows.first
        assert first.evaluate("r => getComputedStyle(r).display") == "block"
        # The credit, once behind a sideways scroll, is on the card and says what it is.
        credit = first.locator('td[data-label="اعتبار"]')
        assert credit.is_visible()
        label = credit.evaluate("c => getComputedStyle(c, '::before').content")
        assert "اعتبار" in label
        assert (
            page.locator("table.data thead").first.evaluate("h => h.getBoundingClientRect().width")
            <= 1
        )
    finally:
        context.close()
    # On a wide screen the same rows stay a table.
    wide = browser.new_context(locale="fa-IR", viewport={"width": 1280, "height": 900})
    desk = wide.new_page()
    try:
        desk.goto(f"{live_server.url}/{made.city.slug}/programmes/{quote(made.programme.slug)}/1/")
        row = desk.locator("table.data tbody tr").first
        assert row.evaluate("r => getComputedStyle(r).display") == "table-row"
    finally:
        wide.close()


def test_the_city_map_clusters_points_without_tiles_beside_the_full_list(live_server, page, scene):
    made, _ = scene
    page.goto(f"{live_server.url}/{made.city.slug}/map/")
    page.wait_for_selector("#city-map[data-markers]")
    markers = int(page.get_attribute("#city-map", "data-markers"))
    in_clusters = [
        int(persian.to_latin_digits(text.strip()))
        for text in page.locator(".map-cluster").all_inner_texts()
    ]
    # Two projects share one place: at any zoom they are one numbered cluster, not two dots.
    assert in_clusters
    assert min(in_clusters) >= 2
    assert markers + sum(in_clusters) == len(made.projects)
    assert page.locator(".leaflet-tile").count() == 0
    # The list beside the map holds every project, for those who cannot use the map.
    assert page.locator(".map-list tbody tr").count() == len(made.projects)
    shot(page, "city-map")
    assert page.errors == []
