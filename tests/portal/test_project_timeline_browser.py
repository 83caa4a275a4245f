"""A project's timeline in a real browser, at a desktop width and on a 390-pixel phone."""

from __future__ import annotations

import pytest

from tests.browser import shot
from tests.portal.test_narrow_screens import OVERFLOW_JS, PHONE

# Fixtures shared with the server-side tests of the same page.
from tests.portal.test_project_timeline import media, timeline_scene  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("width", "name"), [(1280, "project-timeline"), (390, "narrow-timeline")])
def test_the_timeline_reads_right_to_left_and_fits_the_screen(
    live_server,
    timeline_scene,  # noqa: F811 - the fixture imported above
    browser,
    width,
    name,
):
    _scene, project = timeline_scene
    viewport = PHONE if width == 390 else {"width": 1280, "height": 900}
    context = browser.new_context(locale="fa-IR", viewport=viewport)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        answer = page.goto(
            f"{live_server.url}/{project.municipality.slug}/projects/{project.code}/"
        )
        assert answer is not None
        assert answer.status == 200
        timeline = page.locator("section.project-timeline")
        timeline.scroll_into_view_if_needed()
        items = timeline.locator("ol.timeline > li")
        assert items.count() == 6
        assert items.nth(0).locator("h3").inner_text() == "تصویب"
        assert timeline.locator("svg.chart").is_visible()
        photo = timeline.locator("img[alt='نمای ورودی بوستان']")
        # The thumbnail really loaded from storage (a broken image has no natural width).
        photo.scroll_into_view_if_needed()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=photo.element_handle()
        )
        box = timeline.bounding_box()
        assert box is not None
        assert box["width"] <= viewport["width"]
        direction = page.evaluate(
            "getComputedStyle(document.querySelector('ol.timeline')).direction"
        )
        assert direction == "rtl"
        found = page.evaluate(OVERFLOW_JS)
        shot(page, name)
    finally:
        context.close()
    assert found["scrollWidth"] <= found["innerWidth"]
    assert found["clipped"] == []
    assert errors == []
