"""Every registry service, called by a member of the row's city, of another city, and an outsider.

Each case names the lowest role that may call the service: a member of city A holding that role
succeeds; one step below it (when there is one), an admin of city B and an outsider are refused
and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from jahesh.core.errors import PermissionDeniedError
from jahesh.registry import services
from jahesh.registry.models import (
    Ceremony,
    District,
    Membership,
    Official,
    Project,
    Readiness,
    Role,
    Sector,
    Unit,
)
from jahesh.registry.permissions import ROLE_LADDER
from tests.registry.factories import (
    CeremonyFactory,
    DistrictFactory,
    MembershipFactory,
    OfficialFactory,
    ProjectFactory,
    SectorFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@dataclass
class Scene:
    city: Any
    district: District
    unit: Unit
    sector: Sector
    project: Project
    ceremony: Ceremony
    official: Official
    membership: Membership
    newcomer: Any


@pytest.fixture
def scene(city_a) -> Scene:
    district = DistrictFactory(municipality=city_a, number=1, name="منطقه یک")
    sector = SectorFactory(municipality=city_a)
    project = ProjectFactory(municipality=city_a, district=district, sectors=[sector])
    return Scene(
        city=city_a,
        district=district,
        unit=UnitFactory(municipality=city_a),
        sector=sector,
        project=project,
        ceremony=CeremonyFactory(project=project),
        official=OfficialFactory(municipality=city_a),
        membership=MembershipFactory(municipality=city_a, role=Role.VIEWER),
        newcomer=UserFactory(username="newcomer"),
    )


def _state() -> tuple[int, ...]:
    """A fingerprint of everything a service could write."""
    return (
        Project.objects.count(),
        Project.history.count(),
        Ceremony.objects.count(),
        Ceremony.history.count(),
        District.objects.count(),
        Unit.objects.count(),
        Sector.objects.count(),
        Official.objects.count(),
        Membership.objects.count(),
        *Membership.objects.order_by("pk").values_list("role", flat=True),
        *Project.objects.order_by("pk").values_list("physical_progress_pct", flat=True),
        *Ceremony.objects.order_by("pk").values_list("importance", "readiness"),
        *Unit.objects.order_by("pk").values_list("name", flat=True),
        *Sector.objects.order_by("pk").values_list("name", flat=True),
        *District.objects.order_by("pk").values_list("number", flat=True),
        *Official.objects.order_by("pk").values_list("rank", flat=True),
        *Membership.objects.order_by("pk").values_list("municipality__outlet_name", flat=True),
    )


CASES: dict[str, tuple[Role, Callable[[Any, Scene], Any]]] = {
    "municipality_update": (
        Role.ADMIN,
        lambda by, s: services.municipality_update(by=by, municipality=s.city, outlet_name="x"),
    ),
    "district_create": (
        Role.ADMIN,
        lambda by, s: services.district_create(by=by, municipality=s.city, number=9, name="نه"),
    ),
    "district_update": (
        Role.ADMIN,
        lambda by, s: services.district_update(by=by, district=s.district, number=7),
    ),
    "unit_create": (
        Role.ADMIN,
        lambda by, s: services.unit_create(
            by=by, municipality=s.city, code="NEW", name="سازمان نو", kind="organisation"
        ),
    ),
    "unit_update": (
        Role.ADMIN,
        lambda by, s: services.unit_update(by=by, unit=s.unit, name="نام تازه"),
    ),
    "sector_create": (
        Role.ADMIN,
        lambda by, s: services.sector_create(
            by=by, municipality=s.city, code="new", name="حوزه نو", oc4ids_code="health"
        ),
    ),
    "sector_update": (
        Role.ADMIN,
        lambda by, s: services.sector_update(by=by, sector=s.sector, name="نام تازه"),
    ),
    "project_create": (
        Role.EDITOR,
        lambda by, s: services.project_create(
            by=by, municipality=s.city, code="NEW-1", title="بوستان تازه"
        ),
    ),
    "project_update": (
        Role.EDITOR,
        lambda by, s: services.project_update(by=by, project=s.project, physical_progress_pct=99),
    ),
    "project_delete": (
        Role.ADMIN,
        lambda by, s: services.project_delete(by=by, project=s.project),
    ),
    "ceremony_create": (
        Role.EDITOR,
        lambda by, s: services.ceremony_create(
            by=by, project=s.project, kind="groundbreaking", ready_from=dt.date(2023, 3, 1)
        ),
    ),
    "ceremony_update": (
        Role.EDITOR,
        lambda by, s: services.ceremony_update(by=by, ceremony=s.ceremony, importance=9),
    ),
    "ceremony_set_readiness": (
        Role.EDITOR,
        lambda by, s: services.ceremony_set_readiness(
            by=by, ceremony=s.ceremony, readiness=Readiness.ALMOST
        ),
    ),
    "official_create": (
        Role.EDITOR,
        lambda by, s: services.official_create(
            by=by, municipality=s.city, name="نام", position="معاون", kind="deputy"
        ),
    ),
    "official_update": (
        Role.EDITOR,
        lambda by, s: services.official_update(by=by, official=s.official, rank=3),
    ),
    "membership_grant": (
        Role.ADMIN,
        lambda by, s: services.membership_grant(
            by=by, user=s.newcomer, municipality=s.city, role=Role.EDITOR
        ),
    ),
    "membership_revoke": (
        Role.ADMIN,
        lambda by, s: services.membership_revoke(by=by, membership=s.membership),
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_member_of_the_city_with_the_role_may_call_the_service(name, scene, member_of):
    role, call = CASES[name]
    before = _state()
    call(member_of(scene.city, role), scene)
    # Each case writes something: a refused call below must be told apart from a no-op.
    assert _state() != before


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_role_below_the_one_needed_is_refused(name, scene, member_of):
    role, call = CASES[name]
    below = ROLE_LADDER[ROLE_LADDER.index(role) - 1]
    user = member_of(scene.city, below)
    before = _state()
    with pytest.raises(PermissionDeniedError):
        call(user, scene)
    assert _state() == before


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_admin_of_another_city_is_refused(name, scene, city_b, member_of):
    _, call = CASES[name]
    user = member_of(city_b, Role.ADMIN)
    before = _state()
    with pytest.raises(PermissionDeniedError):
        call(user, scene)
    assert _state() == before


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_outsider_is_refused(name, scene, outsider):
    _, call = CASES[name]
    before = _state()
    with pytest.raises(PermissionDeniedError):
        call(outsider, scene)
    assert _state() == before


def test_only_a_superuser_creates_a_municipality(city_a, city_b, member_of, outsider):
    def create(by: Any, slug: str) -> Any:
        return services.municipality_create(
            by=by,
            slug=slug,
            name="شهرداری تازه",
            city_name="تازه",
            center_latitude="32.65",
            center_longitude="51.67",
        )

    for refused in (member_of(city_a, Role.ADMIN), member_of(city_b, Role.ADMIN), outsider):
        with pytest.raises(PermissionDeniedError):
            create(refused, "new-city")
    city = create(UserFactory(username="root", is_superuser=True), "new-city")
    assert city.slug == "new-city"
