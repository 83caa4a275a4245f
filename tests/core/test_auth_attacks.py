"""Our own sign-in pages, attacked: forged forms (CSRF), redirects out of the site through
``next=``, the second step skipped by going straight to a staff address, codes of a device that
is not (or no longer) confirmed, and the audit log's record of each of these moments."""

from __future__ import annotations

import time
from base64 import b32encode
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jahesh.core.models import AuditEvent, AuditKind, CitySecurityPolicy
from jahesh.core.twofactor import devices
from jahesh.registry.models import Role
from tests.core.test_twofactor import LOGIN, PASSWORD, enrol, sign_in, totp
from tests.registry.factories import UserFactory

pytestmark = pytest.mark.django_db

STEP_S = 30
OUTSIDE = (
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "https:evil.example",
    "javascript:alert(1)",
    " https://evil.example/",
)


@pytest.fixture
def modir(city_a, member_of):
    """A staff admin of a city that requires a second step."""
    CitySecurityPolicy.objects.create(city_id=city_a.pk, require_two_factor=True)
    user = member_of(city_a, Role.ADMIN, username="modir")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def half_signed_in(modir, *, csrf: bool = False) -> Client:
    """A browser past the password step only."""
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(modir)
    return client


def enrolled_and_signed_out(modir) -> tuple[Client, str, list[str]]:
    client = Client()
    sign_in(client, "modir")
    secret, codes = enrol(client)
    client.post(reverse("admin:logout"))
    sign_in(client, "modir")
    return client, secret, codes


# Forged forms


@pytest.mark.parametrize("name", ["security:enrol", "security:verify"])
def test_the_code_forms_refuse_a_post_without_the_csrf_token(modir, name):
    client = half_signed_in(modir, csrf=True)
    if name == "security:verify":
        TOTPDevice.objects.create(user=modir, name="x", confirmed=True)
    form = client.get(reverse(name))
    assert 'name="csrfmiddlewaretoken"' in form.content.decode()

    forged = client.post(reverse(name), {"code": "123456"})

    assert forged.status_code == 403
    assert not AuditEvent.objects.filter(kind=AuditKind.TWO_FACTOR_FAILED).exists()


def test_renewing_backup_codes_and_resetting_a_device_refuse_a_forged_post(city_a):
    # No city requires a second step here, so the superuser's password is the whole sign-in.
    CitySecurityPolicy.objects.create(city_id=city_a.pk, require_two_factor=False)
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    victim = UserFactory(username="victim", is_staff=True)
    TOTPDevice.objects.create(user=victim, name="x", confirmed=True)

    assert client.post(reverse("security:codes-renew")).status_code == 403
    reset = reverse("security:device-reset", args=[city_a.pk])
    assert client.post(reset, {"username": "victim"}).status_code == 403
    city = reverse("security:city", args=[city_a.pk])
    assert client.post(city, {"require_two_factor": "on"}).status_code == 403
    assert TOTPDevice.objects.filter(user=victim).exists()
    assert not CitySecurityPolicy.objects.get(city_id=city_a.pk).require_two_factor


# Redirects out of the site


@pytest.mark.parametrize("outside", OUTSIDE)
def test_signing_in_never_sends_the_browser_to_another_site(client, outside):
    UserFactory(username="dabir", is_staff=True)
    response = client.post(
        f"{LOGIN}?next={quote(outside)}",
        {"username": "dabir", "password": PASSWORD, "next": outside},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/")
    assert not response["Location"].startswith(("//", "/\\"))


@pytest.mark.parametrize("outside", OUTSIDE)
def test_enrolment_and_the_code_page_never_send_the_browser_to_another_site(modir, outside):
    client = half_signed_in(modir)
    page = client.get(reverse("security:enrol"), {"next": outside})
    assert page.context["next"] == reverse("security:index")
    done = client.post(
        reverse("security:enrol"), {"code": totp(page.context["secret"]), "next": outside}
    )
    assert done.context["next"] == reverse("security:index")
    client.post(reverse("admin:logout"))
    sign_in(client, "modir")
    passed = client.post(
        reverse("security:verify"),
        {"code": done.context["codes"][0], "next": outside},
    )
    assert passed["Location"] == reverse("security:index")


def test_a_next_address_with_its_own_query_reaches_the_code_page_whole(modir):
    """Enrolment hands ``next`` on to the code page encoded: an ``&`` in it stays inside it."""
    enrolled_and_signed_out(modir)
    client = half_signed_in(modir)
    wanted = "/admin/registry/project/?o=1&q=x"
    sent_on = client.get(reverse("security:enrol"), {"next": wanted})
    assert sent_on.status_code == 302
    followed = client.get(sent_on["Location"])
    assert followed.context["next"] == wanted


# Skipping the second step


STAFF_ADDRESSES = (
    "/admin/",
    "/admin/registry/project/",
    "/admin/core/auditevent/",
    "/staff/newsroom/",
    "/staff/registry/",
    "/staff/leaps/",
    "/staff/api-tokens/",
    "/staff/security/",
    "/committee/",
)


@pytest.mark.parametrize("address", STAFF_ADDRESSES)
def test_after_the_password_alone_every_staff_address_leads_to_the_code_page(modir, address):
    client, _secret, _codes = enrolled_and_signed_out(modir)
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("security:verify") + "?next=")


def test_after_the_password_alone_the_city_log_and_its_forms_stay_shut(modir, city_a):
    client, _secret, _codes = enrolled_and_signed_out(modir)
    victim = UserFactory(username="victim", is_staff=True)
    TOTPDevice.objects.create(user=victim, name="x", confirmed=True)
    reset = reverse("security:device-reset", args=[city_a.pk])
    assert client.post(reset, {"username": "victim"}).status_code == 302
    assert TOTPDevice.objects.filter(user=victim).exists()
    city = reverse("security:city", args=[city_a.pk])
    assert client.post(city, {"require_two_factor": ""}).status_code == 302
    assert CitySecurityPolicy.objects.get(city_id=city_a.pk).require_two_factor
    renew = client.post(reverse("security:codes-renew"))
    assert renew["Location"].startswith(reverse("security:verify"))
    assert StaticDevice.objects.get(user=modir).token_set.count() == devices.BACKUP_CODE_COUNT


def test_after_the_password_alone_the_enrolment_page_adds_no_second_authenticator(modir):
    client, _secret, _codes = enrolled_and_signed_out(modir)
    response = client.get(reverse("security:enrol"))
    assert response["Location"].startswith(reverse("security:verify"))
    assert client.get(reverse("security:qr")).status_code == 404
    assert TOTPDevice.objects.filter(user=modir).count() == 1


def test_after_the_password_alone_the_api_and_portal_see_nobody(modir, city_a):
    client, _secret, _codes = enrolled_and_signed_out(modir)
    for address in (f"/{city_a.slug}/", "/api/v1/"):
        response = client.get(address)
        assert not response.wsgi_request.user.is_authenticated, address


# Devices that are not, or no longer, confirmed


def test_the_codes_of_a_device_still_being_set_up_do_not_pass_the_second_step(modir):
    client, _secret, _codes = enrolled_and_signed_out(modir)
    confirmed = TOTPDevice.objects.get(user=modir)
    spare = TOTPDevice.objects.create(user=modir, name="x", confirmed=False)
    spare_secret = b32encode(spare.bin_key).decode()
    refused = client.post(
        reverse("security:verify"), {"code": totp(spare_secret, at=time.time() + STEP_S)}
    )
    assert refused.status_code == 400
    assert confirmed.confirmed
    assert client.get("/admin/").status_code == 302


def test_a_disabled_device_and_disabled_backup_codes_are_refused(modir):
    client, secret, codes = enrolled_and_signed_out(modir)
    TOTPDevice.objects.filter(user=modir).update(confirmed=False)
    StaticDevice.objects.filter(user=modir).update(confirmed=False)
    for code in (totp(secret, at=time.time() + STEP_S), codes[0]):
        response = client.post(reverse("security:verify"), {"code": code})
        assert response["Location"].startswith(reverse("security:enrol"))
    assert client.get("/admin/").status_code == 302
    assert StaticToken.objects.filter(token=codes[0]).exists()


def test_setting_up_again_never_revives_a_disabled_authenticator(modir):
    """A device an admin turned off (a stolen phone) must not come back as the one «being set
    up»: its secret is on the stolen phone."""
    client, secret, _codes = enrolled_and_signed_out(modir)
    TOTPDevice.objects.filter(user=modir).update(confirmed=False)
    StaticDevice.objects.filter(user=modir).delete()
    page = client.get(reverse("security:enrol"))
    assert page.status_code == 200
    assert page.context["secret"] != secret
    refused = client.post(
        reverse("security:enrol"), {"code": totp(secret, at=time.time() + STEP_S)}
    )
    assert refused.status_code == 400


def test_after_a_reset_the_old_authenticator_and_backup_codes_open_nothing(modir):
    _client, secret, codes = enrolled_and_signed_out(modir)
    boss = UserFactory(username="boss", is_staff=True, is_superuser=True)
    devices.devices_reset(by=boss, user=modir)
    fresh = Client()
    sign_in(fresh, "modir")
    for code in (totp(secret, at=time.time() + STEP_S), codes[1]):
        response = fresh.post(reverse("security:verify"), {"code": code})
        assert response["Location"].startswith(reverse("security:enrol"))
    assert fresh.get("/admin/")["Location"].startswith(reverse("security:enrol"))


# The audit log


def test_enrolment_and_removal_are_recorded(modir):
    enrolled_and_signed_out(modir)
    devices.devices_reset(by=UserFactory(username="boss", is_superuser=True), user=modir)
    enrolled = AuditEvent.objects.get(kind=AuditKind.TWO_FACTOR_ENROLLED)
    removed = AuditEvent.objects.get(kind=AuditKind.TWO_FACTOR_RESET)
    assert enrolled.actor_username == "modir"
    assert (removed.actor_username, removed.subject_username) == ("boss", "modir")


def test_a_password_lock_out_is_recorded_once_with_the_username(client, settings):
    UserFactory(username="dabir", is_staff=True)
    for n in range(settings.AXES_FAILURE_LIMIT + 2):
        client.post(LOGIN, {"username": "dabir", "password": f"guess-{n}"})
    locked = AuditEvent.objects.filter(kind=AuditKind.LOCKED_OUT)
    assert locked.count() >= 1
    assert {e.subject_username for e in locked} == {"dabir"}


def test_wrong_codes_that_shut_the_second_step_are_recorded_as_a_lock_out(modir, settings):
    settings.JAHESH_TWO_FACTOR_FAILURE_LIMIT = 3
    client, _secret, _codes = enrolled_and_signed_out(modir)
    for _ in range(5):
        client.post(reverse("security:verify"), {"code": "000000x"})
    locked = AuditEvent.objects.get(kind=AuditKind.LOCKED_OUT)
    assert locked.actor_username == "modir"
    assert "مرحله دوم" in locked.summary
