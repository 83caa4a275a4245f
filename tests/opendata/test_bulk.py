"""A city's open data in one ZIP with its SHA-256 checksum and a data dictionary, and one
project's OC4IDS package at a stable address."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile

import pytest
from django.core.cache import cache
from django.urls import reverse

from jahesh.opendata import catalogue
from jahesh.registry.models import Role
from jahesh.registry.services import project_update
from tests.portal.conftest import build_wave_scene
from tests.registry.factories import MunicipalityFactory, ProjectFactory

pytestmark = pytest.mark.django_db

CITY_FILES = (
    "bulk",
    "bulk_checksum",
    "dictionary",
    "facts_csv",
    "facts_json",
    "catalogue",
    "catalogue_jsonld",
)


@pytest.fixture
def scene(city_a):
    made = build_wave_scene(city_a)
    made.hidden = ProjectFactory(
        municipality=city_a, title="پروژه پنهان", slug="hidden", is_public=False
    )
    return made


def _url(name: str, city: str, **more: str) -> str:
    return reverse(f"opendata:{name}", kwargs={"city": city, **more})


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _zip(client, scene) -> tuple[bytes, zipfile.ZipFile]:
    response = client.get(_url("bulk", scene.city.slug))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    content = _body(response)
    return content, zipfile.ZipFile(io.BytesIO(content))


def _header(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_the_checksum_file_names_the_sha256_of_the_zips_bytes(client, scene):
    content, _ = _zip(client, scene)
    line = _body(client.get(_url("bulk_checksum", scene.city.slug))).decode()
    digest, name = line.rstrip("\n").split("  ")
    assert digest == hashlib.sha256(content).hexdigest()
    assert name == catalogue.ZIP_NAME
    assert _url("bulk", scene.city.slug).endswith("/" + name)


def test_the_checksum_matches_a_zip_built_again_in_another_process(client, scene):
    first, _ = _zip(client, scene)
    cache.clear()  # another process: nothing kept
    line = _body(client.get(_url("bulk_checksum", scene.city.slug))).decode()
    again, _ = _zip(client, scene)
    assert again == first
    assert line.startswith(hashlib.sha256(first).hexdigest())


def test_the_zip_holds_every_file_the_catalogue_names_and_those_files_as_served(client, scene):
    _, archive = _zip(client, scene)
    named = {
        d.zip_name for dataset in catalogue.DATASETS for d in dataset.distributions if d.zip_name
    }
    assert set(archive.namelist()) == named | {"catalogue.jsonld"}
    assert archive.testzip() is None
    for dataset in catalogue.DATASETS:
        for distribution in dataset.distributions:
            if not distribution.zip_name:
                continue
            served = _body(client.get(_url(distribution.url_name, scene.city.slug)))
            inside = archive.read(distribution.zip_name)
            if distribution.url_name == "api_waves":
                assert json.loads(inside) == json.loads(served)
            else:
                assert inside == served, distribution.zip_name
    projects = archive.read("projects.csv").decode()
    assert scene.projects[0].title in projects
    assert "پروژه پنهان" not in projects


def test_the_dictionary_describes_every_column_header_actually_written(client, scene):
    _, archive = _zip(client, scene)
    dictionary = list(
        csv.DictReader(io.StringIO(archive.read("data-dictionary.csv").decode("utf-8-sig")))
    )
    described: dict[str, list[str]] = {}
    for row in dictionary:
        described.setdefault(row["file"], []).append(row["field"])
        assert row["description"], row
        assert row["type"], row
    csv_files = [name for name in archive.namelist() if name.endswith(".csv")]
    assert sorted(described) == sorted(csv_files)
    for name in csv_files:
        assert _header(archive.read(name).decode()) == described[name], name
    # The single downloads write the same headers.
    for url_name, name in (("csv", "projects.csv"), ("facts_csv", "facts.csv")):
        text = _body(client.get(_url(url_name, scene.city.slug))).decode()
        assert _header(text) == described[name]


def test_the_dictionary_gives_units_and_calendars(client, scene):
    text = _body(client.get(_url("dictionary", scene.city.slug))).decode("utf-8-sig")
    rows = {(r["file"], r["field"]): r for r in csv.DictReader(io.StringIO(text))}
    assert "ریال" in rows[("projects.csv", "credit_rial")]["unit"]
    assert "تومان" in rows[("projects.csv", "credit_rial")]["unit"]
    assert "میلادی" in rows[("projects.csv", "start_date")]["unit"]
    assert "ISO 8601" in rows[("facts.csv", "published_at")]["unit"]
    assert rows[("projects.csv", "credit_rial")]["type"] == "عدد صحیح"


def test_the_zip_answers_304_to_its_etag_and_changes_with_the_data(client, scene, member_of):
    first = client.get(_url("bulk", scene.city.slug))
    again = client.get(_url("bulk", scene.city.slug), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    checksum = _body(client.get(_url("bulk_checksum", scene.city.slug)))
    editor = member_of(scene.city, Role.EDITOR)
    project_update(by=editor, project=scene.projects[0], title="بوستان تازه‌نام")
    changed = client.get(_url("bulk", scene.city.slug), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    body = _body(changed)
    assert "بوستان تازه‌نام" in zipfile.ZipFile(io.BytesIO(body)).read("projects.csv").decode()
    new_checksum = _body(client.get(_url("bulk_checksum", scene.city.slug)))
    assert new_checksum != checksum
    assert new_checksum.decode().startswith(hashlib.sha256(body).hexdigest())
    # The ZIP is sent as it is, whatever the client accepts.
    packed = client.get(_url("bulk", scene.city.slug), HTTP_ACCEPT_ENCODING="gzip")
    assert not packed.has_header("Content-Encoding")


def test_an_unknown_or_private_city_has_none_of_these_files(client, scene):
    hidden = MunicipalityFactory(slug="closed", is_public=False)
    for slug in ("no-such-city", hidden.slug):
        for name in CITY_FILES:
            assert client.get(_url(name, slug)).status_code == 404, (slug, name)
        url = _url("oc4ids_project", slug, code=scene.projects[0].code)
        assert client.get(url).status_code == 404


def test_one_projects_package_is_at_a_stable_address(client, scene):
    project = scene.projects[0]
    url = _url("oc4ids_project", scene.city.slug, code=project.code)
    assert url == f"/opendata/{scene.city.slug}/projects/{project.code}/oc4ids.json"
    response = client.get(url)
    assert response.status_code == 200
    package = response.json()
    assert [p["title"] for p in package["projects"]] == [project.title]
    assert package["projects"][0]["milestones"][0]["dueDate"].startswith(
        scene.wave.start_date.isoformat()
    )
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_an_unpublished_projects_package_is_not_found(client, scene, city_b):
    hidden = _url("oc4ids_project", scene.city.slug, code=scene.hidden.code)
    response = client.get(hidden)
    assert response.status_code == 404
    assert "پروژه پنهان" not in response.content.decode()
    elsewhere = _url("oc4ids_project", city_b.slug, code=scene.projects[0].code)
    assert client.get(elsewhere).status_code == 404
    unknown = _url("oc4ids_project", scene.city.slug, code="no-such-code")
    assert client.get(unknown).status_code == 404


def test_a_project_hidden_after_its_package_was_served_is_not_found(client, scene, member_of):
    project = scene.projects[0]
    url = _url("oc4ids_project", scene.city.slug, code=project.code)
    assert client.get(url).status_code == 200
    editor = member_of(scene.city, Role.EDITOR)
    project_update(by=editor, project=project, is_public=False)
    assert client.get(url).status_code == 404
