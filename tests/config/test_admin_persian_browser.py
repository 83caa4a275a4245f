"""The admin in a real browser: the «N of M selected» counter, which Django's script rewrites
in Latin digits at each tick, stays in Persian digits (registry/static/registry/admin-digits.js).

Uses the shared Playwright fixtures of tests/browser.py (system Chromium: skipped where
missing, required in CI).
"""

from __future__ import annotations

import pytest
from django.test import Client

from jahesh.registry.models import Role
from tests.browser import shot
from tests.registry.factories import ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "domain": host,
                "path": "/",
            }
        ]
    )


def test_ticking_rows_keeps_the_selection_counter_in_persian(live_server, page, city_a, member_of):
    for n in range(3):
        ProjectFactory(municipality=city_a, title=f"پروژه آزمون {n + 1}")
    editor = member_of(city_a, Role.EDITOR, username="editor-a")
    editor.is_staff = True
    editor.save()
    _sign_in(page, live_server, editor)
    page.goto(f"{live_server.url}/admin/registry/project/")
    counter = page.locator(".action-counter")
    assert counter.inner_text().strip().startswith("۰ از ۳")
    page.locator("input.action-select").nth(0).check()
    page.locator("input.action-select").nth(1).check()
    page.wait_for_function(
        "document.querySelector('.action-counter').textContent.includes('۲ از ۳')"
    )
    assert not any(d in counter.inner_text() for d in "0123456789")
    page.locator("#action-toggle").check()
    page.wait_for_function(
        "document.querySelector('.action-counter').textContent.includes('۳ از ۳')"
    )
    shot(page, "admin-selection-counter")
    assert page.errors == []
