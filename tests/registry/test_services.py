"""What the registry services write, normalise, compute and refuse."""

from __future__ import annotations

import datetime as dt

import pytest

from jahesh import persian
from jahesh.core.errors import ValidationError
from jahesh.registry import services
from jahesh.registry.models import (
    Ceremony,
    CeremonyKind,
    Membership,
    Project,
    Readiness,
    Role,
)
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

ARABIC_YEH_KAF = "بوستان كودك محله يك"  # Arabic ي and ك, as old spreadsheets carry them


@pytest.fixture
def editor(city_a, member_of):
    return member_of(city_a, Role.EDITOR, username="editor-a")


@pytest.fixture
def admin(city_a, member_of):
    return member_of(city_a, Role.ADMIN, username="admin-a")


def _create(by, city, **fields):
    fields.setdefault("code", "P-1")
    fields.setdefault("title", "تقاطع غیرهم‌سطح شهید چمران")
    return services.project_create(by=by, municipality=city, **fields)


# Projects


def test_project_create_normalises_the_title_and_computes_slug_and_search_text(city_a, editor):
    district = DistrictFactory(municipality=city_a, name="منطقه سه")
    sector = SectorFactory(municipality=city_a, name="فضای سبز")
    project = _create(
        editor,
        city_a,
        code="P-۱۴۰۲-۰۰۷",
        title=ARABIC_YEH_KAF,
        description="  شرح  پروژه  ",
        district=district,
        sectors=[sector],
        credit_rial=1_500_000_000_000,
    )
    project.refresh_from_db()
    assert project.title == persian.normalize_name(ARABIC_YEH_KAF)
    assert "ي" not in project.title
    assert "ك" not in project.title
    assert project.code == "P-1402-007"
    assert project.description == persian.normalize_for_publish("  شرح  پروژه  ")
    assert project.slug == persian.slugify_fa(project.title)
    for part in ("منطقه سه", "فضای سبز", "P-1402-007", "کودک"):
        assert persian.search_key(part) in project.search_text
    assert list(project.sectors.all()) == [sector]


def test_project_create_records_who_created_it_in_the_history(city_a, editor):
    project = _create(editor, city_a)
    record = project.history.get()
    assert record.history_user == editor
    assert record.history_type == "+"


def test_two_projects_with_the_same_title_get_different_slugs(city_a, city_b, editor, member_of):
    first = _create(editor, city_a, code="A")
    second = _create(editor, city_a, code="B")
    elsewhere = _create(member_of(city_b, Role.EDITOR), city_b, code="A")
    assert first.slug != second.slug
    assert second.slug.startswith(first.slug)
    assert elsewhere.slug == first.slug  # slugs are unique within a city, not across cities


def test_a_project_code_is_unique_within_its_city(city_a, editor):
    _create(editor, city_a, code="P-1")
    with pytest.raises(ValidationError) as caught:
        _create(editor, city_a, code="P-۱")
    assert caught.value.field == "code"
    assert Project.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("credit_rial", -1),
        ("credit_rial", 12.5),
        ("credit_rial", "1000"),
        ("credit_rial", True),
        ("physical_progress_pct", 101),
        ("physical_progress_pct", -3),
        ("status", "finished"),
        ("latitude", "north"),
        ("latitude", 95),
        ("geometry", {"type": "Circle", "coordinates": [1, 2]}),
        ("geometry", "LINESTRING(1 2, 3 4)"),
        ("start_date", "1402/01/01"),
        ("title", "   "),
        ("code", ""),
    ],
)
def test_project_create_refuses_bad_values_naming_the_field(city_a, editor, field, value):
    fields = {field: value}
    if field == "latitude":
        fields["longitude"] = 52.5
    with pytest.raises(ValidationError) as caught:
        _create(editor, city_a, **fields)
    assert caught.value.field == field
    assert caught.value.message
    assert Project.objects.count() == 0


def test_project_create_refuses_a_district_unit_or_sector_of_another_city(city_a, city_b, editor):
    foreign = {
        "district": DistrictFactory(municipality=city_b),
        "unit": UnitFactory(municipality=city_b),
        "sectors": [SectorFactory(municipality=city_b)],
    }
    for field, value in foreign.items():
        with pytest.raises(ValidationError) as caught:
            _create(editor, city_a, **{field: value})
        assert caught.value.field == field
    assert Project.objects.count() == 0


def test_project_dates_and_coordinates_must_agree(city_a, editor):
    with pytest.raises(ValidationError) as caught:
        _create(
            editor,
            city_a,
            start_date=dt.date(2023, 5, 1),
            planned_end_date=dt.date(2023, 4, 1),
        )
    assert caught.value.field == "planned_end_date"
    with pytest.raises(ValidationError) as caught:
        _create(editor, city_a, latitude="29.6")
    assert caught.value.field == "longitude"


def test_project_create_rejects_unknown_field_names(city_a, editor):
    with pytest.raises(TypeError):
        _create(editor, city_a, budget=5)


def test_project_update_writes_only_real_changes_and_says_which(city_a, editor):
    project = _create(editor, city_a, credit_rial=10, physical_progress_pct=10)
    services.project_update(by=editor, project=project, credit_rial=10)
    assert project.history.count() == 1
    services.project_update(by=editor, project=project, physical_progress_pct=60)
    project.refresh_from_db()
    assert project.physical_progress_pct == 60
    latest = project.history.first()
    assert latest.history_user == editor
    assert "physical_progress_pct" in latest.history_change_reason
    assert project.history.count() == 2


def test_project_update_of_the_title_refreshes_slug_and_search_text(city_a, editor):
    project = _create(editor, city_a, title="بوستان لاله")
    services.project_update(by=editor, project=project, title="بوستان نرگس")
    project.refresh_from_db()
    assert project.slug == persian.slugify_fa("بوستان نرگس")
    assert persian.search_key("نرگس") in project.search_text
    assert persian.search_key("لاله") not in project.search_text


def test_project_update_checks_dates_against_the_stored_ones(city_a, editor):
    project = _create(editor, city_a, start_date=dt.date(2023, 5, 1))
    with pytest.raises(ValidationError) as caught:
        services.project_update(by=editor, project=project, planned_end_date=dt.date(2022, 1, 1))
    assert caught.value.field == "planned_end_date"


def test_project_update_of_sectors_is_recorded(city_a, editor):
    old, new = SectorFactory(municipality=city_a), SectorFactory(municipality=city_a, name="ورزش")
    project = _create(editor, city_a, sectors=[old])
    services.project_update(by=editor, project=project, sectors=[new])
    assert list(project.sectors.all()) == [new]
    assert "sectors" in project.history.first().history_change_reason
    assert persian.search_key("ورزش") in Project.objects.get().search_text


def test_project_delete_removes_the_project_and_its_ceremonies_and_keeps_history(city_a, admin):
    project = _create(admin, city_a)
    CeremonyFactory(project=project)
    services.project_delete(by=admin, project=project)
    assert not Project.objects.exists()
    assert not Ceremony.objects.exists()
    assert Project.history.filter(history_type="-").get().history_user == admin


def test_renaming_a_district_refreshes_its_projects_search_text(city_a, editor, admin):
    district = services.district_create(by=admin, municipality=city_a, number=4, name="منطقه چهار")
    project = _create(editor, city_a, district=district)
    services.district_update(by=admin, district=district, name="منطقه گلستان")
    project.refresh_from_db()
    assert persian.search_key("گلستان") in project.search_text


# Structure


def test_district_numbers_are_unique_within_a_city(city_a, admin):
    services.district_create(by=admin, municipality=city_a, number=1, name="منطقه یک")
    with pytest.raises(ValidationError) as caught:
        services.district_create(by=admin, municipality=city_a, number=1, name="دیگر")
    assert caught.value.field == "number"
    with pytest.raises(ValidationError):
        services.district_create(by=admin, municipality=city_a, number=0, name="صفر")


def test_a_sector_needs_a_real_oc4ids_code(city_a, admin):
    sector = services.sector_create(
        by=admin, municipality=city_a, code="roads", name="راه", oc4ids_code="transport.road"
    )
    assert sector.oc4ids_code == "transport.road"
    with pytest.raises(ValidationError) as caught:
        services.sector_create(
            by=admin, municipality=city_a, code="x", name="ایکس", oc4ids_code="roads"
        )
    assert caught.value.field == "oc4ids_code"


def test_unit_codes_are_unique_within_a_city(city_a, admin):
    services.unit_create(by=admin, municipality=city_a, code="U1", name="معاونت", kind="deputy")
    with pytest.raises(ValidationError) as caught:
        services.unit_create(by=admin, municipality=city_a, code="U1", name="دیگر", kind="deputy")
    assert caught.value.field == "code"
    with pytest.raises(ValidationError) as caught:
        services.unit_create(by=admin, municipality=city_a, code="U2", name="دیگر", kind="bureau")
    assert caught.value.field == "kind"


def test_municipality_create_refuses_a_taken_slug_and_missing_names():
    root = UserFactory(username="root", is_superuser=True)
    kwargs = {"center_latitude": "29.6", "center_longitude": "52.5", "city_name": "شیراز"}
    services.municipality_create(by=root, slug="shiraz", name="شهرداری شیراز", **kwargs)
    with pytest.raises(ValidationError) as caught:
        services.municipality_create(by=root, slug="shiraz", name="دیگر", **kwargs)
    assert caught.value.field == "slug"
    with pytest.raises(ValidationError) as caught:
        services.municipality_create(by=root, slug="other", name=" ", **kwargs)
    assert caught.value.field == "name"


# Ceremonies


def test_ceremony_create_takes_its_city_from_the_project_and_keeps_history(city_a, editor):
    project = _create(editor, city_a)
    mayor = OfficialFactory(municipality=city_a)
    ceremony = services.ceremony_create(
        by=editor,
        project=project,
        kind=CeremonyKind.INAUGURATION,
        ready_from=dt.date(2023, 2, 1),
        latest_date=dt.date(2023, 3, 1),
        venue=" محل  پروژه ",
        officials_requested=[mayor],
    )
    assert ceremony.municipality == city_a
    assert ceremony.venue == "محل پروژه"
    assert list(ceremony.officials_requested.all()) == [mayor]
    assert ceremony.history.get().history_user == editor


def test_a_ceremony_window_must_not_be_reversed(city_a, editor):
    project = _create(editor, city_a)
    with pytest.raises(ValidationError) as caught:
        services.ceremony_create(
            by=editor,
            project=project,
            kind=CeremonyKind.COMMISSIONING,
            ready_from=dt.date(2023, 3, 1),
            latest_date=dt.date(2023, 2, 1),
        )
    assert caught.value.field == "latest_date"
    ceremony = services.ceremony_create(
        by=editor, project=project, kind="commissioning", ready_from=dt.date(2023, 3, 1)
    )
    with pytest.raises(ValidationError) as caught:
        services.ceremony_update(by=editor, ceremony=ceremony, latest_date=dt.date(2023, 1, 1))
    assert caught.value.field == "latest_date"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("kind", "ribbon"),
        ("importance", 11),
        ("importance", 0),
        ("duration_min", 0),
        ("status", "done"),
        ("readiness", "maybe"),
        ("held_at", dt.datetime(2023, 2, 1, 10, 0)),  # naive: refused
    ],
)
def test_ceremony_update_refuses_bad_values(city_a, editor, field, value):
    ceremony = CeremonyFactory(project=ProjectFactory(municipality=city_a))
    records = ceremony.history.count()
    with pytest.raises(ValidationError) as caught:
        services.ceremony_update(by=editor, ceremony=ceremony, **{field: value})
    assert caught.value.field == field
    assert ceremony.history.count() == records


def test_a_ceremony_may_not_ask_for_another_citys_official(city_a, city_b, editor):
    ceremony = CeremonyFactory(project=ProjectFactory(municipality=city_a))
    with pytest.raises(ValidationError) as caught:
        services.ceremony_update(
            by=editor,
            ceremony=ceremony,
            officials_requested=[OfficialFactory(municipality=city_b)],
        )
    assert caught.value.field == "officials_requested"


def test_ceremony_set_readiness_records_the_change_once(city_a, editor):
    ceremony = CeremonyFactory(
        project=ProjectFactory(municipality=city_a), readiness=Readiness.NOT_READY
    )
    records = ceremony.history.count()
    services.ceremony_set_readiness(by=editor, ceremony=ceremony, readiness=Readiness.READY)
    services.ceremony_set_readiness(by=editor, ceremony=ceremony, readiness=Readiness.READY)
    ceremony.refresh_from_db()
    assert ceremony.readiness == Readiness.READY
    assert ceremony.history.count() == records + 1
    assert ceremony.history.first().history_user == editor
    with pytest.raises(ValidationError):
        services.ceremony_set_readiness(by=editor, ceremony=ceremony, readiness="soon")


# Officials and memberships


def test_official_create_normalises_and_checks_rank(city_a, editor):
    official = services.official_create(
        by=editor, municipality=city_a, name="علي كريمي", position="شهردار", kind="mayor", rank=95
    )
    assert official.name == persian.normalize_name("علي كريمي")
    with pytest.raises(ValidationError) as caught:
        services.official_update(by=editor, official=official, rank=0)
    assert caught.value.field == "rank"
    with pytest.raises(ValidationError) as caught:
        services.official_create(
            by=editor, municipality=city_a, name="x", position="y", kind="king"
        )
    assert caught.value.field == "kind"


def test_membership_grant_makes_staff_and_replaces_the_role(city_a, admin):
    user = UserFactory(username="newcomer")
    services.membership_grant(by=admin, user=user, municipality=city_a, role=Role.VIEWER)
    services.membership_grant(by=admin, user=user, municipality=city_a, role=Role.PLANNER)
    user.refresh_from_db()
    assert user.is_staff
    assert Membership.objects.get(user=user).role == Role.PLANNER
    with pytest.raises(ValidationError):
        services.membership_grant(by=admin, user=user, municipality=city_a, role="owner")


def test_membership_revoke_of_the_last_city_ends_staff_access(city_a, city_b, admin, member_of):
    user = UserFactory(username="newcomer")
    services.membership_grant(by=admin, user=user, municipality=city_a, role=Role.EDITOR)
    admin_b = member_of(city_b, Role.ADMIN)
    services.membership_grant(by=admin_b, user=user, municipality=city_b, role=Role.EDITOR)
    services.membership_revoke(
        by=admin, membership=Membership.objects.get(user=user, municipality=city_a)
    )
    user.refresh_from_db()
    assert user.is_staff  # still serves city B
    services.membership_revoke(by=admin_b, membership=Membership.objects.get(user=user))
    user.refresh_from_db()
    assert not user.is_staff


def test_the_system_actor_is_a_superuser_nobody_can_sign_in_as():
    actor = services.system_actor_ensure()
    assert actor.is_superuser
    assert not actor.has_usable_password()
    assert services.system_actor_ensure() == actor


def test_a_later_save_outside_the_services_is_not_credited_to_the_last_author(city_a, editor):
    project = _create(editor, city_a)
    services.project_update(by=editor, project=project, physical_progress_pct=70)
    project.contractor = "دیگری"
    project.save()
    assert project.history.first().history_user is None
