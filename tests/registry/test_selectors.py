"""Reads: what each person sees, filters, Persian search, and the queries a list costs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from jahesh.core.errors import NotFoundError, PermissionDeniedError
from jahesh.registry import selectors
from jahesh.registry.models import CeremonyKind, ProjectStatus, Readiness, Role
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


def _projects(city, n, **kwargs):
    district = DistrictFactory(municipality=city)
    unit = UnitFactory(municipality=city)
    sectors = [SectorFactory(municipality=city), SectorFactory(municipality=city)]
    return [
        ProjectFactory(municipality=city, district=district, unit=unit, sectors=sectors, **kwargs)
        for _ in range(n)
    ]


def test_municipality_list_for_gives_members_their_cities_only(city_a, city_b, member_of):
    user = member_of(city_a, Role.VIEWER)
    assert list(selectors.municipality_list_for(user)) == [city_a]
    assert list(selectors.municipality_list_for(AnonymousUser())) == []
    root = UserFactory(username="root", is_superuser=True)
    assert set(selectors.municipality_list_for(root)) == {city_a, city_b}


def test_municipality_list_for_keeps_the_cities_where_the_role_is_high_enough(
    city_a, city_b, member_of
):
    from tests.registry.factories import MembershipFactory

    user = member_of(city_a, Role.EDITOR)
    MembershipFactory(user=user, municipality=city_b, role=Role.VIEWER)
    assert set(selectors.municipality_list_for(user)) == {city_a, city_b}
    assert list(selectors.municipality_list_for(user, minimum=Role.EDITOR)) == [city_a]
    assert list(selectors.municipality_list_for(user, minimum=Role.ADMIN)) == []


def test_municipality_get_hides_a_city_from_non_members(city_a, member_of, outsider):
    assert selectors.municipality_get(user=member_of(city_a, Role.VIEWER), slug="city-a") == city_a
    with pytest.raises(NotFoundError):
        selectors.municipality_get(user=outsider, slug="city-a")


def test_project_list_shows_staff_unpublished_rows_of_their_city_only(city_a, city_b, member_of):
    mine = ProjectFactory(municipality=city_a, is_public=False)
    ProjectFactory(municipality=city_b, is_public=False)
    viewer = member_of(city_a, Role.VIEWER)
    assert list(selectors.project_list(user=viewer, municipality=city_a)) == [mine]


@pytest.mark.parametrize("persona", ["other_city", "outsider"])
def test_project_list_refuses_anyone_outside_the_city(persona, city_a, city_b, member_of, outsider):
    user = member_of(city_b, Role.ADMIN) if persona == "other_city" else outsider
    with pytest.raises(PermissionDeniedError):
        selectors.project_list(user=user, municipality=city_a)


def test_project_list_costs_the_same_queries_for_three_or_thirty_rows(
    city_a, member_of, django_assert_num_queries
):
    viewer = member_of(city_a, Role.VIEWER)
    _projects(city_a, 3)
    # membership check, projects with district/unit/city joined, sectors prefetched
    with django_assert_num_queries(3):
        rows = list(selectors.project_list(user=viewer, municipality=city_a))
        names = [(p.district.name, p.unit.name, [s.name for s in p.sectors.all()]) for p in rows]
    assert len(names) == 3
    _projects(city_a, 27)
    with django_assert_num_queries(3):
        rows = list(selectors.project_list(user=viewer, municipality=city_a))
        for p in rows:
            [s.name for s in p.sectors.all()]
            _ = p.municipality.name, p.district.name, p.unit.name
    assert len(rows) == 30


def test_project_list_filters_by_district_sector_status_and_headline(city_a, member_of):
    viewer = member_of(city_a, Role.VIEWER)
    district, sector = DistrictFactory(municipality=city_a), SectorFactory(municipality=city_a)
    target = ProjectFactory(
        municipality=city_a,
        district=district,
        sectors=[sector],
        status=ProjectStatus.COMPLETION,
        is_headline=True,
    )
    ProjectFactory(municipality=city_a, status=ProjectStatus.COMPLETION)
    ProjectFactory(municipality=city_a, district=district, sectors=[sector])

    def ids(**filters):
        return {p.pk for p in selectors.project_list(user=viewer, municipality=city_a, **filters)}

    assert ids(district=district, status=ProjectStatus.COMPLETION) == {target.pk}
    assert ids(sector=sector, is_headline=True) == {target.pk}
    assert len(ids(status=[ProjectStatus.COMPLETION, ProjectStatus.IMPLEMENTATION])) == 3


def test_project_search_ignores_yeh_kaf_and_digit_spellings(city_a, member_of):
    from jahesh.registry import services

    editor = member_of(city_a, Role.EDITOR)
    services.project_create(
        by=editor, municipality=city_a, code="P-9", title="پارک کودک شماره ۳ محله یاس"
    )
    services.project_create(by=editor, municipality=city_a, code="P-10", title="تقاطع ولیعصر")

    def titles(query):
        return [
            p.code for p in selectors.project_list(user=editor, municipality=city_a, query=query)
        ]

    assert titles("كودك 3") == ["P-9"]
    assert titles("محله  ياس") == ["P-9"]
    assert titles("تقاطع") == ["P-10"]
    assert titles("کودک تقاطع") == []


def test_project_get_finds_by_slug_code_or_id_and_hides_private_rows(city_a, city_b, member_of):
    project = ProjectFactory(municipality=city_a, is_public=False, code="P-77", slug="بوستان")
    viewer = member_of(city_a, Role.VIEWER)
    assert selectors.project_get(user=viewer, municipality=city_a, slug="بوستان") == project
    assert selectors.project_get(user=viewer, municipality=city_a, code="P-۷۷") == project
    assert selectors.project_get(user=viewer, municipality=city_a, pk=project.pk) == project
    with pytest.raises(NotFoundError):
        selectors.project_get(
            user=member_of(city_b, Role.ADMIN), municipality=city_a, pk=project.pk
        )
    with pytest.raises(NotFoundError):
        selectors.project_get(user=viewer, municipality=city_b, pk=project.pk)


def test_public_project_list_shows_published_rows_of_public_cities_only(
    city_a, city_b, django_assert_num_queries
):
    shown = ProjectFactory(municipality=city_a, is_public=True)
    ProjectFactory(municipality=city_a, is_public=False)
    ProjectFactory(municipality=city_b, is_public=True)
    with django_assert_num_queries(2):
        rows = list(selectors.public_project_list(city_a))
        [s.name for p in rows for s in p.sectors.all()]
    assert rows == [shown]
    city_a.is_public = False
    city_a.save()
    assert list(selectors.public_project_list(city_a)) == []
    with pytest.raises(NotFoundError):
        selectors.public_municipality_get(slug="city-a")


def test_ceremony_list_filters_by_window_readiness_and_kind(
    city_a, city_b, member_of, django_assert_num_queries
):
    viewer = member_of(city_a, Role.VIEWER)
    mayor = OfficialFactory(municipality=city_a)
    open_now = CeremonyFactory(
        project=ProjectFactory(municipality=city_a),
        ready_from=dt.date(2023, 2, 1),
        latest_date=dt.date(2023, 3, 1),
        readiness=Readiness.READY,
    )
    open_now.officials_requested.add(mayor)
    CeremonyFactory(
        project=ProjectFactory(municipality=city_a),
        ready_from=dt.date(2023, 4, 1),
        kind=CeremonyKind.GROUNDBREAKING,
        readiness=Readiness.NOT_READY,
    )
    CeremonyFactory(project=ProjectFactory(municipality=city_b))
    with django_assert_num_queries(3):
        rows = list(selectors.ceremony_list(user=viewer, municipality=city_a))
        [(c.project.title, [o.name for o in c.officials_requested.all()]) for c in rows]
    assert len(rows) == 2
    by_day = selectors.ceremony_list(
        user=viewer, municipality=city_a, ready_by=dt.date(2023, 2, 15)
    )
    assert list(by_day) == [open_now]
    ready = selectors.ceremony_list(user=viewer, municipality=city_a, readiness=Readiness.READY)
    assert list(ready) == [open_now]
    kind = selectors.ceremony_list(user=viewer, municipality=city_a, kind="groundbreaking")
    assert [c.kind for c in kind] == ["groundbreaking"]
    either = selectors.ceremony_list(
        user=viewer, municipality=city_a, readiness=[Readiness.ALMOST, Readiness.NOT_READY]
    )
    assert [c.readiness for c in either] == [Readiness.NOT_READY]


@pytest.mark.parametrize("persona", ["other_city", "outsider"])
def test_ceremony_official_and_membership_lists_refuse_outsiders(
    persona, city_a, city_b, member_of, outsider
):
    user = member_of(city_b, Role.ADMIN) if persona == "other_city" else outsider
    for read in (
        selectors.ceremony_list,
        selectors.official_list,
        selectors.membership_list,
        selectors.district_list,
        selectors.sector_list,
        selectors.unit_list,
    ):
        with pytest.raises(PermissionDeniedError):
            read(user=user, municipality=city_a)


def test_ceremony_get_hides_another_citys_ceremony(city_a, city_b, member_of):
    ceremony = CeremonyFactory(project=ProjectFactory(municipality=city_a))
    assert selectors.ceremony_get(user=member_of(city_a, Role.VIEWER), pk=ceremony.pk) == ceremony
    with pytest.raises(NotFoundError):
        selectors.ceremony_get(user=member_of(city_b, Role.ADMIN), pk=ceremony.pk)


def test_official_list_puts_the_most_senior_first_and_skips_inactive(city_a, member_of):
    viewer = member_of(city_a, Role.VIEWER)
    deputy = OfficialFactory(municipality=city_a, rank=50)
    mayor = OfficialFactory(municipality=city_a, rank=90)
    OfficialFactory(municipality=city_a, rank=99, is_active=False)
    assert list(selectors.official_list(user=viewer, municipality=city_a)) == [mayor, deputy]


def test_membership_list_is_for_city_admins(city_a, member_of):
    admin = member_of(city_a, Role.ADMIN)
    assert [m.user for m in selectors.membership_list(user=admin, municipality=city_a)] == [admin]
    with pytest.raises(PermissionDeniedError):
        selectors.membership_list(user=member_of(city_a, Role.PUBLISHER), municipality=city_a)
