"""The planning board in a real browser: the move dialog checks a place before it is taken.

Uses the shared Playwright fixtures of tests/browser.py (system Chromium: skipped where
missing, required in CI).
"""

from __future__ import annotations

import pytest
from django.test import Client

from jahesh.leaps.models import PlanAssignment
from tests.leaps.conftest import make_planned_city

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


def test_a_planner_moves_a_card_after_the_instant_check(live_server, page, city_a, member_of):
    planned = make_planned_city(city_a, member_of)
    _sign_in(page, live_server, planned.planner)
    board = f"{live_server.url}/staff/leaps/{city_a.slug}/{planned.programme.slug}/"
    page.goto(board)
    assert page.get_attribute("html", "dir") == "rtl"
    left_out = planned.ceremonies[-1]
    page.click(f"#ceremony-{left_out.pk} a.move-link")
    page.wait_for_selector("#move-dialog[open]")
    first_wave, second_wave = planned.waves
    taken = f"{first_wave.pk}|{first_wave.start_date.isoformat()}|0"
    page.select_option("#move-place", taken)
    page.wait_for_selector("#move-reasons li")
    assert page.is_disabled("#move-submit")
    assert "شهردار" in page.inner_text("#move-reasons")
    free = f"{second_wave.pk}|{second_wave.start_date.isoformat()}|1"
    page.select_option("#move-place", free)
    page.wait_for_selector("#move-verdict.ok")
    assert page.is_enabled("#move-submit")
    with page.expect_navigation():
        page.click("#move-submit")
    column = page.locator(f'section.column[data-wave="{second_wave.pk}"]')
    assert column.locator(f"#ceremony-{left_out.pk}").count() == 1
    row = PlanAssignment.objects.get(plan=planned.plan, ceremony=left_out)
    assert (row.wave_id, row.slot, row.locked) == (second_wave.pk, 1, True)
    assert page.errors == []


def test_a_card_dropped_on_a_wave_is_offered_the_first_place_that_fits(
    live_server,
    page,
    city_a,
    member_of,
):
    planned = make_planned_city(city_a, member_of)
    _sign_in(page, live_server, planned.planner)
    page.goto(f"{live_server.url}/staff/leaps/{city_a.slug}/{planned.programme.slug}/")
    left_out = planned.ceremonies[-1]
    first_wave = planned.waves[0]
    page.drag_and_drop(
        f"#ceremony-{left_out.pk}", f'section.column[data-wave="{first_wave.pk}"] .column-head'
    )
    page.wait_for_selector("#move-verdict.ok")
    assert page.input_value("#move-place") == (
        f"{first_wave.pk}|{first_wave.start_date.isoformat()}|3"
    )
    assert page.errors == []
