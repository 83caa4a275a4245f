"""The committee's pages in a real browser at 1280 and 390 px: the session page with its agenda
and the minutes' download links, and a draft's opinion matrix — nothing wider than the screen.

Uses the shared Playwright fixtures of tests/browser.py (system Chromium: skipped where missing,
required in CI). Screenshots go to test-artifacts/committee-*.png.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from jahesh.committee.demo import COMMITTEE_SLUG, SECRETARY_USERNAME, build_demo_committee
from jahesh.committee.models import DraftKind
from tests.browser import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = dt.date(2026, 12, 4)
SCREENS = {"wide": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

# Elements that stick out of the page sideways (a table may scroll inside its own box).
OVERFLOW_JS = """() => {
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (!box.width || el.closest(".table-scroll")) continue;
    if (box.right > innerWidth + 1 || box.left < -1) wide.push(el.tagName + "." + el.className);
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: innerWidth,
    wide: wide.slice(0, 5),
  };
}"""


def _sign_in(context, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value}
    context.add_cookies([{**cookie, "domain": host, "path": "/"}])


@pytest.fixture
def demo(settings):
    settings.TILE_URL = ""
    committee = build_demo_committee(today=TODAY)
    structure = committee.drafts.get(kind=DraftKind.STRUCTURE)
    return {
        "session": f"/committee/{COMMITTEE_SLUG}/sessions/31/",
        "agenda": f"/committee/{COMMITTEE_SLUG}/sessions/32/",
        "matrix": f"/committee/{COMMITTEE_SLUG}/drafts/{structure.pk}/v1/matrix/",
    }


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_session_agenda_and_matrix_fit_the_screen(live_server, browser, demo, screen):
    context = browser.new_context(locale="fa-IR", viewport=SCREENS[screen])
    _sign_in(context, live_server, get_user_model().objects.get(username=SECRETARY_USERNAME))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    failures = {}
    try:
        for name, path in demo.items():
            answer = page.goto(f"{live_server.url}{path}")
            assert answer is not None
            assert answer.status == 200, (name, answer.status)
            found = page.evaluate(OVERFLOW_JS)
            if found["scrollWidth"] > found["innerWidth"] or found["wide"]:
                failures[name] = found
            shot(page, f"committee-{name}-{screen}")
        page.goto(f"{live_server.url}{demo['session']}")
        links = page.locator("#minutes-downloads a")
        assert links.count() == 2
        for n, kind in enumerate(("application/pdf", "officedocument.wordprocessingml")):
            href = links.nth(n).get_attribute("href")
            download = page.request.get(f"{live_server.url}{href}")
            assert download.status == 200
            assert kind in download.headers["content-type"]
    finally:
        context.close()
    assert failures == {}
    assert errors == []
