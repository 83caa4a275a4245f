"""Two-factor sign-in in a real browser, at a desktop and a phone width: a city admin of a city
that requires it signs in, is sent to set up an authenticator, reads the secret off the page,
confirms, keeps the backup codes, is let in; signs out; signs in again, is asked for the code,
is refused a wrong one in Persian, and passes with the authenticator and then a backup code.

The codes are computed from the secret the page shows (RFC 6238, tests/core/test_twofactor.py),
never read from the database. Screenshots go to test-artifacts/twofactor-*-<width>.png.
"""

from __future__ import annotations

import time

import pytest

from jahesh.core.models import AuditEvent, AuditKind, CitySecurityPolicy
from jahesh.registry.models import Role
from tests.browser import shot
from tests.core.test_twofactor import PASSWORD, totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": 1280, "phone": 390}
STEP_S = 30
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"


def fits_the_width(page) -> bool:
    """Nothing wider than the window: no sideways scrolling on a phone."""
    return bool(
        page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    )


def sign_in_with_password(page, base: str, username: str, next_path: str = "/admin/") -> None:
    page.goto(f"{base}/admin/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form#login-form [type=submit]").click()
    page.wait_for_load_state()


def sign_out(page) -> None:
    page.locator("header form button[type=submit]").click()
    page.wait_for_load_state()


def submit_code(page, code: str) -> None:
    page.fill("#id_code", code)
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()


def another_code(code: str) -> str:
    return str((int(code) + 1) % 10**6).zfill(6)


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_a_city_admin_enrols_then_passes_the_second_step_at_every_sign_in(
    live_server, page, city_a, member_of, width
):
    page.set_viewport_size({"width": width, "height": 900})
    CitySecurityPolicy.objects.create(city_id=city_a.pk, require_two_factor=True)
    admin = member_of(city_a, Role.ADMIN, username="modir-a")
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    base = live_server.url

    # The password step sends a person who owes a second step to set one up.
    sign_in_with_password(page, base, "modir-a")
    assert "/staff/security/two-factor/" in page.url
    assert page.locator("h1").inner_text() == "راه‌اندازی ورود دومرحله‌ای"
    assert "الزامی" in page.locator("main").inner_text()
    qr = page.locator(".qr img")
    qr.wait_for()
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", qr.element_handle())
    assert fits_the_width(page)
    shot(page, f"twofactor-enrol-{width}")

    # Enrolment: a wrong code first, then the right one read off the page.
    secret = page.locator(".secret code").inner_text()
    right = totp(secret)
    submit_code(page, another_code(right))
    assert "کد واردشده درست نیست" in page.locator(".errorlist").inner_text()
    assert fits_the_width(page)
    shot(page, f"twofactor-enrol-wrong-{width}")
    submit_code(page, right)
    assert page.locator("h1").inner_text() == "کدهای پشتیبان"
    backup_codes = page.locator(".codes code").all_inner_texts()
    assert len(backup_codes) == 10
    assert fits_the_width(page)
    shot(page, f"twofactor-codes-{width}")

    # Let in: «ادامه» goes where the sign-in was headed.
    page.get_by_role("link", name="ادامه").click()
    page.wait_for_load_state()
    assert page.url.endswith("/admin/")
    assert page.locator("#user-tools").count() == 1

    # Out, and in again: the password alone now leads to the code page.
    page.goto(f"{base}/staff/security/")
    shot(page, f"twofactor-index-{width}")
    sign_out(page)
    sign_in_with_password(page, base, "modir-a")
    assert "/staff/security/two-factor/verify/" in page.url
    assert page.locator("h1").inner_text() == "مرحله دوم ورود"
    page.goto(f"{base}/admin/")  # no way round the second step
    assert "/staff/security/two-factor/verify/" in page.url
    assert fits_the_width(page)
    shot(page, f"twofactor-verify-{width}")

    # The code of this time step was spent at enrolment; the next step's is within tolerance.
    following = totp(secret, at=time.time() + STEP_S)
    submit_code(page, another_code(following))
    refusal = page.locator(".errorlist").inner_text()
    assert "کد واردشده درست نیست" in refusal
    assert fits_the_width(page)
    shot(page, f"twofactor-verify-wrong-{width}")
    submit_code(page, following)
    assert page.url.endswith("/admin/")

    # A backup code is one way in, once.
    for attempt in ("let in", "refused"):
        sign_out_of_admin(page)
        sign_in_with_password(page, base, "modir-a")
        submit_code(page, backup_codes[0])
        if attempt == "let in":
            assert page.url.endswith("/admin/")
    assert "/staff/security/two-factor/verify/" in page.url
    assert "کد واردشده درست نیست" in page.locator(".errorlist").inner_text()
    # A refused code is answered 400, which the console reports; nothing else may be.
    assert [e for e in page.errors if "status of 400" not in e] == []

    kinds = list(AuditEvent.objects.filter(actor_username="modir-a").values_list("kind", flat=True))
    assert kinds.count(AuditKind.TWO_FACTOR_ENROLLED) == 1
    assert kinds.count(AuditKind.TWO_FACTOR_PASSED) == 2
    assert kinds.count(AuditKind.TWO_FACTOR_FAILED) == 3
    assert len(page.errors) == 3


def sign_out_of_admin(page) -> None:
    page.locator("#logout-form button[type=submit]").click()
    page.wait_for_load_state()
