"""The locked sign-in in a real browser at phone width: the page fits, reads right to left, and
says until when, in Persian digits. Screenshot: test-artifacts/lockout-390.png."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from jahesh.core import lockout
from tests.browser import shot
from tests.core.test_lockout import lock_out
from tests.core.test_twofactor import PASSWORD
from tests.registry.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_locked_out_sign_in_reads_well_on_a_phone(live_server, page, settings):
    UserFactory(username="dabir", is_staff=True)
    lock_out(Client(REMOTE_ADDR="127.0.0.1"), "dabir", settings)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{live_server.url}/admin/login/")
    shot(page, "signin-390")
    page.fill("#id_username", "dabir")
    page.fill("#id_password", PASSWORD)
    page.locator("form#login-form [type=submit]").click()
    page.wait_for_load_state()

    assert page.locator("h1").inner_text() == lockout.TITLE
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    text = page.locator("main").inner_text()
    assert "قفل می‌ماند" in text
    assert not re.search(r"[0-9]", text)
    shot(page, "lockout-390")
    assert [e for e in page.errors if "status of 429" not in e] == []
