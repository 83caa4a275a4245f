"""Open data: an OC4IDS 0.9.5 package that validates, CSV, GeoJSON and a small JSON API."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from jahesh.registry.models import CeremonyStatus
from tests.portal.conftest import build_wave_scene
from tests.registry.factories import CeremonyFactory, MunicipalityFactory, ProjectFactory
from tests.shared_data import OC4IDS_SCHEMA_DIR, oc4ids_schema_missing

pytestmark = pytest.mark.django_db

SCHEMA_DIR = OC4IDS_SCHEMA_DIR
PROJECT_SCHEMA_URL = (
    "https://standard.open-contracting.org/infrastructure/schema/0__9__5/project-schema.json"
)


@pytest.fixture
def validator():
    why = oc4ids_schema_missing()
    if why:
        pytest.skip(why)
    from jsonschema import Draft4Validator, FormatChecker
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    package = json.loads((SCHEMA_DIR / "project-package-schema.json").read_text())
    project = json.loads((SCHEMA_DIR / "project-schema.json").read_text())
    registry = Registry().with_resource(
        PROJECT_SCHEMA_URL, Resource.from_contents(project, default_specification=DRAFT4)
    )
    return Draft4Validator(package, registry=registry, format_checker=FormatChecker())


@pytest.fixture
def scene(city_a):
    made = build_wave_scene(city_a)
    shape = ProjectFactory(
        municipality=city_a,
        title="خط ۲ قطار شهری",
        slug="metro",
        latitude=None,
        longitude=None,
        geometry={"type": "LineString", "coordinates": [[52.5, 29.6], [52.6, 29.65]]},
    )
    CeremonyFactory(project=shape, status=CeremonyStatus.HELD)
    ProjectFactory(municipality=city_a, title="پروژه پنهان", slug="hidden", is_public=False)
    return made


def test_the_oc4ids_package_validates_against_the_schema(client, scene, validator):
    response = client.get(reverse("opendata:oc4ids", kwargs={"city": scene.city.slug}))
    assert response.status_code == 200
    package = response.json()
    errors = sorted(validator.iter_errors(package), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    titles = {p["title"] for p in package["projects"]}
    assert "پروژه پنهان" not in titles
    assert "خط ۲ قطار شهری" in titles
    first = next(p for p in package["projects"] if p["title"] == scene.projects[0].title)
    assert first["budget"]["amount"] == {"amount": scene.projects[0].credit_rial, "currency": "IRR"}
    assert first["sector"] == ["transport"]
    assert first["milestones"][0]["dueDate"].startswith(scene.wave.start_date.isoformat())


def test_unannounced_ceremonies_stay_out_of_open_data(client, scene, validator):
    scene.wave.status = "draft"
    scene.wave.save()
    package = client.get(reverse("opendata:oc4ids", kwargs={"city": scene.city.slug})).json()
    first = next(p for p in package["projects"] if p["title"] == scene.projects[0].title)
    assert "milestones" not in first


def test_csv_has_a_bom_a_header_and_one_line_per_public_project(client, scene):
    response = client.get(reverse("opendata:csv", kwargs={"city": scene.city.slug}))
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == len(scene.projects) + 1
    assert {r["credit_rial"] for r in rows} >= {str(p.credit_rial) for p in scene.projects}


def test_a_csv_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text(client, scene):
    formula = '=HYPERLINK("http://example.invalid","بازکنید")'
    ProjectFactory(municipality=scene.city, title=formula, slug="formula")
    response = client.get(reverse("opendata:csv", kwargs={"city": scene.city.slug}))
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    titles = {r["title"] for r in rows}
    assert "'" + formula in titles
    assert formula not in titles
    assert all(not r["title"].startswith("=") for r in rows)


def test_geojson_holds_points_and_shapes_of_public_projects(client, scene):
    response = client.get(reverse("opendata:geojson", kwargs={"city": scene.city.slug}))
    collection = json.loads(b"".join(response.streaming_content))
    kinds = sorted(f["geometry"]["type"] for f in collection["features"])
    assert kinds == ["LineString"] + ["Point"] * len(scene.projects)


def test_api_pages_projects_and_lists_public_waves(client, scene):
    projects = client.get(
        reverse("opendata:api_projects", kwargs={"city": scene.city.slug}), {"page": "zz"}
    ).json()
    assert projects["count"] == len(scene.projects) + 1
    waves = client.get(reverse("opendata:api_waves", kwargs={"city": scene.city.slug})).json()
    assert [w["number"] for w in waves["results"]] == [scene.wave.number]


def test_a_private_city_has_no_open_data(client, db):
    hidden = MunicipalityFactory(slug="closed", is_public=False)
    for name in ("oc4ids", "csv", "geojson", "api_projects", "api_waves", "index"):
        assert (
            client.get(reverse(f"opendata:{name}", kwargs={"city": hidden.slug})).status_code == 404
        )


def test_the_validator_rejects_a_package_that_breaks_the_schema(validator):
    broken = {"uri": "x", "version": "0.9", "publisher": {}, "projects": [{"title": "بی‌شناسه"}]}
    assert list(validator.iter_errors(broken))


def test_every_text_field_of_the_csv_is_inert_and_numbers_stay_numbers(client, scene):
    hostile = ProjectFactory(
        municipality=scene.city,
        code="-2+3+cmd|' /C calc'!A0",
        title="@SUM(1+1)",
        slug="hostile",
        credit_rial=0,
        latitude="-12.500000",
        longitude="52.500000",
    )
    hostile.district.name = "\t=1+1"
    hostile.district.save()
    response = client.get(reverse("opendata:csv", kwargs={"city": scene.city.slug}))
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))

    row = next(r for r in rows if r["title"].endswith("@SUM(1+1)"))
    assert row["code"] == "'" + hostile.code
    assert row["title"] == "'@SUM(1+1)"
    assert row["district"] == "'\t=1+1"
    assert row["latitude"] == "-12.500000"
    assert all(
        not value.startswith(("=", "+", "-", "@", "\t", "\r"))
        for r in rows
        for key, value in r.items()
        if key != "latitude"
    )
