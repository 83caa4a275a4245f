"""A draft's diff view and org chart in a real browser at 1280 and 390 px, on the demo's
structure draft (v1 and v2): the track-changes marks and the side-by-side columns, the SVG chart
and the nested list that carries the same units — nothing wider than the screen.

Uses tests/browser.py (system Chromium: skipped where missing, required in CI); screenshots go
to test-artifacts/drafts-*.png.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from jahesh.committee import services
from jahesh.committee.demo import COMMITTEE_SLUG, SECRETARY_USERNAME, build_demo_committee
from jahesh.committee.models import DraftKind, SectionKind
from tests.browser import shot
from tests.committee.test_browser import OVERFLOW_JS, SCREENS, TODAY, _sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def structure(settings):
    settings.TILE_URL = ""
    committee = build_demo_committee(today=TODAY)
    return committee.drafts.get(kind=DraftKind.STRUCTURE)


@pytest.fixture
def edited(structure):
    """The working copy after v2: a duty rewritten in part, a unit renamed, a post moved."""
    secretary = get_user_model().objects.get(username=SECRETARY_USERNAME)
    sections = {s.key: s for s in structure.sections.all()}
    duty, unit, post = sections["s4"], sections["s5"], sections["s10"]
    services.section_update(
        section=duty, by=secretary, title="", body="تدوین برنامه سه‌ساله ارتباطات و پایش اجرای آن"
    )
    services.section_update(
        section=unit, by=secretary, title="معاونت ارتباطات رسانه‌ای و دیجیتال", body=unit.body
    )
    services.section_update(
        section=post, by=secretary, title=post.title, body=post.body, parent=sections["s1"]
    )
    return structure


def _open(context, live_server, path):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    answer = page.goto(f"{live_server.url}{path}")
    assert answer is not None
    assert answer.status == 200
    return page, errors


def _fits(page) -> None:
    found = page.evaluate(OVERFLOW_JS)
    assert found["scrollWidth"] <= found["innerWidth"], found
    assert found["wide"] == [], found


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_diff_shows_track_changes_and_two_columns(live_server, browser, edited, screen):
    context = browser.new_context(locale="fa-IR", viewport=SCREENS[screen])
    _sign_in(context, live_server, get_user_model().objects.get(username=SECRETARY_USERNAME))
    base = f"/committee/{COMMITTEE_SLUG}/drafts/{edited.pk}/diff/?a=2&b=working"
    try:
        page, errors = _open(context, live_server, f"{base}&mode=track")
        words = re.compile(r"\S")
        inserted = page.locator("section ins").filter(has_text=words).first
        deleted = page.locator("section del").filter(has_text=words).first
        assert inserted.is_visible()
        assert deleted.is_visible()
        assert inserted.inner_text().strip()
        assert deleted.inner_text().strip()
        # Marks are told apart by more than colour: a deletion is struck through.
        assert "line-through" in deleted.evaluate("e => getComputedStyle(e).textDecorationLine")
        assert page.locator("section.change-unchanged").count() > 0
        # A renamed unit and a moved post are named as such, not shown as delete plus insert.
        renamed = page.locator("section#diff-s5")
        assert "تغییر عنوان" in renamed.inner_text()
        assert renamed.locator("h3 ins").filter(has_text="دیجیتال").count() == 1
        assert "جابه‌جا شده" in page.locator("section#diff-s10").inner_text()
        assert page.locator("section.change-added, section.change-removed").count() == 0
        _fits(page)
        shot(page, f"drafts-diff-track-{screen}")
        assert errors == []

        page, errors = _open(context, live_server, f"{base}&mode=side")
        columns = page.locator("section.change-changed .cols").first
        before, after = (
            columns.locator(":scope > div").nth(0),
            columns.locator(":scope > div").nth(1),
        )
        assert before.locator("strong").inner_text() == "پیشین"
        assert after.locator("strong").inner_text() == "پسین"
        assert before.locator("del").count() > 0
        assert before.locator("ins").count() == 0
        assert after.locator("ins").count() > 0
        assert after.locator("del").count() == 0
        one, two = before.bounding_box(), after.bounding_box()
        assert one is not None
        assert two is not None
        if screen == "wide":
            # Side by side, the earlier text on the right where a Persian reader starts.
            assert abs(one["y"] - two["y"]) < 2
            assert one["x"] > two["x"]
        else:
            # Stacked on a phone: the earlier text first, each as wide as the section.
            assert two["y"] >= one["y"] + one["height"] - 1
        _fits(page)
        shot(page, f"drafts-diff-side-{screen}")
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_org_chart_and_its_nested_list_carry_the_same_units(
    live_server, browser, structure, screen
):
    context = browser.new_context(locale="fa-IR", viewport=SCREENS[screen])
    _sign_in(context, live_server, get_user_model().objects.get(username=SECRETARY_USERNAME))
    units = list(
        structure.sections.filter(kind=SectionKind.UNIT)
        .order_by("position")
        .values_list("title", flat=True)
    )
    try:
        page, errors = _open(
            context, live_server, f"/committee/{COMMITTEE_SLUG}/drafts/{structure.pk}/chart/"
        )
        chart = page.locator("#org-chart svg")
        assert chart.is_visible()
        assert chart.get_attribute("role") == "img"
        # Legible on a phone too: the chart keeps its size and scrolls inside its own box.
        name_box = page.locator("#org-chart svg text").first.bounding_box()
        assert name_box is not None
        assert name_box["height"] >= 10
        figure = page.locator("#org-chart").bounding_box()
        assert figure is not None
        assert figure["width"] <= SCREENS[screen]["width"]
        drawn = page.locator("#org-chart svg text").all_text_contents()
        listed = page.locator("#org-list li > strong").all_inner_texts()
        assert listed == units
        # Every unit drawn is in the list (the chart clips long names with «…»).
        for name in units:
            assert any(name.startswith(text.rstrip("…")) for text in drawn), name
        assert page.locator("#org-list ul ul").count() > 0  # nested, as the tree is
        _fits(page)
        shot(page, f"drafts-chart-{screen}")
        assert errors == []
    finally:
        context.close()
