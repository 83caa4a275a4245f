"""The Jalali date picker in a real browser: a date is picked with the keyboard alone.

Uses the shared Playwright fixtures of tests/browser.py (system Chromium: skipped where
missing, required in CI).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from jahesh import persian
from jahesh.newsroom import services
from jahesh.newsroom.models import ArticleKind, Publication
from tests.browser import shot

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


def _jalali_text(day: dt.date) -> str:
    year, month, dom = persian.jalali_date(day)
    return persian.to_persian_digits(f"{year:04d}/{month:02d}/{dom:02d}")


def test_a_publisher_schedules_an_article_picking_the_day_with_the_keyboard(
    live_server, page, city_a, staff
):
    services.channel_create(
        by=staff.publisher, municipality=city_a, kind="portal", name="درگاه", is_default=True
    )
    article = services.article_create(
        by=staff.reporter, municipality=city_a, kind=ArticleKind.NEWS, title="افتتاح بوستان یاس"
    )
    services.article_submit(by=staff.reporter, article=article)
    services.article_approve(by=staff.editor, article=article)
    _sign_in(page, live_server, staff.publisher)
    page.goto(f"{live_server.url}/staff/newsroom/{city_a.slug}/articles/{article.code}/")

    date_input = page.locator("input[name=date]")
    toggle = page.locator("button.jalali-picker-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    # Reach the calendar button from the date field with Tab, open it with Enter.
    date_input.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "jalali-picker-toggle"
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    dialog = page.get_by_role("dialog", name="برگزیدن تاریخ")
    assert dialog.is_visible()
    today = timezone.localdate()
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert persian.to_persian_digits(str(persian.jalali_date(today)[2])) in focused

    # On a right-to-left page the left arrow is the next day; down is the next week.
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")
    shot(page, "jalali-picker-open")
    page.keyboard.press("Enter")
    picked = today + dt.timedelta(days=8)
    assert date_input.input_value() == _jalali_text(picked)
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement.name") == "date"

    # Escape closes without changing the value; focus goes back to the field.
    toggle.click()
    assert dialog.is_visible()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert date_input.input_value() == _jalali_text(picked)

    page.locator("input[name=time]").fill("10:30")
    page.get_by_role("button", name="زمان‌بندی انتشار").click()
    page.wait_for_load_state()
    row = Publication.objects.get()
    assert timezone.localtime(row.due_at).date() == picked
    assert timezone.localtime(row.due_at).time() == dt.time(10, 30)
    assert page.errors == []
