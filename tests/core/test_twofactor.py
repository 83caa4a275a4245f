"""Two-factor sign-in: enrolment with a real TOTP, verification at sign-in (the admin's too),
backup codes, wrong and replayed codes, throttling, the city's switch and who it reaches."""

from __future__ import annotations

import hmac
import struct
import time
from base64 import b32decode
from hashlib import sha1
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from jahesh.core import cities
from jahesh.core.models import AuditEvent, AuditKind, CitySecurityPolicy
from jahesh.core.twofactor import devices, policy
from jahesh.registry.models import Role
from tests.registry.factories import UserFactory

PASSWORD = "pass-for-tests"
LOGIN = "/admin/login/"


def totp(secret_b32: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 (HMAC-SHA1, RFC 4226's dynamic truncation), computed here, not by django-otp."""
    key = b32decode(secret_b32.replace(" ", ""))
    counter = int((time.time() if at is None else at) // step)
    mac = hmac.new(key, struct.pack(">Q", counter), sha1).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def test_the_rfc_6238_helper_matches_the_rfcs_own_vector():
    # RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 (8 digits).
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # "12345678901234567890"
    assert totp(secret, at=59, digits=8) == "94287082"


def sign_in(client: Client, username: str) -> None:
    response = client.post(LOGIN, {"username": username, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302, response.content.decode()[:500]


@pytest.fixture
def member_of(member_of):
    """Members who can sign in to the back office, as membership_grant makes them."""

    def make(city, role=Role.EDITOR, username=None):
        user = member_of(city, role, username)
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        return user

    return make


def require_in(city) -> None:
    CitySecurityPolicy.objects.create(city_id=city.pk, require_two_factor=True)


def enrol(client: Client) -> tuple[str, list[str]]:
    """Set up an authenticator through the pages; return its secret and the backup codes."""
    page = client.get(reverse("security:enrol"))
    assert page.status_code == 200
    secret = page.context["secret"]
    svg = client.get(reverse("security:qr"))
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.lstrip().startswith((b"<?xml", b"<svg"))
    # The QR code says what the page says: the same secret, base32.
    device = TOTPDevice.objects.get(confirmed=False)
    query = parse_qs(urlsplit(device.config_url).query)
    assert query["secret"][0] == secret.replace(" ", "")
    done = client.post(reverse("security:enrol"), {"code": totp(secret)})
    assert done.status_code == 200, done.content.decode()[:800]
    return secret, done.context["codes"]


def test_roles_core_names_are_the_registrys():
    assert cities.ADMIN_ROLE == Role.ADMIN
    assert cities.PUBLISHER_ROLE == Role.PUBLISHER


@pytest.mark.django_db
def test_a_publisher_of_a_city_that_requires_it_is_sent_to_enrol_before_any_staff_page(
    client, city_a, member_of
):
    require_in(city_a)
    publisher = member_of(city_a, Role.PUBLISHER, username="nasher")
    sign_in(client, "nasher")
    for address in ("/admin/", "/staff/newsroom/", "/staff/security/"):
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("security:enrol"))
    _secret, codes = enrol(client)
    assert len(codes) == devices.BACKUP_CODE_COUNT
    # Enrolled and verified in one go: the staff pages open.
    assert client.get("/admin/").status_code == 200
    assert TOTPDevice.objects.get(user=publisher).confirmed
    assert AuditEvent.objects.filter(kind=AuditKind.TWO_FACTOR_ENROLLED).count() == 1


@pytest.mark.django_db
def test_the_same_role_in_a_city_that_does_not_require_it_signs_in_with_a_password(
    client, city_a, city_b, member_of
):
    require_in(city_a)
    member_of(city_b, Role.PUBLISHER, username="nasher-b")
    sign_in(client, "nasher-b")
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "required"),
    [
        (Role.VIEWER, False),
        (Role.REPORTER, False),
        (Role.EDITOR, False),
        (Role.PLANNER, False),
        (Role.PUBLISHER, True),
        (Role.ADMIN, True),
    ],
)
def test_a_citys_requirement_reaches_its_publishers_and_admins_only(
    city_a, member_of, role, required
):
    require_in(city_a)
    user = member_of(city_a, role)
    assert policy.is_required(user) is required
    assert policy.need_of(user) == (policy.Need.ENROL if required else policy.Need.NOTHING)


@pytest.mark.django_db
def test_a_superuser_owes_it_only_once_some_city_requires_it(client, city_a):
    UserFactory(username="ci-admin", is_staff=True, is_superuser=True)
    sign_in(client, "ci-admin")
    # The CI's production step: a superuser, no city requiring it, straight into the admin.
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/registry/municipality/").status_code == 200
    require_in(city_a)
    other = Client()
    sign_in(other, "ci-admin")
    assert other.get("/admin/")["Location"].startswith(reverse("security:enrol"))


@pytest.mark.django_db
def test_an_enrolled_person_passes_the_second_step_at_every_sign_in_even_where_optional(
    client, city_a, member_of
):
    member_of(city_a, Role.EDITOR, username="virastar")
    sign_in(client, "virastar")
    secret, _codes = enrol(client)  # optional: nobody requires it of an editor
    client.post(reverse("admin:logout"))
    later = Client()
    sign_in(later, "virastar")
    response = later.get("/admin/")
    assert response["Location"].startswith(reverse("security:verify"))
    # Half signed in, public pages see an anonymous visitor.
    assert later.get(reverse("security:verify")).status_code == 200
    # A code typed with Persian digits and a space is read.
    code = totp(secret, at=time.time() + 30)
    persian_code = code[:3].translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) + " " + code[3:]
    passed = later.post(
        reverse("security:verify"), {"code": persian_code, "next": "/admin/registry/project/"}
    )
    assert passed.status_code == 302
    assert passed["Location"] == "/admin/registry/project/"
    assert later.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_a_wrong_code_is_refused_in_persian_and_recorded(client, city_a, member_of):
    require_in(city_a)
    member_of(city_a, Role.ADMIN, username="modir")
    sign_in(client, "modir")
    secret, _ = enrol(client)
    client.post(reverse("admin:logout"))
    sign_in(client, "modir")
    right = totp(secret, at=time.time() + 30)
    wrong = str((int(right) + 1) % 10**6).zfill(6)
    response = client.post(reverse("security:verify"), {"code": wrong})
    assert response.status_code == 400
    assert "کد واردشده درست نیست" in response.content.decode()
    assert client.get("/admin/").status_code == 302
    assert AuditEvent.objects.filter(kind=AuditKind.TWO_FACTOR_FAILED).count() == 1


@pytest.mark.django_db
def test_a_code_already_used_is_refused_the_second_time(client, city_a, member_of):
    require_in(city_a)
    member_of(city_a, Role.ADMIN, username="modir")
    sign_in(client, "modir")
    secret, _ = enrol(client)
    code = totp(secret, at=time.time() + 30)
    client.post(reverse("admin:logout"))
    sign_in(client, "modir")
    assert client.post(reverse("security:verify"), {"code": code}).status_code == 302
    client.post(reverse("admin:logout"))
    thief = Client()
    sign_in(thief, "modir")
    replayed = thief.post(reverse("security:verify"), {"code": code})
    assert replayed.status_code == 400
    assert thief.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_a_backup_code_works_once(client, city_a, member_of):
    require_in(city_a)
    member_of(city_a, Role.PUBLISHER, username="nasher")
    sign_in(client, "nasher")
    _secret, codes = enrol(client)
    client.post(reverse("admin:logout"))
    sign_in(client, "nasher")
    assert client.post(reverse("security:verify"), {"code": codes[0].upper()}).status_code == 302
    assert devices.backup_codes_left(get_user_model().objects.get(username="nasher")) == 9
    client.post(reverse("admin:logout"))
    sign_in(client, "nasher")
    assert client.post(reverse("security:verify"), {"code": codes[0]}).status_code == 400


@pytest.mark.django_db
def test_wrong_codes_lock_the_second_step_even_for_the_right_code(
    client, city_a, member_of, settings
):
    settings.JAHESH_TWO_FACTOR_FAILURE_LIMIT = 3
    require_in(city_a)
    user = member_of(city_a, Role.PUBLISHER, username="nasher")
    sign_in(client, "nasher")
    secret, _ = enrol(client)
    client.post(reverse("admin:logout"))
    sign_in(client, "nasher")
    for _ in range(3):
        assert client.post(reverse("security:verify"), {"code": "000000x"}).status_code == 400
    locked = client.post(reverse("security:verify"), {"code": totp(secret, at=time.time() + 30)})
    assert locked.status_code == 429
    assert "۱۵ دقیقه" in locked.content.decode()
    assert client.get("/admin/").status_code == 302
    # An admin's reset unlocks: the person sets up anew.
    boss = UserFactory(username="boss", is_staff=True, is_superuser=True)
    devices.devices_reset(by=boss, user=user)
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    devices.require_not_locked(user=user)
    assert client.get("/admin/").status_code == 302  # the session checks again within a minute


@pytest.mark.django_db
def test_the_admin_action_resets_a_persons_devices_and_says_so(client, city_a, member_of):
    user = member_of(city_a, Role.PUBLISHER, username="nasher")
    TOTPDevice.objects.create(user=user, name="x", confirmed=True)
    StaticDevice.objects.create(user=user, name="y", confirmed=True)
    boss = UserFactory(username="boss", is_staff=True, is_superuser=True)
    client.force_login(boss)
    changelist = reverse("admin:core_twofactordevice_changelist")
    assert client.get(changelist).status_code == 200
    device = TOTPDevice.objects.get(user=user)
    response = client.post(
        changelist, {"action": "reset", "_selected_action": [device.pk]}, follow=True
    )
    assert "بازنشانی شد" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    event = AuditEvent.objects.get(kind=AuditKind.TWO_FACTOR_RESET)
    assert (event.actor_username, event.subject_username) == ("boss", "nasher")


@pytest.mark.django_db
def test_a_city_admin_turns_the_requirement_on_for_their_city_only(
    client, city_a, city_b, member_of
):
    admin_a = member_of(city_a, Role.ADMIN, username="modir-a")
    client.force_login(admin_a)
    page = reverse("security:city", args=[city_a.pk])
    assert client.post(page, {"require_two_factor": "on"}).status_code == 302
    assert policy.city_requires(city_a.pk)
    assert AuditEvent.objects.filter(kind=AuditKind.POLICY_CHANGED).count() == 1
    # The admin is an admin of a city that now requires it: to enrolment first.
    assert client.get(page)["Location"].startswith(reverse("security:enrol"))
    other = Client()
    other.force_login(member_of(city_b, Role.EDITOR))
    assert other.post(reverse("security:city", args=[city_a.pk]), {}).status_code == 404
    assert policy.city_requires(city_a.pk)


@pytest.mark.django_db
def test_a_person_half_signed_in_is_anonymous_on_public_pages(client, city_a, member_of):
    require_in(city_a)
    member_of(city_a, Role.ADMIN, username="modir")
    sign_in(client, "modir")
    response = client.get(f"/{city_a.slug}/")
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_every_security_page_is_persian(client, city_a, member_of):
    from jahesh.core.audit import event_record
    from tests.config.persian_text import findings

    require_in(city_a)
    member_of(city_a, Role.ADMIN, username="modir")
    sign_in(client, "modir")
    allowed = frozenset({"modir"})
    pages = {"enrol": client.get(reverse("security:enrol")).content.decode()}
    secret = pages["enrol"].split('<code dir="ltr">')[1].split("<")[0]
    pages["codes"] = client.post(reverse("security:enrol"), {"code": totp(secret)}).content.decode()
    event_record(kind=AuditKind.PUBLISHED, summary="انتشار در ۱ فروردین: «افتتاح پل»", city=city_a)
    pages["index"] = client.get(reverse("security:index")).content.decode()
    pages["city"] = client.get(reverse("security:city", args=[city_a.pk])).content.decode()
    client.post(reverse("admin:logout"))
    sign_in(client, "modir")
    pages["verify"] = client.get(reverse("security:verify")).content.decode()
    pages["wrong"] = client.post(reverse("security:verify"), {"code": "12"}).content.decode()
    for name, html in pages.items():
        assert [str(f) for f in findings(html, allowed)] == [], name
