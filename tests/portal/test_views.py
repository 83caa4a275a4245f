"""The public pages: what a citizen sees, in Persian, right to left, and what a stranger cannot."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jahesh.registry.models import Municipality
from tests.registry.factories import MunicipalityFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def get(client, name, **kwargs):
    return client.get(reverse(f"portal:{name}", kwargs=kwargs))


def test_home_renders_persian_right_to_left_with_the_wave_in_focus(client, wave_scene):
    response = get(client, "home", city=wave_scene.city.slug)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fa" dir="rtl">' in html
    assert "مرحله ۱ جهش عمرانی" in html
    assert "پیش رو" in html
    assert 'rel="canonical"' in html
    assert 'property="og:title"' in html


def test_root_redirects_to_the_only_public_city(client, wave_scene):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home", kwargs={"city": wave_scene.city.slug})


def test_root_lists_cities_when_there_are_several(client, city_a, city_b):
    response = client.get("/")
    assert response.status_code == 200
    assert city_a.name in response.content.decode()
    assert city_b.name in response.content.decode()


def test_a_city_that_is_not_public_is_not_found(client, db):
    hidden = MunicipalityFactory(slug="hidden", is_public=False)
    response = get(client, "home", city=hidden.slug)
    assert response.status_code == 404
    assert "پیدا نشد" in response.content.decode()


def test_wave_page_lists_its_ceremonies_with_times_and_map_data(client, wave_scene):
    response = get(
        client,
        "wave",
        city=wave_scene.city.slug,
        programme=wave_scene.programme.slug,
        number=wave_scene.wave.number,
    )
    html = response.content.decode()
    assert response.status_code == 200
    for project in wave_scene.projects:
        assert project.title in html
    assert "۰۹:۰۰" in html
    assert 'id="map-data"' in html
    assert 'media="print"' in html


def test_a_draft_wave_is_not_public(client, wave_scene):
    wave_scene.wave.status = "draft"
    wave_scene.wave.save()
    response = get(
        client,
        "wave",
        city=wave_scene.city.slug,
        programme=wave_scene.programme.slug,
        number=wave_scene.wave.number,
    )
    assert response.status_code == 404


def test_project_page_shows_facts_credit_and_its_wave(client, wave_scene):
    project = wave_scene.projects[0]
    response = client.get(
        reverse(
            "portal:project",
            kwargs={"city": wave_scene.city.slug, "code": project.code, "slug": project.slug},
        )
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert project.title in html
    assert "منطقه یک" in html
    assert "مرحله ۱ جهش عمرانی" in html
    assert "ثبت پروژه" in html


def test_project_address_without_or_with_a_wrong_slug_redirects_to_the_canonical_one(
    client, wave_scene
):
    project = wave_scene.projects[0]
    canonical = reverse(
        "portal:project",
        kwargs={"city": wave_scene.city.slug, "code": project.code, "slug": project.slug},
    )
    short = get(client, "project_short", city=wave_scene.city.slug, code=project.code)
    wrong = get(client, "project", city=wave_scene.city.slug, code=project.code, slug="x")
    assert short.status_code == 302
    assert short["Location"] == canonical
    assert wrong.status_code == 302
    assert wrong["Location"] == canonical


def test_a_project_that_is_not_public_is_not_found(client, wave_scene):
    hidden = ProjectFactory(municipality=wave_scene.city, is_public=False)
    response = get(client, "project_short", city=wave_scene.city.slug, code=hidden.code)
    assert response.status_code == 404


def test_another_citys_project_is_not_found_under_this_city(client, wave_scene, city_b):
    other = ProjectFactory(municipality=city_b)
    response = get(client, "project_short", city=wave_scene.city.slug, code=other.code)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/no-such-city/",
        "/city-a/programmes/nothing/",
        "/city-a/programmes/جهش-عمرانی/99/",
        "/city-a/districts/77/",
        "/city-a/sectors/none/",
        "/city-a/projects/NOPE/",
        "/city-a/news/123456/",
        "/city-a/n/99/",
    ],
)
def test_unknown_addresses_get_a_persian_404(client, wave_scene, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert 'lang="fa"' in html
    assert 'dir="rtl"' in html


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999", "1e9", "<script>"])
def test_malformed_page_numbers_never_fail(client, wave_scene, page):
    response = client.get(
        reverse("portal:project_list", kwargs={"city": wave_scene.city.slug}), {"page": page}
    )
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</header>")[1]


def test_district_and_sector_pages_list_their_projects(client, wave_scene):
    district = get(client, "district", city=wave_scene.city.slug, number=1)
    sector = get(client, "sector", city=wave_scene.city.slug, code="transport")
    for response in (district, sector):
        assert response.status_code == 200
        assert wave_scene.projects[0].title in response.content.decode()
    assert get(client, "district_list", city=wave_scene.city.slug).status_code == 200
    assert get(client, "sector_list", city=wave_scene.city.slug).status_code == 200


def test_programme_page_shows_a_timeline_of_public_waves_only(client, wave_scene):
    from tests.leaps.factories import WaveFactory

    WaveFactory(programme=wave_scene.programme, number=2, theme="پنهان", status="draft")
    response = get(
        client, "programme", city=wave_scene.city.slug, programme=wave_scene.programme.slug
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "شهر برای مردم" in html
    assert "پنهان" not in html


def test_members_page_puts_public_cities_side_by_side(client, wave_scene, city_b):
    MunicipalityFactory(slug="secret", name="شهرداری پنهان", is_public=False)
    response = client.get(reverse("portal:members"))
    html = response.content.decode()
    assert response.status_code == 200
    assert wave_scene.city.name in html
    assert city_b.name in html
    assert "شهرداری پنهان" not in html


def test_home_of_an_empty_city_renders_politely(client, city_a: Municipality):
    response = get(client, "home", city=city_a.slug)
    assert response.status_code == 200
    assert "هنوز مرحله‌ای اعلام نشده است" in response.content.decode()


def test_sitemap_lists_public_pages(client, wave_scene):
    index = client.get(reverse("portal:sitemap"))
    assert index.status_code == 200
    projects = client.get(reverse("portal:sitemap_section", kwargs={"section": "projects"}))
    assert projects.status_code == 200
    assert wave_scene.projects[0].code in projects.content.decode()


def test_sitemap_index_dates_each_section_by_its_newest_row(wave_scene):
    # Read with one MAX() (not by visiting every row), and the same date Django would give.
    from django.contrib.sitemaps import Sitemap

    from jahesh.portal.sitemaps import SITEMAPS

    for section in ("projects", "news"):
        sitemap = SITEMAPS[section]()
        expected = Sitemap.get_latest_lastmod(sitemap)
        assert sitemap.get_latest_lastmod() == expected
    newest = max(p.updated_at for p in wave_scene.projects)
    assert SITEMAPS["projects"]().get_latest_lastmod() == newest


def test_pages_refuse_writes(client, wave_scene):
    response = client.post(reverse("portal:home", kwargs={"city": wave_scene.city.slug}))
    assert response.status_code == 405


@pytest.mark.parametrize(
    ("name", "kwargs", "built"),
    [
        (
            "project",
            {"city": "شیراز", "code": "P-1", "slug": "پل (نو)"},
            ("شیراز", "P-1", "پل (نو)"),
        ),
        ("wave", {"city": "a b", "programme": "جهش-عمرانی", "number": 3}, None),
    ],
)
def test_fast_addresses_equal_what_reverse_builds(name, kwargs, built):
    from jahesh.portal import links

    made = (
        links.project_path(*built)
        if name == "project"
        else links.wave_path(kwargs["city"], kwargs["programme"], kwargs["number"])
    )
    assert made == reverse(f"portal:{name}", kwargs=kwargs)


@pytest.mark.django_db
def test_a_city_between_programmes_counts_the_year_of_its_last_wave(city_a):
    import datetime as dt

    from jahesh.portal.selectors import home_data
    from tests.portal.conftest import build_wave_scene

    # The wave falls on 4–5 Bahman 1401; the visit is in Azar 1405, when no wave is planned.
    build_wave_scene(city_a, today=dt.date(2023, 1, 22))
    data = home_data(city=city_a, today=dt.date(2026, 11, 27))

    assert data.wave_state == "past"
    assert data.jalali_year == 1401
    assert data.year_counters == data.wave_counters


@pytest.mark.django_db
def test_a_postponed_ceremony_leaves_the_wave_counters_as_it_leaves_the_newsroom_report(
    wave_scene,
):
    from jahesh.newsroom.selectors import wave_facts
    from jahesh.portal.selectors import programme_timeline, wave_data
    from jahesh.registry.models import CeremonyStatus

    postponed = wave_scene.wave.assignments.order_by("slot").first().ceremony
    postponed.status = CeremonyStatus.POSTPONED
    postponed.save()

    data = wave_data(wave=wave_scene.wave)
    expected = len(wave_scene.projects) - 1
    assert data.counters.ceremonies == expected
    assert len(wave_facts(wave=wave_scene.wave).projects) == expected
    assert postponed.pk not in [item.ceremony.pk for item in data.placed]
    [summary] = programme_timeline(programme=wave_scene.programme)
    assert summary.ceremonies == expected
