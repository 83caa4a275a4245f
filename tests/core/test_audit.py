"""The audit log: what is recorded, who sees it (a city's admin, their city only), append-only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jahesh.core.audit import event_record
from jahesh.core.models import AuditEvent, AuditKind
from jahesh.registry import services as registry_services
from jahesh.registry.models import Role
from tests.registry.factories import ProjectFactory, UserFactory

PASSWORD = "pass-for-tests"


@pytest.fixture
def admin_of(member_of):
    def make(city, username):
        user = member_of(city, Role.ADMIN, username)
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        return user

    return make


def kinds() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("kind", flat=True))


@pytest.mark.django_db
def test_sign_ins_failures_and_sign_outs_are_recorded_for_the_persons_cities(
    client, city_a, city_b, admin_of
):
    admin_of(city_a, "modir")
    assert (
        client.post("/admin/login/", {"username": "modir", "password": "wrong"}).status_code == 200
    )
    assert (
        client.post("/admin/login/", {"username": "modir", "password": PASSWORD}).status_code == 302
    )
    client.post(reverse("admin:logout"))
    assert kinds() == [AuditKind.SIGN_IN_FAILED, AuditKind.SIGN_IN, AuditKind.SIGN_OUT]
    failed, signed_in, _ = AuditEvent.objects.order_by("pk")
    assert failed.subject_username == "modir"
    assert failed.actor_username == ""
    assert signed_in.actor_username == "modir"
    assert str(signed_in.address) == "127.0.0.1"
    assert list(signed_in.cities.values_list("city_id", flat=True)) == [city_a.pk]
    # An unknown name is recorded too, shown to no city (superusers read it in the admin).
    client.post("/admin/login/", {"username": "nobody", "password": "x"})
    nobody = AuditEvent.objects.get(subject_username="nobody")
    assert not nobody.cities.exists()


@pytest.mark.django_db
def test_role_changes_name_the_old_and_new_role(city_a, admin_of):
    boss = admin_of(city_a, "modir")
    person = UserFactory(username="kaarmand")
    registry_services.membership_grant(by=boss, user=person, municipality=city_a, role="editor")
    registry_services.membership_grant(by=boss, user=person, municipality=city_a, role="editor")
    membership = registry_services.membership_grant(
        by=boss, user=person, municipality=city_a, role="publisher"
    )
    registry_services.membership_revoke(by=boss, membership=membership)
    summaries = list(
        AuditEvent.objects.filter(kind=AuditKind.ROLE_CHANGED)
        .order_by("pk")
        .values_list("summary", flat=True)
    )
    assert summaries == [
        f"به «kaarmand» نقش «ویراستار» در {city_a} داده شد.",
        f"نقش «kaarmand» در {city_a} از «ویراستار» به «ناشر» تغییر کرد.",
        f"نقش «ناشر» «kaarmand» در {city_a} گرفته شد.",
    ]


@pytest.mark.django_db
def test_a_refused_role_change_leaves_no_event(city_a, city_b, admin_of):
    outsider_admin = admin_of(city_b, "modir-b")
    person = UserFactory(username="kaarmand")
    with pytest.raises(Exception, match="اجازه"):
        registry_services.membership_grant(
            by=outsider_admin, user=person, municipality=city_a, role="editor"
        )
    assert not AuditEvent.objects.filter(kind=AuditKind.ROLE_CHANGED).exists()


@pytest.mark.django_db
def test_deleting_a_project_records_it_and_its_ceremonies(city_a, admin_of):
    from tests.registry.factories import CeremonyFactory

    boss = admin_of(city_a, "modir")
    project = ProjectFactory(municipality=city_a, title="پل طبیعت")
    CeremonyFactory(project=project, municipality=city_a)
    registry_services.project_delete(by=boss, project=project)
    deleted = AuditEvent.objects.filter(kind=AuditKind.DELETED)
    assert {e.target_type for e in deleted} == {"registry.project", "registry.ceremony"}
    assert any("پل طبیعت" in e.summary for e in deleted)
    assert all(list(e.cities.values_list("city_id", flat=True)) == [city_a.pk] for e in deleted)


@pytest.mark.django_db
def test_the_log_is_append_only(city_a):
    event = event_record(kind=AuditKind.SIGN_IN, summary="ورود", city=city_a)
    event.summary = "دگرگون"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(summary="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    # Below the ORM, the database refuses a change too.
    with pytest.raises(Exception), transaction.atomic(), connection.cursor() as cursor:  # noqa: B017, PT011
        cursor.execute("UPDATE core_auditevent SET summary = 'x' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).summary == "ورود"


@pytest.mark.django_db
def test_the_admin_lets_superusers_read_but_not_change(client, city_a):
    event = event_record(kind=AuditKind.SIGN_IN, summary="ورود آزمون", city=city_a)
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    listing = client.get(reverse("admin:core_auditevent_changelist"))
    assert listing.status_code == 200
    assert "ورود آزمون" in listing.content.decode()
    detail = client.get(reverse("admin:core_auditevent_change", args=[event.pk]))
    assert detail.status_code == 200
    assert "ورود آزمون" in detail.content.decode()
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403
    assert client.post(reverse("admin:core_auditevent_delete", args=[event.pk])).status_code == 403
    change = client.post(reverse("admin:core_auditevent_change", args=[event.pk]), {"summary": "x"})
    assert change.status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).summary == "ورود آزمون"


@pytest.mark.django_db
def test_a_city_admin_sees_their_citys_events_and_never_another_citys(city_a, city_b, admin_of):
    admin_a = admin_of(city_a, "modir-a")
    admin_b = admin_of(city_b, "modir-b")
    event_record(kind=AuditKind.PUBLISHED, summary="انتشار الف", actor=admin_a, city=city_a)
    event_record(kind=AuditKind.PUBLISHED, summary="انتشار ب", actor=admin_b, city=city_b)
    client = Client()
    client.force_login(admin_a)
    page = client.get(reverse("security:city", args=[city_a.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "انتشار الف" in text
    assert "انتشار ب" not in text
    # Another city's page answers as a city that does not exist.
    other = client.get(reverse("security:city", args=[city_b.pk]))
    missing = client.get(reverse("security:city", args=[999999]))
    assert other.status_code == missing.status_code == 404
    assert "انتشار ب" not in other.content.decode()
    # Somebody with a lesser role in the city sees nothing either.
    editor = member = UserFactory(username="virastar")
    registry_services.membership_grant(by=admin_a, user=member, municipality=city_a, role="editor")
    client.force_login(editor)
    assert client.get(reverse("security:city", args=[city_a.pk])).status_code == 404


@pytest.mark.django_db
def test_the_citys_page_filters_by_kind_and_person_pages_and_shows_jalali_persian_times(
    client, city_a, admin_of
):
    admin_a = admin_of(city_a, "modir-a")
    at = timezone.make_aware(dt.datetime(2026, 3, 21, 9, 30), dt.UTC)
    for number in range(55):
        event_record(
            kind=AuditKind.DELETED,
            summary=f"حذف {number}",
            actor=admin_a,
            city=city_a,
            at=at + dt.timedelta(minutes=number),
        )
    event_record(kind=AuditKind.PUBLISHED, summary="انتشار ویژه", subject_username="x", city=city_a)
    client.force_login(admin_a)
    url = reverse("security:city", args=[city_a.pk])
    first = client.get(url, {"kind": AuditKind.DELETED}).content.decode()
    assert "انتشار ویژه" not in first
    assert "حذف 54" in first  # the newest first
    assert "صفحه ۱ از ۲" in first
    assert "۱۴۰۵" in first  # 21 March 2026 is 1 Farvardin 1405
    second = client.get(url, {"kind": AuditKind.DELETED, "page": 2}).content.decode()
    assert "حذف 0" in second
    assert "حذف 54" not in second
    only_x = client.get(url, {"person": "x"}).content.decode()
    assert "انتشار ویژه" in only_x
    assert "حذف 1" not in only_x


@pytest.mark.django_db
def test_an_unknown_kind_in_the_filter_shows_everything_instead_of_failing(
    client, city_a, admin_of
):
    admin_a = admin_of(city_a, "modir-a")
    event_record(kind=AuditKind.PUBLISHED, summary="انتشار الف", city=city_a)
    client.force_login(admin_a)
    page = client.get(reverse("security:city", args=[city_a.pk]), {"kind": "nonsense"})
    assert page.status_code == 200
    assert "انتشار الف" in page.content.decode()


def test_the_event_city_pair_is_unique(db, city_a):
    event = event_record(kind=AuditKind.SIGN_IN, summary="ورود", city=city_a)
    from jahesh.core.models import AuditEventCity

    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEventCity.objects.create(event=event, city_id=city_a.pk, city_name="x")
