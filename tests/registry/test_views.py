"""The staff import page: who may use it, the dry-run error table, and the real import."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from jahesh.registry.models import Municipality, Project, Role
from tests.registry.factories import MembershipFactory, MunicipalityFactory, UserFactory
from tests.registry.spreadsheets import BRIDGE, HEADERS, csv_bytes, row, xlsx_bytes

URL = "/staff/registry/import/"


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(data: bytes, name: str = "projects.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_the_page_has_the_url_the_admin_links_to() -> None:
    assert reverse("registry:project-import") == URL


def test_anonymous_visitors_are_sent_to_sign_in(db: None) -> None:
    response = Client().get(URL)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("role", [None, Role.VIEWER, Role.REPORTER])
def test_people_who_may_not_import_anywhere_are_refused(
    city: Municipality, member_of: Callable[..., Any], role: str | None
) -> None:
    user = member_of(city, role) if role else UserFactory()

    assert signed_in(user).get(URL).status_code == 403


def test_an_editor_sees_only_the_cities_they_edit(
    city: Municipality, city_b: Municipality, member_of: Callable[..., Any]
) -> None:
    editor = member_of(city, Role.EDITOR)
    MembershipFactory(user=editor, municipality=city_b, role=Role.VIEWER)
    city_c = MunicipalityFactory(slug="city-c", name="شهرداری پ")

    response = signed_in(editor).get(URL)

    assert response.status_code == 200
    choices = list(response.context["form"].fields["municipality"].queryset)
    assert choices == [city]
    assert str(city_c.name) not in response.content.decode()
    assert 'dir="rtl"' in response.content.decode()


def test_a_dry_run_with_bad_rows_shows_the_errors_and_writes_nothing(
    city: Municipality, member_of: Callable[..., Any]
) -> None:
    data = csv_bytes([HEADERS, row(code="P-1", title="پل", start="۱۴۰۲/۱۳/۰۱")])

    response = signed_in(member_of(city, Role.EDITOR)).post(
        URL, {"municipality": city.pk, "file": upload(data, "p.csv"), "dry_run": "on"}
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert "۱ ردیف فایل خطا دارد" in page
    assert "«۱۴۰۲/۱۳/۰۱» تاریخ درستی نیست" in page
    assert "<td>تاریخ شروع</td>" in page
    assert not Project.objects.exists()


def test_a_good_dry_run_lists_the_plan_and_writes_nothing(
    city: Municipality, member_of: Callable[..., Any]
) -> None:
    data = xlsx_bytes([HEADERS, row(**BRIDGE)])

    response = signed_in(member_of(city, Role.EDITOR)).post(
        URL, {"municipality": city.pk, "file": upload(data), "dry_run": "on"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "۱ پروژه تازه" in page
    assert "آزمایشی" in page
    assert "P-101" in page
    assert not Project.objects.exists()


def test_an_import_without_dry_run_writes_the_projects(
    city: Municipality, member_of: Callable[..., Any]
) -> None:
    editor = member_of(city, Role.EDITOR)
    data = xlsx_bytes([HEADERS, row(**BRIDGE)])

    response = signed_in(editor).post(URL, {"municipality": city.pk, "file": upload(data)})

    assert response.status_code == 200
    assert "وارد شد" in response.content.decode()
    assert Project.history.get(code="P-101").history_user == editor


def test_an_editor_of_another_city_cannot_import_into_this_one(
    city: Municipality, city_b: Municipality, member_of: Callable[..., Any]
) -> None:
    data = xlsx_bytes([HEADERS, row(**BRIDGE)])

    response = signed_in(member_of(city_b, Role.EDITOR)).post(
        URL, {"municipality": city.pk, "file": upload(data)}
    )

    assert response.status_code == 400
    assert "این شهرداری در فهرست شهرهای شما نیست" in response.content.decode()
    assert not Project.objects.exists()


def test_a_post_without_a_file_asks_for_one(
    city: Municipality, member_of: Callable[..., Any]
) -> None:
    response = signed_in(member_of(city, Role.EDITOR)).post(URL, {"municipality": city.pk})

    assert response.status_code == 400
    assert "فایلی برگزینید" in response.content.decode()


def test_the_admin_project_list_links_to_the_import_page(db: None) -> None:
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)

    response = signed_in(admin).get(reverse("admin:registry_project_changelist"))

    assert response.status_code == 200
    assert f'href="{URL}"' in response.content.decode()
    assert "ورود از فایل" in response.content.decode()
