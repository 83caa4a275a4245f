"""A locked sign-in speaks one language: the page after wrong passwords, the refusal after wrong
codes and the admin's unlock use the words of core/lockout.py, name the fields as the sign-in
page does, and say until when the lock holds, in Persian digits."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.test import Client
from django.urls import reverse

from jahesh import persian
from jahesh.core import lockout
from jahesh.core.models import AuditEvent, AuditKind
from jahesh.core.twofactor import devices
from jahesh.registry.models import Role
from tests.core.test_twofactor import LOGIN, PASSWORD, enrol, sign_in
from tests.registry.factories import UserFactory

pytestmark = pytest.mark.django_db

LATIN_DIGITS = re.compile(r"[0-9]")


def text_of(html: str) -> str:
    body = html.split("<body", 1)[-1].split(">", 1)[-1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip()


def lock_out(client: Client, username: str, settings) -> None:
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": username, "password": f"guess-{n}"})


def test_the_lock_out_page_says_until_when_in_persian_digits_and_whom_to_ask(client, settings):
    UserFactory(username="dabir", is_staff=True)
    lock_out(client, "dabir", settings)

    refused = client.post(LOGIN, {"username": "dabir", "password": PASSWORD})

    assert refused.status_code == 429
    last_attempt = AccessAttempt.objects.get(username="dabir").attempt_time
    until = persian.format_jalali(last_attempt + settings.AXES_COOLOFF_TIME, "datetime")
    shown = text_of(refused.content.decode())
    assert shown.startswith(lockout.TITLE)
    assert f"تا {until} (۱۵ دقیقه) قفل می‌ماند" in shown
    assert lockout.ASK_AN_ADMIN in shown
    assert not LATIN_DIGITS.search(shown)


def test_the_lock_out_page_names_the_fields_as_the_sign_in_page_does(client, settings):
    labels = re.findall(r"<label[^>]*>([^<:]+):?</label>", client.get(LOGIN).content.decode())
    assert labels == ["نام کاربری", "گذرواژه"]
    UserFactory(username="dabir", is_staff=True)
    lock_out(client, "dabir", settings)
    shown = text_of(client.post(LOGIN, {"username": "dabir", "password": "x"}).content.decode())
    assert "نام کاربری" in shown
    assert "گذرواژه" in shown


def test_the_admin_names_the_lock_and_its_removal_as_the_page_does(client, settings):
    assert apps.get_app_config("axes").verbose_name == lockout.SECTION
    person = Client()
    UserFactory(username="dabir", is_staff=True)
    lock_out(person, "dabir", settings)
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    changelist = reverse("admin:axes_accessattempt_changelist")

    page = client.get(changelist).content.decode()
    assert f'<option value="delete_selected">{lockout.UNLOCK_ACTION}</option>' in page
    assert lockout.STATUS_LOCKED in page
    assert lockout.SECTION in page
    locked = list(AccessAttempt.objects.values_list("pk", flat=True))
    confirm = client.post(changelist, {"action": "delete_selected", "_selected_action": locked})
    assert confirm.status_code == 200
    done = client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": locked, "post": "yes"},
    )
    assert done.status_code == 302

    assert not AccessAttempt.objects.exists()
    unlocked = AuditEvent.objects.get(kind=AuditKind.UNLOCKED)
    assert (unlocked.actor_username, unlocked.subject_username) == ("boss", "dabir")
    assert "«dabir»" in unlocked.summary
    assert person.post(LOGIN, {"username": "dabir", "password": PASSWORD}).status_code == 302


def test_an_unlock_from_a_records_page_is_in_the_audit_log_under_the_persons_city(
    client, settings, city_a, member_of
):
    member = member_of(city_a, Role.EDITOR, username="dabir")
    member.is_staff = True
    member.save(update_fields=["is_staff"])
    lock_out(Client(), "dabir", settings)
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    row = AccessAttempt.objects.get(username="dabir")
    done = client.post(reverse("admin:axes_accessattempt_delete", args=[row.pk]), {"post": "yes"})
    assert done.status_code == 302
    unlocked = AuditEvent.objects.get(kind=AuditKind.UNLOCKED)
    assert unlocked.subject_username == "dabir"
    assert list(unlocked.cities.values_list("city_id", flat=True)) == [city_a.pk]


def test_a_city_admin_without_the_delete_right_cannot_unlock(client, settings, city_a, member_of):
    UserFactory(username="dabir", is_staff=True)
    lock_out(Client(), "dabir", settings)
    modir = member_of(city_a, Role.ADMIN, username="modir")
    modir.is_staff = True
    modir.save(update_fields=["is_staff"])
    client.force_login(modir)
    locked = list(AccessAttempt.objects.values_list("pk", flat=True))
    client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": locked, "post": "yes"},
    )
    assert AccessAttempt.objects.count() == len(locked)


def test_wrong_codes_say_until_when_the_second_step_is_locked_and_it_opens_then(
    client, city_a, member_of, settings
):
    settings.JAHESH_TWO_FACTOR_FAILURE_LIMIT = 3
    user = member_of(city_a, Role.EDITOR, username="nasher")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    sign_in(client, "nasher")
    enrol(client)
    client.post(reverse("admin:logout"))
    sign_in(client, "nasher")
    for _ in range(3):
        client.post(reverse("security:verify"), {"code": "000000x"})

    locked = client.post(reverse("security:verify"), {"code": "000000x"})

    assert locked.status_code == 429
    failures = AuditEvent.objects.filter(kind=AuditKind.TWO_FACTOR_FAILED).order_by("at")
    assert failures.count() == 3  # nothing is counted while locked
    opens = failures.first().at + settings.AXES_COOLOFF_TIME
    shown = text_of(locked.content.decode())
    assert f"تا {persian.format_jalali(opens, 'datetime')} (۱۵ دقیقه) قفل می‌ماند" in shown
    with pytest.raises(devices.CodesLockedError):
        devices.require_not_locked(user=user, now=opens - dt.timedelta(seconds=1))
    devices.require_not_locked(user=user, now=opens + dt.timedelta(seconds=1))
