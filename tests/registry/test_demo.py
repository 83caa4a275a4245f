"""The illustrative demo cities: what they hold, that they are built once, and their logins."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth import authenticate
from django.db.models import Count
from django.http import HttpRequest

from jahesh.registry import demo
from jahesh.registry.models import (
    Ceremony,
    CeremonyKind,
    District,
    Membership,
    Municipality,
    Official,
    OfficialKind,
    Project,
    Role,
    Sector,
    SectorCode,
    Unit,
)
from tests.registry.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

TODAY = dt.date(2026, 12, 4)  # 13 Azar 1405


def _counts() -> tuple[int, ...]:
    models = (Municipality, District, Unit, Sector, Project, Ceremony, Official, Membership)
    return (
        *(model.objects.count() for model in models),
        Project.history.count(),
        Ceremony.history.count(),
    )


def test_the_demo_city_holds_what_the_issue_lists_and_a_second_build_adds_nothing():
    out = io.StringIO()
    city = demo.build_demo_city(stdout=out, today=TODAY)
    assert city.slug == demo.DEMO_SLUG
    assert city.is_illustrative
    assert "نمونه نمایشی" in city.name
    assert city.districts.count() == 11
    projects = Project.objects.filter(municipality=city)
    assert 280 <= projects.count() <= 320
    assert {u.name for u in city.units.all()} >= {
        "معاونت فنی و عمرانی",
        "معاونت حمل‌ونقل و ترافیک",
        "سازمان پارک‌ها و فضای سبز",
        "سازمان فرهنگی، اجتماعی و ورزشی",
        "سازمان آتش‌نشانی و خدمات ایمنی",
    }
    assert {s.oc4ids_code for s in city.sectors.all()} <= set(SectorCode.values)
    # every sector has projects, and every project has a sector of its own city
    assert not city.sectors.annotate(n=Count("projects")).filter(n=0).exists()
    assert not projects.filter(sectors__isnull=True).exists()
    assert not projects.exclude(sectors__municipality=city).exists()

    for project in projects.exclude(latitude=None):
        assert 29.55 <= float(project.latitude) <= 29.68
        assert 52.45 <= float(project.longitude) <= 52.62
    credits_bn_toman = [p.credit_rial / demo.RIAL_PER_BILLION_TOMAN for p in projects]
    assert min(credits_bn_toman) >= 1
    assert max(credits_bn_toman) <= 1000
    assert all(p.credit_rial % 10**9 == 0 for p in projects)  # whole tenths of a billion toman
    assert projects.filter(is_headline=True).count() >= 3
    assert all(p.slug and p.search_text for p in projects)

    ceremonies = Ceremony.objects.filter(municipality=city)
    ready_first, ready_last = demo.ready_window(TODAY)
    assert ready_first < TODAY < ready_last
    assert set(ceremonies.values_list("kind", flat=True)) == set(CeremonyKind.values)
    for ceremony in ceremonies:
        # Ready around the day the demo is built, not in a frozen year.
        assert ready_first <= ceremony.ready_from <= ready_last
        assert ceremony.latest_date is None or ceremony.latest_date >= ceremony.ready_from
    assert {o.kind for o in city.officials.all()} >= {
        OfficialKind.MAYOR,
        OfficialKind.DEPUTY,
        OfficialKind.COUNCIL_CHAIR,
        OfficialKind.GOVERNOR,
        OfficialKind.MINISTER,
    }

    for username, _label in demo.DEMO_USERS:
        user = authenticate(HttpRequest(), username=username, password=demo.DEMO_PASSWORD)
        assert user is not None, username
        assert user.is_staff
        assert Membership.objects.get(user=user, municipality=city).role == username
    assert {username for username, _ in demo.DEMO_USERS} == set(Role.values)
    assert "پروژه" in out.getvalue()

    before = _counts()
    again = demo.build_demo_city(stdout=out)
    assert again == city
    assert _counts() == before


def test_two_builds_on_fresh_databases_give_the_same_rows():
    # The small city runs the same generator as the big one, at a fraction of the cost.
    def rows(city):
        return list(
            Project.objects.filter(municipality=city)
            .order_by("code")
            .values_list("code", "title", "credit_rial", "latitude", "district__number")
        )

    first = rows(demo.build_second_demo_city(today=TODAY))
    assert len({title for _, title, *_ in first}) == len(first)  # no title repeats
    Municipality.objects.all().delete()
    assert rows(demo.build_second_demo_city(today=TODAY)) == first


def test_the_second_demo_city_is_small_illustrative_and_built_once():
    UserFactory(username="admin")  # the demo admin, made by the first city
    city = demo.build_second_demo_city()
    assert city.is_illustrative
    assert "نمونه نمایشی" in city.name
    assert 30 <= Project.objects.filter(municipality=city).count() <= 50
    for project in Project.objects.filter(municipality=city).exclude(latitude=None):
        assert 32.60 <= float(project.latitude) <= 32.72
    assert Membership.objects.get(user__username="admin", municipality=city).role == Role.ADMIN
    before = _counts()
    demo.build_second_demo_city()
    assert _counts() == before
