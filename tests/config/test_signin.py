"""Log-in throttling: 50 wrong passwords no longer end with the right one accepted."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory

from jahesh.config.signin import client_address
from jahesh.core import lockout
from tests.registry.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
RIGHT = "pass-for-tests"


def sign_in(client: Client, username: str, password: str, address: str = "203.0.113.7") -> int:
    response = client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)
    return response.status_code


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def staff():
    return UserFactory(username="dabir", is_staff=True)


def test_fifty_wrong_passwords_then_the_right_one_is_refused_in_persian(client, staff, settings):
    codes = [sign_in(client, "dabir", f"guess-{n}") for n in range(50)]
    response = client.post(
        LOGIN, {"username": "dabir", "password": RIGHT}, REMOTE_ADDR="203.0.113.7"
    )

    assert codes[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert set(codes[settings.AXES_FAILURE_LIMIT :]) == {429}
    assert response.status_code == 429
    assert lockout.TITLE in response.content.decode()
    assert not signed_in(client)


def test_a_locked_account_is_refused_from_every_address(client, staff, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "dabir", f"guess-{n}", address=f"198.51.100.{n + 1}")

    assert sign_in(client, "dabir", RIGHT, address="192.0.2.200") == 429
    assert not signed_in(client)


def test_an_address_guessing_many_accounts_is_locked_out_for_every_account(client, staff, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"someone-{n}", "guess")

    assert sign_in(client, "dabir", RIGHT) == 429
    assert sign_in(client, "dabir", RIGHT, address="192.0.2.200") == 302


def test_an_admin_unlock_lets_the_locked_out_person_in(client, staff, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "dabir", f"guess-{n}")
    assert sign_in(client, "dabir", RIGHT) == 429
    admin = Client()
    admin.force_login(UserFactory(username="modir", is_staff=True, is_superuser=True))
    locked = list(AccessAttempt.objects.values_list("pk", flat=True))

    answer = admin.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": locked, "post": "yes"},
    )

    assert answer.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert sign_in(client, "dabir", RIGHT) == 302
    assert signed_in(client)


def test_a_success_before_the_limit_forgets_the_failures(client, staff, settings):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "dabir", f"guess-{n}")
    assert sign_in(client, "dabir", RIGHT) == 302
    client.logout()
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "dabir", f"guess-{n}")

    assert sign_in(client, "dabir", RIGHT) == 302


def test_without_trusted_proxies_a_forged_forwarded_for_is_ignored(settings):
    settings.PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(request) == "10.0.0.5"


def test_behind_one_proxy_the_address_it_saw_is_the_client(settings):
    settings.PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    assert client_address(request) == "203.0.113.9"
    assert client_address(RequestFactory().get("/", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"
