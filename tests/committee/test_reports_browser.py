"""The session report in a real browser at 1280 and 390 px: Shiraz's representative presses
«بردن گزارش به اتاق خبر شیراز» on the session page and lands on the city's draft in its newsroom;
pressing it again (the page's button is gone, the link to the draft is there) makes no second one.

System Chromium through tests/browser.py (skipped where missing, required in CI); screenshots go
to test-artifacts/committee-report-*.png.
"""

from __future__ import annotations

import pytest
from django.test import Client

from jahesh.committee import services
from jahesh.committee.models import SessionArticle
from jahesh.newsroom.models import Article, ArticleStatus
from jahesh.registry.models import Role
from tests.browser import shot
from tests.committee.conftest import Scene
from tests.committee.test_reports import held_31
from tests.registry.factories import MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {"wide": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _sign_in(context, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value}
    context.add_cookies([{**cookie, "domain": host, "path": "/"}])


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_representative_takes_the_report_into_the_citys_newsroom(
    live_server, browser, scene: Scene, screen: str
) -> None:
    session = held_31(scene)
    services.session_report_compose(session=session, by=scene.secretary)
    assert scene.shiraz.municipality is not None
    MembershipFactory(
        user=scene.representative, municipality=scene.shiraz.municipality, role=Role.REPORTER
    )
    context = browser.new_context(locale="fa-IR", viewport=SCREENS[screen])
    _sign_in(context, live_server, scene.representative)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        session_url = f"{live_server.url}/committee/{scene.committee.slug}/sessions/31/"
        page.goto(session_url)
        button = page.get_by_role("button", name="بردن گزارش به اتاق خبر شیراز")
        assert button.is_visible()
        button.scroll_into_view_if_needed()
        shot(page, f"committee-report-take-{screen}")
        width = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
        assert width[0] <= width[1], width
        button.click()
        page.wait_for_load_state()
        article = Article.objects.get()
        assert f"/articles/{article.code}/" in page.url
        assert article.status == ArticleStatus.DRAFT
        assert "سی‌ویکمین" in page.content()
        shot(page, f"committee-report-draft-{screen}")
        page.goto(session_url)
        assert page.locator("#my-article a").count() == 1
        assert page.get_by_role("button", name="بردن گزارش به اتاق خبر شیراز").count() == 0
    finally:
        context.close()
    assert SessionArticle.objects.count() == 1
    assert not errors
