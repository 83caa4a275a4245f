"""The admin as a superuser sees it: the pages the Persian crawl cannot reach (it signs in only
as city roles) — the admin index with every app, users, groups and django-axes' records — are
Persian throughout, by the crawl's own checker."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from tests.config.persian_crawl import lone_latin_numbers
from tests.config.persian_text import findings

pytestmark = pytest.mark.django_db

WHEN = dt.datetime(2025, 3, 21, 8, 30, tzinfo=dt.UTC)  # ۱ فروردین ۱۴۰۴


@pytest.fixture
def root(django_user_model):
    root = django_user_model.objects.create_superuser("root-a", "root@example.org", "x-9-long-pass")
    client = Client()
    client.force_login(root)
    client.user = root  # type: ignore[attr-defined]
    return client


@pytest.fixture
def records(django_user_model):
    person = django_user_model.objects.create_user("person-a", password="x-9-long-pass")
    group = Group.objects.create(name="ویراستاران")
    group.permissions.set(Permission.objects.filter(codename__in=["add_user", "view_group"]))
    common = {"user_agent": "Mozilla/5.0", "ip_address": "192.0.2.7", "username": "person-a"}
    attempt = AccessAttempt.objects.create(
        **common, http_accept="text/html", path_info="/admin/login/", failures_since_start=3
    )
    log = AccessLog.objects.create(
        **common, http_accept="text/html", path_info="/admin/login/", logout_time=WHEN
    )
    failure = AccessFailureLog.objects.create(
        **common, http_accept="text/html", path_info="/admin/login/", locked_out=True
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=WHEN)
    AccessLog.objects.filter(pk=log.pk).update(attempt_time=WHEN)
    AccessFailureLog.objects.filter(pk=failure.pk).update(attempt_time=WHEN)
    return {"user": person, "group": group, "attempt": attempt, "log": log, "failure": failure}


def problems(client: Client, address: str, *, besides: frozenset[str] = frozenset()) -> list[str]:
    """The crawl's findings on one page, leaving out whole runs of text named in ``besides``."""
    response = client.get(address)
    assert response.status_code == 200, address
    html = response.content.decode()
    found = [f for f in findings(html) if f.text not in besides]
    return [str(f) for f in found] + lone_latin_numbers(html)


def stored_permission_names() -> frozenset[str]:
    """How the user and group forms list permissions: «app | model | Can add …».

    Left in English on purpose: the name is a row Django writes in English for every model
    (``auth.Permission.name``, "Can add …"), the only people who see it are superusers choosing
    permissions for a user or a group, and Jahesh grants nothing through them (roles in cities
    do, registry.permissions). Translating it on display would mean a form field of our own in
    the user and group admins for a list no city role ever sees.
    """
    return frozenset(str(p) for p in Permission.objects.select_related("content_type"))


def test_the_admin_index_names_every_app_in_persian(root, records) -> None:
    html = root.get(reverse("admin:index")).content.decode()
    assert "قفل ورود" in html
    assert ">Axes<" not in html
    assert problems(root, reverse("admin:index")) == []


def test_the_user_and_group_pages_of_a_superuser_are_persian(root, records) -> None:
    from django.contrib.auth.hashers import identify_hasher

    user = records["user"]
    # The password's summary shows masked parts of its hash: data, not words.
    masked = frozenset(
        str(v) for v in identify_hasher(user.password).safe_summary(user.password).values()
    )
    besides = stored_permission_names() | masked
    addresses = [
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_add"),
        reverse("admin:auth_user_change", args=[user.pk]),
        reverse("admin:auth_group_changelist"),
        reverse("admin:auth_group_add"),
        reverse("admin:auth_group_change", args=[records["group"].pk]),
    ]
    found = {a: p for a in addresses if (p := problems(root, a, besides=besides))}
    assert found == {}
    added = root.get(reverse("admin:auth_user_add")).content.decode()
    assert "ورود با گذرواژه" in added
    assert "فعال" in added
    assert "غیرفعال" in added


def test_the_password_page_is_persian_but_for_djangos_untranslatable_warning(root, records):
    """Django builds the warning into the help text when it imports its forms, joined to the
    translatable part as plain English: no catalogue reaches it."""
    address = reverse("admin:auth_user_password_change", args=[records["user"].pk])
    warning = "If disabled, the current password for this user will be lost."
    assert problems(root, address) == [f"english: {warning}"]


def test_the_committed_catalogue_is_the_compiled_po(tmp_path) -> None:
    """The .mo is committed beside the .po (nothing compiles it at install): both must agree."""
    import gettext
    import shutil
    import subprocess
    from pathlib import Path

    import jahesh

    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (gettext) is not installed")
    folder = Path(jahesh.__file__).parent / "locale/fa/LC_MESSAGES"
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(folder / "django.po")], check=True)

    def catalogue(path: Path) -> dict[str, str]:
        with path.open("rb") as file:
            return dict(gettext.GNUTranslations(file)._catalog)  # type: ignore[attr-defined]

    assert catalogue(folder / "django.mo") == catalogue(compiled)


@pytest.mark.parametrize("model", ["accessattempt", "accesslog", "accessfailurelog"])
def test_axes_pages_are_persian(root, records, model: str) -> None:
    key = {"accessattempt": "attempt", "accesslog": "log", "accessfailurelog": "failure"}[model]
    addresses = [
        reverse(f"admin:axes_{model}_changelist"),
        reverse(f"admin:axes_{model}_change", args=[records[key].pk]),
    ]
    assert {a: p for a in addresses if (p := problems(root, a))} == {}


def test_axes_rows_are_named_in_persian_on_their_pages(root, records) -> None:
    attempt = records["attempt"]
    page = root.get(reverse("admin:axes_accessattempt_change", args=[attempt.pk])).content
    html = page.decode()
    # 08:30 UTC in Tehran
    assert "تلاش‌های ورود در ۱ فروردین ۱۴۰۴ ساعت ۱۲:۰۰ با نام کاربری «person-a»" in html
    assert "Attempted Access" not in html
    assert "۷ تلاش مانده تا قفل" in html  # 10 allowed, 3 failed
    history = reverse("admin:axes_accessattempt_history", args=[attempt.pk])
    assert "با نام کاربری «person-a»" in root.get(history).content.decode()
    assert problems(root, history) == []
    failure = root.get(reverse("admin:axes_accessfailurelog_change", args=[records["failure"].pk]))
    shown = "ورود ناموفق در ۱ فروردین ۱۴۰۴ ساعت ۱۲:۰۰ با نام کاربری «person-a»، و ورود قفل شد"
    assert shown in failure.content.decode()


def test_the_unlock_asks_and_records_in_persian(root, records) -> None:
    """Deleting a lock-out record is the unlock: its confirmation, its message and the admin's
    log of recent actions name the record in Persian."""
    attempt = records["attempt"]
    changelist = reverse("admin:axes_accessattempt_changelist")
    chosen = {"action": "delete_selected", "_selected_action": [attempt.pk]}
    confirm = root.post(changelist, chosen)
    assert confirm.status_code == 200
    assert "با نام کاربری «person-a»" in confirm.content.decode()
    assert [f for f in findings(confirm.content.decode()) if "Attempted" in f.text] == []

    single = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert problems(root, single) == []
    done = root.post(single, {"post": "yes"}, follow=True)
    shown = done.content.decode()
    assert not AccessAttempt.objects.exists()
    assert "با نام کاربری «person-a»" in shown  # the message
    assert "Attempted Access" not in shown
    from django.contrib.admin.models import LogEntry

    assert [e.object_repr for e in LogEntry.objects.all()] == [
        "تلاش‌های ورود در ۱ فروردین ۱۴۰۴ ساعت ۱۲:۰۰ با نام کاربری «person-a»"
    ]
    assert problems(root, reverse("admin:index")) == []


@pytest.mark.parametrize("model", ["accesslog", "accessfailurelog"])
def test_axes_logs_are_read_only_even_for_a_superuser(root, records, model: str) -> None:
    key = {"accesslog": "log", "accessfailurelog": "failure"}[model]
    row = records[key]
    change = reverse(f"admin:axes_{model}_change", args=[row.pk])
    assert root.post(change, {"username": "someone-else"}).status_code == 403
    assert root.get(reverse(f"admin:axes_{model}_delete", args=[row.pk])).status_code == 403
    assert root.get(reverse(f"admin:axes_{model}_add")).status_code == 403
    listing = root.get(reverse(f"admin:axes_{model}_changelist")).content.decode()
    assert "delete_selected" not in listing
    row.refresh_from_db()
    assert row.username == "person-a"


def test_the_persian_app_names_create_no_migrations() -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command(
        "makemigrations", "axes", "otp_totp", "otp_static", "--check", "--dry-run", stdout=out
    )
    assert "No changes detected" in out.getvalue()
