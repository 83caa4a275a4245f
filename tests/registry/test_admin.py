"""The back office: pages load for staff, each sees only their cities, dates are Jalali."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from jahesh import persian
from jahesh.registry.models import Municipality, Project, ProjectStatus, Readiness, Role
from tests.registry.factories import (
    CeremonyFactory,
    DistrictFactory,
    OfficialFactory,
    ProjectFactory,
    SectorFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MODELS = ("municipality", "district", "unit", "sector", "project", "ceremony", "official")


@pytest.fixture
def scene(city_a, city_b):
    sector_a = SectorFactory(municipality=city_a, name="فضای سبز")
    project_a = ProjectFactory(
        municipality=city_a,
        code="A-1",
        title="بوستان کودک الف",
        search_text=persian.search_key("بوستان کودک الف A-1"),
        sectors=[sector_a],
    )
    project_b = ProjectFactory(
        municipality=city_b,
        code="B-1",
        title="تقاطع شهر ب",
        search_text=persian.search_key("تقاطع شهر ب B-1"),
    )
    return {
        "district_a": project_a.district,
        "district_b": project_b.district,
        "unit_a": UnitFactory(municipality=city_a),
        "sector_a": sector_a,
        "sector_b": SectorFactory(municipality=city_b),
        "project_a": project_a,
        "project_b": project_b,
        "ceremony_a": CeremonyFactory(project=project_a),
        "ceremony_b": CeremonyFactory(project=project_b),
        "official_a": OfficialFactory(municipality=city_a),
    }


@pytest.fixture
def editor_client(client, city_a, member_of):
    user = member_of(city_a, Role.EDITOR, username="editor-a")
    user.is_staff = True
    user.save()
    client.force_login(user)
    client.user = user
    return client


def _url(model, action="changelist", *args):
    return reverse(f"admin:registry_{model}_{action}", args=args)


@pytest.mark.parametrize("model", MODELS)
def test_every_changelist_loads_for_a_staff_member_and_shows_only_their_city(
    model, editor_client, scene
):
    response = editor_client.get(_url(model))
    assert response.status_code == 200
    rows = list(response.context["cl"].queryset)
    assert rows
    city_of = (lambda r: r) if model == "municipality" else (lambda r: r.municipality)
    assert {city_of(r).slug for r in rows} == {"city-a"}


def test_the_admin_is_persian_and_right_to_left(editor_client, scene):
    html = editor_client.get(_url("project")).content.decode()
    assert 'dir="rtl"' in html
    assert "پروژه‌ها" in html


def test_another_citys_project_cannot_be_opened(editor_client, scene):
    response = editor_client.get(_url("project", "change", scene["project_b"].pk))
    assert response.status_code == 302  # the admin says "does not exist" and goes home
    response = editor_client.get(_url("project", "history", scene["project_b"].pk))
    assert response.status_code in (302, 403, 404)
    assert "تقاطع شهر ب" not in response.content.decode()


def test_the_add_form_offers_only_the_users_cities_and_their_rows(editor_client, scene):
    form = editor_client.get(_url("project", "add")).context["adminform"].form
    assert {c.slug for c in form.fields["municipality"].queryset} == {"city-a"}
    assert scene["district_b"] not in form.fields["district"].queryset
    assert scene["sector_b"] not in form.fields["sectors"].queryset
    assert scene["sector_a"] in form.fields["sectors"].queryset


def _project_post(scene, **overrides):
    data = {
        "municipality": scene["project_a"].municipality_id,
        "code": "A-2",
        "title": "سالن ورزشی محله يك",
        "description": "",
        "sectors": [scene["sector_a"].pk],
        "district": scene["district_a"].pk,
        "unit": scene["unit_a"].pk,
        "contractor": "",
        "status": ProjectStatus.IMPLEMENTATION,
        "physical_progress_pct": "40",
        "credit_rial": "25000000000",
        "start_date": "۱۴۰۱/۱۱/۱۳",
        "planned_end_date": "1402/03/31",
        "latitude": "29.61",
        "longitude": "52.53",
        "geometry": "",
        "length_m": "",
        "area_m2": "",
        "is_public": "on",
    }
    data.update(overrides)
    return data


def test_adding_a_project_takes_jalali_dates_and_goes_through_the_services(editor_client, scene):
    response = editor_client.post(_url("project", "add"), _project_post(scene))
    assert response.status_code == 302, response.context["adminform"].form.errors
    project = Project.objects.get(code="A-2")
    assert project.start_date == dt.date(2023, 2, 2)  # 13 Bahman 1401
    assert project.planned_end_date == dt.date(2023, 6, 21)  # 31 Khordad 1402
    assert project.title == persian.normalize_name("سالن ورزشی محله يك")
    assert project.slug
    assert persian.search_key("فضای سبز") in project.search_text
    assert project.history.get().history_user == editor_client.user

    page = editor_client.get(_url("project", "change", project.pk)).content.decode()
    assert 'value="1401/11/13"' in page
    assert 'value="1402/03/31"' in page


def test_a_bad_jalali_date_or_a_rule_the_services_enforce_is_shown_on_the_field(
    editor_client, scene
):
    response = editor_client.post(
        _url("project", "add"), _project_post(scene, start_date="۱۴۰۲/۱۳/۰۱")
    )
    assert response.status_code == 200
    assert "start_date" in response.context["adminform"].form.errors
    response = editor_client.post(
        _url("project", "add"),
        _project_post(scene, start_date="1402/03/01", planned_end_date="1402/01/01"),
    )
    assert "planned_end_date" in response.context["adminform"].form.errors
    response = editor_client.post(_url("project", "add"), _project_post(scene, code="A-1"))
    assert "code" in response.context["adminform"].form.errors
    assert not Project.objects.filter(code="A-2").exists()


def test_changing_a_project_records_only_what_changed(editor_client, scene):
    project = scene["project_a"]
    records = project.history.count()
    page = editor_client.get(_url("project", "change", project.pk))
    data = {
        k: v
        for k, v in page.context["adminform"].form.initial.items()
        if k in _project_post(scene) and v is not None
    }
    post = _project_post(scene, **{k: v for k, v in data.items() if not isinstance(v, list)})
    post.update(code="A-1", title=project.title, physical_progress_pct="95", start_date="")
    post.update(planned_end_date="", sectors=[s.pk for s in project.sectors.all()])
    post.update(district=project.district_id, unit="", latitude="29.6", longitude="52.52")
    post.pop("municipality")
    response = editor_client.post(_url("project", "change", project.pk), post)
    assert response.status_code == 302, response.context["adminform"].form.errors
    project.refresh_from_db()
    assert project.physical_progress_pct == 95
    assert project.history.count() == records + 1
    assert "physical_progress_pct" in project.history.first().history_change_reason


def test_a_ceremony_window_is_entered_in_jalali_and_checked(editor_client, scene):
    ceremony = scene["ceremony_a"]
    post = {
        "kind": ceremony.kind,
        "ready_from": "1401/11/20",
        "latest_date": "1401/12/10",
        "duration_min": "60",
        "venue": "",
        "importance": "7",
        "status": ceremony.status,
        "readiness": Readiness.ALMOST,
    }
    response = editor_client.post(_url("ceremony", "change", ceremony.pk), post)
    assert response.status_code == 302, response.context["adminform"].form.errors
    ceremony.refresh_from_db()
    assert ceremony.ready_from == dt.date(2023, 2, 9)
    assert ceremony.latest_date == dt.date(2023, 3, 1)
    assert ceremony.history.first().history_user == editor_client.user

    post.update(latest_date="1401/11/01")
    response = editor_client.post(_url("ceremony", "change", ceremony.pk), post)
    assert "latest_date" in response.context["adminform"].form.errors
    ceremony.refresh_from_db()
    assert ceremony.latest_date == dt.date(2023, 3, 1)


def test_the_ceremony_list_shows_jalali_dates_and_filters_by_jalali_month(editor_client, scene):
    ceremony = scene["ceremony_a"]  # ready from 2023-02-01 = 12 Bahman 1401
    html = editor_client.get(_url("ceremony")).content.decode()
    assert persian.format_jalali(ceremony.ready_from) in html
    assert persian.format_jalali(dt.date(2023, 2, 1), "month") in html
    inside = editor_client.get(_url("ceremony"), {"ready_month": "1401-11"})
    assert list(inside.context["cl"].queryset) == [ceremony]
    outside = editor_client.get(_url("ceremony"), {"ready_month": "1402-02"})
    assert list(outside.context["cl"].queryset) == []


def test_project_filters_by_district_sector_status_and_readiness(editor_client, scene, city_a):
    other = ProjectFactory(municipality=city_a, status=ProjectStatus.COMPLETION)
    CeremonyFactory(project=other, readiness=Readiness.NOT_READY)

    def codes(**params):
        response = editor_client.get(_url("project"), params)
        assert response.status_code == 200
        return {p.code for p in response.context["cl"].queryset}

    assert codes(district__id__exact=scene["district_a"].pk) == {"A-1"}
    assert codes(sectors__id__exact=scene["sector_a"].pk) == {"A-1"}
    assert codes(status__exact=ProjectStatus.COMPLETION) == {other.code}
    assert codes(readiness=Readiness.READY) == {"A-1"}
    assert codes(readiness=Readiness.NOT_READY) == {other.code}


def test_project_search_ignores_arabic_letters_and_digit_forms(editor_client, scene):
    response = editor_client.get(_url("project"), {"q": "بوستان كودك"})
    assert [p.code for p in response.context["cl"].queryset] == ["A-1"]
    response = editor_client.get(_url("project"), {"q": "تقاطع"})
    assert list(response.context["cl"].queryset) == []


def test_searching_districts_finds_names_typed_with_arabic_letters(editor_client, city_a, scene):
    north = DistrictFactory(municipality=city_a, number=50, name="منطقه شمال شرقی")
    response = editor_client.get(_url("district"), {"q": "شمال شرقي"})
    assert list(response.context["cl"].queryset) == [north]


def test_a_viewer_reads_but_cannot_change(client, city_a, member_of, scene):
    viewer = member_of(city_a, Role.VIEWER, username="viewer-a")
    viewer.is_staff = True
    viewer.save()
    client.force_login(viewer)
    project = scene["project_a"]
    assert client.get(_url("project")).status_code == 200
    assert client.get(_url("project", "add")).status_code == 403
    page = client.get(_url("project", "change", project.pk))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    response = client.post(_url("project", "change", project.pk), _project_post(scene))
    assert response.status_code == 403
    assert client.get(_url("membership")).status_code == 403


def test_an_anonymous_visitor_is_refused_without_a_query(rf, django_assert_num_queries):
    from django.contrib import admin
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/admin/login/")
    request.user = AnonymousUser()
    model_admin = admin.site._registry[Project]
    with django_assert_num_queries(0):
        assert not model_admin.has_module_permission(request)
        assert not model_admin.has_view_permission(request)


def test_a_staff_user_without_a_city_sees_no_registry(client, scene):
    user = UserFactory(username="lonely", is_staff=True)
    client.force_login(user)
    assert client.get(_url("project")).status_code == 403
    assert "registry" not in client.get(reverse("admin:index")).content.decode()


def test_the_history_page_of_a_project_loads(editor_client, scene):
    response = editor_client.get(_url("project", "history", scene["project_a"].pk))
    assert response.status_code == 200


def test_the_readiness_action_goes_through_the_service(editor_client, scene):
    ceremony = scene["ceremony_a"]
    response = editor_client.post(
        _url("ceremony"), {"action": "mark_not_ready", "_selected_action": [ceremony.pk]}
    )
    assert response.status_code == 302
    ceremony.refresh_from_db()
    assert ceremony.readiness == Readiness.NOT_READY
    assert ceremony.history.first().history_user == editor_client.user


def test_a_viewer_gets_no_readiness_action_and_changes_nothing(client, city_a, member_of, scene):
    viewer = member_of(city_a, Role.VIEWER, username="viewer-a")
    viewer.is_staff = True
    viewer.save()
    client.force_login(viewer)
    ceremony = scene["ceremony_a"]
    before = ceremony.readiness
    assert before != Readiness.NOT_READY

    assert "mark_not_ready" not in client.get(_url("ceremony")).content.decode()
    response = client.post(
        _url("ceremony"), {"action": "mark_not_ready", "_selected_action": [ceremony.pk]}
    )

    assert response.status_code in (200, 302)
    ceremony.refresh_from_db()
    assert ceremony.readiness == before


def test_a_readiness_action_refuses_rows_of_a_city_the_user_only_reads(
    editor_client, city_b, scene
):
    from tests.registry.factories import MembershipFactory

    MembershipFactory(user=editor_client.user, municipality=city_b, role=Role.VIEWER)
    own, other = scene["ceremony_a"], scene["ceremony_b"]
    other_before = other.readiness

    response = editor_client.post(
        _url("ceremony"),
        {"action": "mark_almost", "_selected_action": [own.pk, other.pk]},
        follow=True,
    )

    assert response.status_code == 200
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.readiness == Readiness.ALMOST
    assert other.readiness == other_before
    assert "اجازه" in response.content.decode()


def test_a_superuser_sees_every_city(client, scene):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    response = client.get(_url("project"))
    assert {p.code for p in response.context["cl"].queryset} == {"A-1", "B-1"}
    response = client.get(_url("ceremony"))
    assert len(response.context["cl"].queryset) == 2


def test_a_city_admin_grants_a_role_through_the_admin(client, city_a, member_of):
    admin_user = member_of(city_a, Role.ADMIN, username="admin-a")
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    newcomer = UserFactory(username="newcomer")
    UserFactory(username="someone-of-another-city")
    form = client.get(_url("membership", "add")).content.decode()
    # The form asks for a username; it does not list the site's accounts.
    assert 'name="username"' in form
    assert "someone-of-another-city" not in form
    response = client.post(
        _url("membership", "add"),
        {"username": " newcomer ", "municipality": city_a.pk, "role": Role.REPORTER},
    )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.is_staff
    assert newcomer.memberships.get().role == Role.REPORTER


def test_granting_a_role_to_an_unknown_username_is_refused_in_persian(client, city_a, member_of):
    admin_user = member_of(city_a, Role.ADMIN, username="admin-a")
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    response = client.post(
        _url("membership", "add"),
        {"username": "nobody", "municipality": city_a.pk, "role": Role.REPORTER},
    )
    assert response.status_code == 200
    assert "کاربر فعالی با نام کاربری «nobody» نیست." in response.content.decode()
    assert not city_a.memberships.filter(user__username="nobody").exists()


@pytest.mark.parametrize("model", ["project", "ceremony"])
def test_a_changelist_costs_the_same_queries_for_few_or_many_rows(model, editor_client, city_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(_url(model)).status_code == 200
        return len(captured)

    def add(n):
        district, sector = DistrictFactory(municipality=city_a), SectorFactory(municipality=city_a)
        for _ in range(n):
            project = ProjectFactory(municipality=city_a, district=district, sectors=[sector])
            CeremonyFactory(project=project)

    add(2)
    few = queries()
    add(25)
    assert queries() == few
    assert few <= 20


def test_the_project_picker_of_a_new_ceremony_offers_only_the_users_cities(editor_client, scene):
    assert editor_client.get(_url("ceremony", "add")).status_code == 200
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "registry",
            "model_name": "ceremony",
            "field_name": "project",
            "term": "",
        },
    )
    assert response.status_code == 200
    ids = {int(row["id"]) for row in response.json()["results"]}
    assert ids == {scene["project_a"].pk}


@pytest.mark.parametrize("model", [*MODELS, "membership"])
def test_every_add_and_change_page_loads_for_a_city_admin(model, client, city_a, member_of, scene):
    admin_user = member_of(city_a, Role.ADMIN, username="admin-a")
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    rows = {
        "municipality": city_a,
        "district": scene["district_a"],
        "unit": scene["unit_a"],
        "sector": scene["sector_a"],
        "project": scene["project_a"],
        "ceremony": scene["ceremony_a"],
        "official": scene["official_a"],
        "membership": admin_user.memberships.get(),
    }
    if model != "municipality":  # only a superuser adds a city
        assert client.get(_url(model, "add")).status_code == 200
    assert client.get(_url(model, "change", rows[model].pk)).status_code == 200


def test_a_superuser_adds_a_city_through_the_admin_and_a_city_admin_cannot(
    client, city_a, member_of
):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    post = {
        "slug": "yazd",
        "name": "شهرداري يزد",
        "city_name": "يزد",
        "outlet_name": "",
        "credit_display_unit": "toman",
        "center_latitude": "31.8974",
        "center_longitude": "54.3569",
        "is_public": "on",
    }
    response = client.post(_url("municipality", "add"), post)
    assert response.status_code == 302
    city = Municipality.objects.get(slug="yazd")
    assert city.name == persian.normalize_name("شهرداري يزد")
    admin_user = member_of(city_a, Role.ADMIN, username="admin-a")
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    assert client.post(_url("municipality", "add"), {**post, "slug": "x"}).status_code == 403


@pytest.mark.parametrize(
    "geometry",
    [
        '{"type": "Point", "coordinates": [1e400, 29.6]}',
        '{"type": "Point", "coordinates": [NaN, 29.6]}',
        '{"type": "Point", "coordinates": [-Infinity, 29.6]}',
        '{"type": "Point", "coordinates": [' + "9" * 5000 + ", 29.6]}",
        '{"type": "LineString", "coordinates": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "[" * 100_000 + "]" * 100_000,
        '{"type": "Point", "coordinates": [[[[[52.5, 29.6]]]]]}',
        '{"type": "Point", "coordinates": [52.5, 95]}',
        '{"type": "Polygon", "coordinates": [[[52.5, "29.6"]]]}',
    ],
)
def test_hostile_geometry_gets_a_persian_message_on_the_field_and_nothing_is_saved(
    editor_client, scene, geometry
):
    response = editor_client.post(_url("project", "add"), _project_post(scene, geometry=geometry))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["geometry"]
    assert "هندسه" in errors["geometry"][0]
    assert not Project.objects.filter(code="A-2").exists()


def test_a_line_geometry_is_saved_through_the_admin(editor_client, scene):
    line = '{"type": "LineString", "coordinates": [[52.5, 29.6], [52.6, 29.65]]}'

    response = editor_client.post(_url("project", "add"), _project_post(scene, geometry=line))

    assert response.status_code == 302
    assert Project.objects.get(code="A-2").geometry["coordinates"][1] == [52.6, 29.65]


@pytest.mark.parametrize("code", ["../../../../tmp/x", "a/b", ".hidden", "a b"])
def test_a_code_outside_the_safe_alphabet_is_refused_on_the_field(editor_client, scene, code):
    response = editor_client.post(_url("project", "add"), _project_post(scene, code=code))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "پذیرفته نیست" in errors["code"][0]
    assert not Project.objects.filter(title__contains="سالن ورزشی").exists()
