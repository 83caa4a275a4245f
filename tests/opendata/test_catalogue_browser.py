"""The data catalogue in a real browser: reached from the open data page, readable on a phone."""

from __future__ import annotations

import json

import pytest

from tests.browser import shot
from tests.portal.conftest import build_wave_scene
from tests.portal.test_narrow_screens import OVERFLOW_JS, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene(city_a):
    return build_wave_scene(city_a)


def test_the_catalogue_is_reached_from_the_open_data_page(live_server, scene, page):
    page.goto(f"{live_server.url}/opendata/{scene.city.slug}/")
    page.locator("main a", has_text="فهرست داده‌ها").click()
    page.wait_for_url("**/catalogue/")
    assert page.get_attribute("html", "dir") == "rtl"
    main = page.inner_text("main")
    assert "پروژه‌های عمرانی" in main
    assert "رقم‌های خبرها" in main
    assert "credit_rial" in main
    # The embedded DCAT reads as JSON in the browser too (no markup broke it).
    embedded = page.locator('script[type="application/ld+json"]').inner_text()
    assert json.loads(embedded)["@type"] == "dcat:Catalog"
    shot(page, "opendata-catalogue")
    assert page.errors == []


def test_the_catalogue_fits_a_390_px_screen(live_server, scene, browser):
    context = browser.new_context(locale="fa-IR", viewport=PHONE)
    page = context.new_page()
    try:
        answer = page.goto(f"{live_server.url}/opendata/{scene.city.slug}/catalogue/")
        assert answer is not None
        assert answer.status == 200
        found = page.evaluate(OVERFLOW_JS)
        shot(page, "narrow-opendata-catalogue")
    finally:
        context.close()
    assert found["scrollWidth"] <= found["innerWidth"], found["wide"]
    assert found["clipped"] == []
