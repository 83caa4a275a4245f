"""Every list as CSV (and places as GeoJSON) from the same filter as its pages; distance search."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from decimal import Decimal
from typing import Any

import pytest

from jahesh.opendata.api import plain_rows, selectors, streams
from jahesh.opendata.api.filters import ProjectQuery
from jahesh.opendata.api.routes import PROJECT_SORTS
from jahesh.opendata.api.schemas import ProjectOut
from jahesh.registry.models import District, Municipality, ProjectStatus
from tests.opendata.api_scene import API, fresh_validators, walk
from tests.registry.factories import DistrictFactory, ProjectFactory, SectorFactory

pytestmark = pytest.mark.django_db
__all__ = ["fresh_validators"]

EARTH_RADIUS_M = 6_371_008.8
CENTRE = (29.6, 52.5)


def _body(response) -> str:
    return b"".join(response.streaming_content).decode()


def _offset(north_m: float, east_m: float) -> tuple[Decimal, Decimal]:
    lat = CENTRE[0] + math.degrees(north_m / EARTH_RADIUS_M)
    lon = CENTRE[1] + math.degrees(east_m / (EARTH_RADIUS_M * math.cos(math.radians(lat))))
    return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")


@pytest.fixture
def city(city_a: Municipality, city_b: Municipality) -> Municipality:
    for n in range(7):
        ProjectFactory(
            municipality=city_a,
            code=f"A-{n}",
            title=f"=پروژه {n}" if n == 0 else f"پروژه {n}",
            status=ProjectStatus.COMPLETION if n % 2 else ProjectStatus.IMPLEMENTATION,
        )
    ProjectFactory(municipality=city_a, code="A-hidden", is_public=False)
    ProjectFactory(municipality=city_a, code="A-nowhere", latitude=None, longitude=None)
    ProjectFactory(municipality=city_b, code="B-1")
    return city_a


def test_the_csv_holds_the_same_rows_in_the_same_order_as_the_pages(client, city):
    filters = {"municipality": "city-a", "status": "completion", "sort": "-code"}
    listed = [item["id"] for item in walk(client, "/projects", limit=2, **filters)]
    response = client.get(f"{API}/projects.csv", filters)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="projects.csv"' in response["Content-Disposition"]
    text = _body(response)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert [int(row["id"]) for row in rows] == listed
    assert len(listed) == 3
    assert rows[0]["sectors"]
    assert rows[0]["lang"] == "fa"


def test_the_csv_keeps_the_fields_asked_for_and_is_formula_safe(client, city):
    response = client.get(f"{API}/projects.csv", {"fields": "code,title", "sort": "code"})
    rows = list(csv.reader(io.StringIO(_body(response)[1:])))
    assert rows[0] == ["id", "code", "title"]
    assert rows[1][2] == "'=پروژه 0"
    assert "A-hidden" not in {row[1] for row in rows}


def test_the_geojson_has_a_feature_per_row_with_its_place(client, city):
    response = client.get(f"{API}/projects.geojson", {"municipality": "city-a"})
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    collection = json.loads(_body(response))
    assert collection["type"] == "FeatureCollection"
    features = {f["properties"]["code"]: f for f in collection["features"]}
    assert set(features) == {f"A-{n}" for n in range(7)} | {"A-nowhere"}
    assert features["A-1"]["geometry"] == {"type": "Point", "coordinates": [52.52, 29.6]}
    assert features["A-nowhere"]["geometry"] is None
    assert "geometry" not in features["A-1"]["properties"]


def test_every_list_downloads_as_csv(client, city):
    for name in ("municipalities", "districts", "sectors", "ceremonies", "programmes", "waves"):
        response = client.get(f"{API}/{name}.csv")
        assert response.status_code == 200, name
        assert _body(response).startswith("\ufeffid,")
    assert client.get(f"{API}/ceremonies.geojson").status_code == 200


def test_a_download_answers_304_to_its_etag_and_400_to_a_bad_filter(client, city):
    first = client.get(f"{API}/projects.csv", {"municipality": "city-a"})
    again = client.get(
        f"{API}/projects.csv", {"municipality": "city-a"}, HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert again.status_code == 304
    bad = client.get(f"{API}/projects.csv", {"start_from": "1402/13/40"})
    assert bad.status_code == 400
    assert bad["Content-Type"].startswith("application/problem+json")
    assert client.get(f"{API}/projects.csv", {"cursor": "x"}).status_code == 200


@pytest.fixture
def places(city_a: Municipality) -> dict[str, float]:
    distances = {"north-1km": (1000, 0), "east-3km": (0, 3000), "sw-4km": (-2828.4, -2828.4),
                 "far-10km": (10_000, 0)}  # fmt: skip
    for code, (north, east) in distances.items():
        lat, lon = _offset(north, east)
        ProjectFactory(municipality=city_a, code=code, latitude=lat, longitude=lon)
    ProjectFactory(municipality=city_a, code="unplaced", latitude=None, longitude=None)
    return {code: math.hypot(*offset) for code, offset in distances.items()}


def test_near_finds_the_places_within_the_radius_nearest_first(client, places):
    items = walk(client, "/projects", near="29.6,52.5", radius_m=5000, sort="distance", limit=1)
    assert [item["code"] for item in items] == ["north-1km", "east-3km", "sw-4km"]
    for item in items:
        assert item["distance_m"] == pytest.approx(places[item["code"]], abs=1.0)
    farthest = walk(client, "/projects", near="۲۹٫۶,۵۲٫۵".replace("٫", "."), radius_m=20_000,
                    sort="-distance")  # fmt: skip
    assert farthest[0]["code"] == "far-10km"
    assert farthest[0]["distance_m"] == pytest.approx(10_000, abs=1.0)


def test_near_without_a_radius_searches_five_kilometres(client, places):
    codes = {item["code"] for item in walk(client, "/projects", near="29.6,52.5")}
    assert codes == {"north-1km", "east-3km", "sw-4km"}


def test_the_distance_search_crosses_the_antimeridian(client, city_a):
    ProjectFactory(
        municipality=city_a, code="east", latitude=Decimal(0), longitude=Decimal("-179.99")
    )
    ProjectFactory(
        municipality=city_a, code="west", latitude=Decimal(0), longitude=Decimal("179.95")
    )
    items = walk(client, "/projects", near="0,179.99", radius_m=5000, sort="distance")
    assert [item["code"] for item in items] == ["east", "west"]
    assert items[0]["distance_m"] == pytest.approx(2223.9, abs=1.0)


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"sort": "distance"}, "sort"),
        ({"radius_m": 100}, "radius_m"),
        ({"near": "29.6"}, "near"),
        ({"near": "91,52"}, "near"),
        ({"near": "nan,52"}, "near"),
    ],
)
def test_distance_parameters_that_mean_nothing_are_refused_by_name(
    client, places, params, parameter
):
    response = client.get(f"{API}/projects", params)
    assert response.status_code == 400
    problem = response.json()
    assert problem["errors"][0]["parameter"] == parameter
    assert "near" in problem["detail"]


@pytest.fixture
def varied(city_a: Municipality, city_b: Municipality) -> Municipality:
    """Projects with every kind of value the download reads: shapes, no place, no district,
    several sectors or none, dates or none, ties on the sort key, a hidden one and another city."""
    roads = SectorFactory(municipality=city_a, code="roads")
    parks = SectorFactory(municipality=city_a, code="parks")
    line = {"type": "LineString", "coordinates": [[52.5, 29.6], [52.51, 29.61]]}
    for n in range(9):
        ProjectFactory(
            municipality=city_a,
            code=f"V-{n}",
            title=f"-طرح {n}" if n == 1 else f"طرح {n % 3}",
            description=f"شرح «{n}»,\nدو خط" if n % 2 else "",
            status=ProjectStatus.COMPLETION if n % 3 else ProjectStatus.IMPLEMENTATION,
            credit_rial=(n % 4) * 1_000_000 + 7,
            physical_progress_pct=n * 10,
            district=None if n == 4 else factory_district(city_a),
            geometry=line if n == 2 else None,
            latitude=None if n == 5 else Decimal("29.600000") + Decimal(n) / 1000,
            longitude=None if n == 5 else Decimal("52.500000"),
            start_date=None if n % 4 == 0 else dt.date(2024, 3, 20 - n),
            planned_end_date=dt.date(2026, 3, 20) if n % 2 else None,
            length_m=1200 if n == 2 else None,
            is_headline=n == 3,
            sectors=[roads, parks] if n % 2 else ([] if n == 6 else [roads]),
        )
    ProjectFactory(municipality=city_a, code="V-hidden", is_public=False)
    ProjectFactory(municipality=city_b, code="W-1")
    return city_a


def factory_district(city: Municipality) -> District:
    return District.objects.filter(municipality=city).first() or DistrictFactory(municipality=city)


@pytest.mark.parametrize("kind", ["csv", "geojson"])
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"municipality": "city-a", "sort": "-credit_rial"},
        {"municipality": "city-a", "sort": "title", "fields": "title,sectors,start_date_jalali"},
        {"sector": "roads", "sort": "-updated_at"},
        {"near": "29.6,52.5", "radius_m": 3000, "sort": "distance"},
        {"near": "29.6,52.5", "radius_m": 3000, "sort": "-code", "status": "completion"},
    ],
)
def test_the_plain_reader_writes_the_same_bytes_as_the_model_path(
    rf, varied, monkeypatch, params, kind
):
    # Chunks of three rows: the keyset resumes inside ties on the sort key.
    monkeypatch.setattr(streams, "CHUNK", 3)
    query = ProjectQuery.model_validate(params)
    common: dict[str, Any] = {"kind": kind, "name": "projects", "schema": ProjectOut,
              "present": ProjectOut.of, "rows": lambda: selectors.projects(query),
              "sorts": PROJECT_SORTS, "city_slug": query.municipality,
              "place": streams.project_place}  # fmt: skip
    by_models = streams.download(rf.get("/"), query, **common)
    by_values = streams.download(rf.get("/"), query, plain=plain_rows.project_items, **common)
    expected = _body(by_models)
    assert _body(by_values) == expected
    assert expected.count("طرح") >= (1 if "near" in params else 5)
    assert "V-hidden" not in expected
    if "municipality" in params:
        assert "W-1" not in expected
