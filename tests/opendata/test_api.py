"""Public API v1: what it answers, how it filters, pages, validates and refuses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import override_settings

from jahesh import persian
from jahesh.opendata.api import conditional, filters, selectors
from jahesh.registry.models import Project, ProjectStatus
from tests.opendata.api_scene import API, fresh_validators, get_json, walk
from tests.portal.conftest import build_wave_scene
from tests.registry.factories import DistrictFactory, ProjectFactory, SectorFactory

pytestmark = pytest.mark.django_db
__all__ = ["fresh_validators"]


@pytest.fixture
def scene(city_a):
    made = build_wave_scene(city_a)
    made.projects[0].start_date = dt.date(2023, 6, 5)  # ۱۴۰۲/۰۳/۱۵
    made.projects[0].save()
    return made


def _problem(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail"} <= set(body)
    assert any("\u0600" <= ch <= "\u06ff" for ch in body["detail"]), body["detail"]
    return body


def test_a_project_carries_rials_and_tomans_iso_and_jalali_dates_and_its_language(client, scene):
    first = scene.projects[0]
    item = get_json(client, f"/projects/{first.pk}")
    assert item["credit_rial"] == first.credit_rial
    assert item["credit_toman"] == first.credit_rial // 10
    assert item["start_date"] == "2023-06-05"
    assert item["start_date_jalali"] == "۱۴۰۲/۰۳/۱۵"
    assert item["lang"] == "fa"
    assert item["municipality"] == scene.city.slug
    assert item["sectors"] == [scene.sector.code]


def test_jalali_and_gregorian_date_ranges_choose_the_same_projects(client, scene):
    by_jalali = get_json(client, "/projects", start_from="۱۴۰۲/۰۳/۱۵", start_to="1402/03/15")
    by_gregorian = get_json(client, "/projects", start_from="2023-06-05", start_to="2023-06-05")
    assert [p["id"] for p in by_jalali["items"]] == [scene.projects[0].pk]
    assert by_jalali["items"] == by_gregorian["items"]


def test_the_search_matches_persian_spellings_through_the_search_key(client, scene):
    ProjectFactory(
        municipality=scene.city,
        title="کتابخانه شهرداری‌ها",
        slug="ketab",
        search_text=persian.search_key("کتابخانه شهرداری‌ها"),
    )
    for typed in ("شهرداریها", "شهرداري ها", "كتابخانه"):
        found = get_json(client, "/projects", q=typed)["items"]
        assert [p["title"] for p in found] == ["کتابخانه شهرداری‌ها"], typed


def test_filters_narrow_by_city_district_sector_status_wave_programme_and_box(
    client, scene, city_b
):
    other_district = DistrictFactory(municipality=scene.city, number=2, name="منطقه دو")
    other_sector = SectorFactory(municipality=scene.city, code="health", name="سلامت")
    lone = ProjectFactory(
        municipality=scene.city,
        title="درمانگاه",
        slug="clinic",
        district=other_district,
        sectors=[other_sector],
        status=ProjectStatus.PREPARATION,
        latitude=Decimal("35.70"),
        longitude=Decimal("51.40"),
    )
    ProjectFactory(municipality=city_b, title="پروژه شهر ب", slug="b")
    placed = {p.pk for p in scene.projects}

    def ids(**params):
        return {p["id"] for p in walk(client, "/projects", **params)}

    assert ids(municipality=scene.city.slug) == placed | {lone.pk}
    assert ids(district=other_district.pk) == {lone.pk}
    assert ids(sector="health") == {lone.pk}
    assert ids(status="preparation") == {lone.pk}
    assert ids(wave=scene.wave.pk) == placed
    assert ids(programme=scene.programme.slug) == placed
    assert ids(bbox="51.3,35.6,51.5,35.8") == {lone.pk}
    assert ids(municipality="no-such-city") == set()


def test_the_cursor_walks_every_row_once_in_a_stable_order(client, scene):
    for n in range(7):
        ProjectFactory(municipality=scene.city, title=f"پل {n}", slug=f"pol-{n}", credit_rial=5)
    everything = get_json(client, "/projects", sort="-credit_rial", limit=100)["items"]
    walked = walk(client, "/projects", sort="-credit_rial", limit=3)
    assert [p["id"] for p in walked] == [p["id"] for p in everything]
    assert len({p["id"] for p in walked}) == len(walked) == 10
    credits = [p["credit_rial"] for p in walked]
    assert credits == sorted(credits, reverse=True)


def test_a_row_added_before_the_cursor_neither_repeats_nor_shifts_the_next_page(client, scene):
    first = get_json(client, "/projects", limit=2)
    ProjectFactory(municipality=scene.city, title="تازه", slug="new", code="A-0001")
    second = get_json(client, "/projects", limit=2, cursor=first["next_cursor"])
    assert not {p["id"] for p in first["items"]} & {p["id"] for p in second["items"]}
    assert second["items"][0]["id"] == scene.projects[2].pk


def test_a_cursor_made_for_another_order_or_forged_is_refused_in_persian(client, scene):
    cursor = get_json(client, "/projects", limit=1)["next_cursor"]
    _problem(client.get(f"{API}/projects", {"cursor": cursor, "sort": "-credit_rial"}), 400)
    for forged in ("not-base64!", "WyJjb2RlIiwxLCJ4Il0", "WyJjcmVkaXRfcmlhbCIsIngiLDFd"):
        _problem(client.get(f"{API}/projects", {"cursor": forged, "sort": "credit_rial"}), 400)


def test_fields_keeps_only_the_named_fields_and_the_id(client, scene):
    items = get_json(client, "/projects", fields="title,credit_toman")["items"]
    assert all(set(item) == {"id", "title", "credit_toman"} for item in items)
    body = _problem(client.get(f"{API}/projects", {"fields": "title,secret"}), 400)
    assert "secret" in body["detail"]


def test_bad_parameters_get_problem_details_naming_them(client, scene):
    assert (
        "start_from"
        in _problem(client.get(f"{API}/projects", {"start_from": "۱۴۰۲/۱۲/۳۰"}), 400)["detail"]
    )
    assert "bbox" in _problem(client.get(f"{API}/projects", {"bbox": "1,2,3"}), 400)["detail"]
    assert "status" in _problem(client.get(f"{API}/projects", {"status": "secret"}), 422)["detail"]
    assert "limit" in _problem(client.get(f"{API}/projects", {"limit": "0"}), 422)["detail"]


def test_rows_that_are_not_public_and_unknown_addresses_answer_404_problems(client, scene):
    hidden = ProjectFactory(municipality=scene.city, title="پنهان", slug="h", is_public=False)
    _problem(client.get(f"{API}/projects/{hidden.pk}"), 404)
    _problem(client.get(f"{API}/municipalities/no-such-city"), 404)
    _problem(client.get(f"{API}/no-such-list"), 404)


def test_an_unexpected_failure_answers_a_500_problem_without_internals(client, scene, monkeypatch):
    def broken(query):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(selectors, "projects", broken)
    body = _problem(client.get(f"{API}/projects"), 500)
    assert "secret" not in str(body)


def test_a_conditional_get_answers_304_until_the_data_changes(client, scene):
    first = client.get(f"{API}/projects", {"municipality": scene.city.slug})
    etag, modified = first["ETag"], first["Last-Modified"]
    again = client.get(
        f"{API}/projects", {"municipality": scene.city.slug}, headers={"if-none-match": etag}
    )
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    since = client.get(
        f"{API}/projects",
        {"municipality": scene.city.slug},
        headers={"if-modified-since": modified},
    )
    assert since.status_code == 304
    project = scene.projects[0]
    project.title = "عنوان تازه"
    project.save()
    from jahesh.opendata.api import conditional

    conditional.forget()
    changed = client.get(
        f"{API}/projects", {"municipality": scene.city.slug}, headers={"if-none-match": etag}
    )
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "عنوان تازه" in changed.content.decode()


def test_another_address_has_another_etag(client, scene):
    one = client.get(f"{API}/projects", {"limit": 1})["ETag"]
    two = client.get(f"{API}/projects", {"limit": 2})["ETag"]
    assert one != two


@override_settings(API_ANON_RATE_LIMIT=3, API_ANON_RATE_WINDOW_S=60)
def test_an_address_over_its_limit_gets_429_with_retry_after(client, scene):
    for _ in range(3):
        assert client.get(f"{API}/municipalities").status_code == 200
    refused = client.get(f"{API}/municipalities")
    _problem(refused, 429)
    assert 1 <= int(refused["Retry-After"]) <= 60
    other = client.get(f"{API}/municipalities", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_the_docs_page_loads_nothing_from_another_site(client, scene):
    page = client.get(f"{API}/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "http://" not in html
    assert "https://" not in html
    script = client.get(f"{API}/docs/redoc.standalone.js")
    assert script.status_code == 200
    assert b"".join(script.streaming_content)[:1000]


def test_a_page_of_projects_costs_a_fixed_number_of_queries(
    client, scene, django_assert_max_num_queries
):
    for n in range(30):
        ProjectFactory(
            municipality=scene.city, title=f"پل {n}", slug=f"p-{n}", sectors=[scene.sector]
        )
    get_json(client, "/projects", limit=5)
    # Versions, the page, its sectors; more rows must not mean more queries.
    with django_assert_max_num_queries(4):
        body = get_json(client, "/projects", limit=30, municipality=scene.city.slug)
    assert len(body["items"]) == 30


def test_the_same_page_asked_again_is_answered_without_reading_the_rows(
    client, scene, django_assert_num_queries
):
    params = {"municipality": scene.city.slug, "limit": 3}
    first = client.get(f"{API}/projects", params)
    # The versions are remembered for a second and the body under its ETag: no query at all.
    with django_assert_num_queries(0):
        again = client.get(f"{API}/projects", params)
    assert again.status_code == 200
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]


def test_a_page_asked_again_after_a_change_shows_the_change(client, scene):
    params = {"municipality": scene.city.slug, "fields": "title"}
    client.get(f"{API}/projects", params)
    project = scene.projects[0]
    project.title = "عنوان دیگر"
    project.save()
    conditional.forget()
    assert "عنوان دیگر" in client.get(f"{API}/projects", params).content.decode()


def test_a_page_under_another_host_names_that_host_in_its_next_address(client, scene):
    params = {"municipality": scene.city.slug, "limit": 1}
    here = client.get(f"{API}/projects", params, HTTP_HOST="localhost").json()
    there = client.get(f"{API}/projects", params, HTTP_HOST="127.0.0.1").json()
    assert here["next"].startswith("http://localhost/")
    assert there["next"].startswith("http://127.0.0.1/")


def test_a_page_filtered_by_district_and_status_reads_an_index_in_order(scene):
    if connection.vendor != "sqlite":
        pytest.skip("the query plan read here is SQLite's")
    query = filters.ProjectQuery.model_validate(
        {
            "municipality": scene.city.slug,
            "district": scene.projects[0].district_id,
            "status": ProjectStatus.IMPLEMENTATION,
        }
    )
    rows = selectors.projects(query).order_by("code", "pk")[:101]
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    # Without an index that ends in the order, the city's projects were walked in code order
    # (or all sorted) to find the few of one district and status.
    assert "status=?" in plan, plan
    assert "TEMP B-TREE" not in plan, plan


def test_a_city_is_named_to_the_database_by_its_id_not_through_a_join_on_its_slug(scene):
    rows = selectors.projects(filters.ProjectQuery.model_validate({"municipality": "city-a"}))
    where = str(rows.order_by("code", "pk").query).split(" WHERE ", 1)[1]
    # Joined by slug, PostgreSQL sorted all of a city's projects for each page; given the id it
    # reads (municipality, code) in order and stops after the page.
    assert '"registry_municipality"."slug"' not in where
    expected = Project.objects.public().filter(municipality__slug="city-a").order_by("code", "pk")
    assert [p.pk for p in rows.order_by("code", "pk")] == [p.pk for p in expected]
    assert expected.exists()
