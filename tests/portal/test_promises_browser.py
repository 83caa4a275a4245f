"""The promises page in a real browser: reached from the city's navigation, readable on a phone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jahesh.registry.models import CeremonyKind, CeremonyStatus
from tests.browser import shot
from tests.portal.test_narrow_screens import OVERFLOW_JS, PHONE
from tests.portal.test_promises import Scene, at, record, recorded_at, save_at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def promised(city_a):
    """A wave held ten days ago: ceremonies on time, late, cancelled and overdue, and a
    groundbreaking (held) whose promised end was moved after the announcement."""
    today = timezone.localdate()
    scene = Scene(city_a, wave_day=today - dt.timedelta(days=10))
    held = scene.ceremony("بوستان ارم")
    held.status = CeremonyStatus.HELD
    held.held_at = at(scene.wave_day)
    held.save()
    late = scene.ceremony("کتابخانه محله سعدی")
    late.status = CeremonyStatus.HELD
    late.held_at = at(scene.wave_day + dt.timedelta(days=4))
    late.save()
    cancelled = scene.ceremony("سرای محله")
    cancelled.status = CeremonyStatus.CANCELLED
    cancelled.save()
    scene.ceremony("پیاده‌راه خیابان زند")
    ground = scene.ceremony(
        "تقاطع غیرهمسطح چمران",
        kind=CeremonyKind.GROUNDBREAKING,
        planned_end_date=today - dt.timedelta(days=30),
    )
    ground.status = CeremonyStatus.HELD
    ground.held_at = at(scene.wave_day)
    ground.save()
    project = ground.project
    recorded_at(project, scene.announced_at - dt.timedelta(days=20))
    project.planned_end_date = today + dt.timedelta(days=300)
    save_at(project, scene.announced_at + dt.timedelta(days=1))
    record()
    return scene


def test_the_promises_page_is_reached_from_the_city_navigation(live_server, promised, page):
    page.goto(f"{live_server.url}/{promised.city.slug}/")
    page.locator("nav.main-nav a", has_text="آنچه گفتیم، آنچه شد").click()
    page.wait_for_url("**/promises/")
    assert page.get_attribute("html", "dir") == "rtl"
    main = page.inner_text("main")
    assert "آنچه گفتیم، آنچه شد" in main
    # 2 on time of 6 due: two ceremonies on time, one late, one cancelled, one ceremony and one
    # completion overdue.
    assert "۳۳٫۳٪" in main
    assert "وعده با همان تاریخ نخست سنجیده می‌شود" in main
    assert page.locator("svg.chart").count() >= 3
    overdue = page.locator("section[aria-labelledby=overdue-heading] tbody tr")
    assert overdue.count() == 2
    assert "۳۰ روز" in overdue.first.inner_text()
    shot(page, "portal-promises")
    assert page.errors == []


def test_the_promises_page_fits_a_390_px_screen(live_server, promised, browser):
    context = browser.new_context(locale="fa-IR", viewport=PHONE)
    page = context.new_page()
    try:
        answer = page.goto(f"{live_server.url}/{promised.city.slug}/promises/")
        assert answer is not None
        assert answer.status == 200
        found = page.evaluate(OVERFLOW_JS)
        shot(page, "narrow-promises")
    finally:
        context.close()
    assert found["scrollWidth"] <= found["innerWidth"]
    assert found["clipped"] == []
