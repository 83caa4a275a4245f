"""The API token page in a real browser, at 1280 and 390 px: a city admin makes a token, sees
it once, and revokes it (shared Playwright fixtures of tests/browser.py)."""

from __future__ import annotations

import pytest
from django.test import Client

from jahesh.opendata.models import ApiToken
from jahesh.registry.models import Role
from tests.browser import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host,
          "path": "/"}]
    )  # fmt: skip


@pytest.mark.parametrize("width", [1280, 390])
def test_a_city_admin_makes_sees_once_and_revokes_a_token(
    live_server, page, city_a, member_of, width
):
    page.set_viewport_size({"width": width, "height": 900})
    _sign_in(page, live_server, member_of(city_a, Role.ADMIN))
    page.goto(f"{live_server.url}/staff/api-tokens/")
    assert page.url.endswith(f"/staff/api-tokens/{city_a.slug}/")
    page.fill("#token-name", "سامانه GIS")
    page.select_option("#token-scope", "write")
    page.click('button:has-text("ساخت کلید")')
    secret = page.inner_text("#new-token").strip()
    assert secret.startswith("jhs_")
    shot(page, f"api-tokens-made-{width}")
    token = ApiToken.objects.get()
    assert token.scope == "write"
    page.goto(f"{live_server.url}/staff/api-tokens/{city_a.slug}/")
    assert secret not in page.content()
    page.click('button:has-text("ابطال")')
    assert "باطل شد" in page.inner_text("body")
    shot(page, f"api-tokens-revoked-{width}")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert page.errors == []
