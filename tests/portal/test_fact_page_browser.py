"""A fact page in a real browser: reached from the figure in the article, readable on a phone."""

from __future__ import annotations

import datetime as dt

import pytest

from jahesh.newsroom import composition, selectors, services
from jahesh.newsroom.models import Fact
from jahesh.registry.models import Role
from tests.browser import shot
from tests.newsroom.conftest import build_wave_scene
from tests.portal.test_narrow_screens import OVERFLOW_JS, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published(city_a, member_of, job_queue):
    scene = build_wave_scene(city_a)
    facts = selectors.wave_facts(wave=scene.wave)
    article = services.article_create_for_wave(
        by=member_of(city_a, Role.EDITOR, "e1"),
        wave=scene.wave,
        composed=composition.wave_report(facts),
        facts=facts,
    )
    services.article_approve(by=member_of(city_a, Role.EDITOR, "e2"), article=article)
    at = dt.datetime(2023, 2, 3, 8, 0, tzinfo=dt.UTC)
    services.article_record_published(
        by=member_of(city_a, Role.PUBLISHER, "p1"), article=article, at=at
    )
    return scene, article


def test_the_credit_in_the_article_leads_to_its_rows(live_server, published, page):
    scene, article = published
    credit = Fact.objects.get(article=article, slot="credit")
    page.goto(f"{live_server.url}/{scene.city.slug}/news/{article.code}/")

    page.locator("h1 a.figure", has_text=credit.printed).click()
    page.wait_for_url(f"**/facts/{credit.pk}/")

    assert page.get_attribute("html", "dir") == "rtl"
    rows = page.locator("table.fact-rows tbody tr")
    assert rows.count() == len(scene.ceremonies)
    assert credit.printed in page.inner_text("main")
    shot(page, "portal-fact")
    assert page.errors == []


def test_a_fact_page_fits_a_390_px_screen(live_server, published, browser):
    scene, article = published
    credit = Fact.objects.get(article=article, slot="credit")
    context = browser.new_context(locale="fa-IR", viewport=PHONE)
    page = context.new_page()
    try:
        answer = page.goto(f"{live_server.url}/{scene.city.slug}/facts/{credit.pk}/")
        assert answer is not None
        assert answer.status == 200
        found = page.evaluate(OVERFLOW_JS)
        shot(page, "narrow-fact")
    finally:
        context.close()
    assert found["scrollWidth"] <= found["innerWidth"]
    assert found["clipped"] == []
