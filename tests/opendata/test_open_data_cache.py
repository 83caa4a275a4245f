"""Open-data files are built once per city content version and answer conditional GETs."""

from __future__ import annotations

import csv
import gzip
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jahesh.registry.models import Role
from jahesh.registry.services import project_update
from tests.portal.conftest import build_wave_scene

pytestmark = pytest.mark.django_db

KINDS = ("csv", "geojson", "oc4ids")


@pytest.fixture
def scene(city_a):
    return build_wave_scene(city_a)


def _url(kind: str, scene) -> str:
    return reverse(f"opendata:{kind}", kwargs={"city": scene.city.slug})


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _titles(kind: str, body: bytes) -> set[str]:
    text = body.decode().lstrip("\ufeff")
    if kind == "csv":
        return {row["title"] for row in csv.DictReader(io.StringIO(text))}
    if kind == "geojson":
        return {f["properties"]["title"] for f in json.loads(text)["features"]}
    return {p["title"] for p in json.loads(text)["projects"]}


@pytest.mark.parametrize("kind", KINDS)
def test_a_repeat_download_reads_no_project_and_gives_the_same_bytes(client, scene, kind):
    first = _body(client.get(_url(kind, scene)))
    with CaptureQueriesContext(connection) as queries:
        again = client.get(_url(kind, scene))
        # A streamed file reads its rows while it is read.
        body = _body(again)
    assert again.status_code == 200
    assert body == first
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "registry_project" not in read
    assert len(queries) <= 2  # the city, its content version


@pytest.mark.parametrize("kind", KINDS)
def test_a_download_answers_304_to_its_etag_and_to_its_last_modified(client, scene, kind):
    first = client.get(_url(kind, scene))
    assert first["ETag"]
    assert first["Last-Modified"]
    by_etag = client.get(_url(kind, scene), HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(_url(kind, scene), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_etag.status_code == 304
    assert by_date.status_code == 304
    assert by_etag.content == b""
    assert by_etag["ETag"] == first["ETag"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_changed_project_makes_a_new_file_and_a_new_etag(client, scene, kind, member_of):
    first = client.get(_url(kind, scene))
    project = scene.projects[0]
    editor = member_of(scene.city, Role.EDITOR)
    project_update(by=editor, project=project, title="بوستان تازه‌نام")
    again = client.get(_url(kind, scene), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "بوستان تازه‌نام" in _titles(kind, _body(again))
    assert "بوستان تازه‌نام" not in _titles(kind, _body(first))


def test_links_inside_a_file_name_the_address_it_was_asked_at(client, scene, settings):
    settings.SITE_URL_FIXED = False
    settings.ALLOWED_HOSTS = ["*"]
    here = client.get(_url("geojson", scene), HTTP_HOST="127.0.0.1:8011")
    there = client.get(_url("geojson", scene), HTTP_HOST="localhost:9000")
    urls_here = {f["properties"]["url"] for f in json.loads(_body(here))["features"]}
    urls_there = {f["properties"]["url"] for f in json.loads(_body(there))["features"]}
    assert all(u.startswith("http://127.0.0.1:8011/") for u in urls_here)
    assert all(u.startswith("http://localhost:9000/") for u in urls_there)


def test_a_fixed_site_address_names_every_link_whatever_the_host(client, scene, settings):
    settings.SITE_URL_FIXED = True
    settings.SITE_URL = "https://jahesh.example"
    settings.ALLOWED_HOSTS = ["*"]
    package = json.loads(_body(client.get(_url("oc4ids", scene), HTTP_HOST="127.0.0.1:8011")))
    assert package["uri"].startswith("https://jahesh.example/")


@pytest.mark.parametrize("kind", KINDS)
def test_a_client_that_takes_gzip_gets_the_same_file_compressed(client, scene, kind):
    plain = _body(client.get(_url(kind, scene)))
    packed = client.get(_url(kind, scene), HTTP_ACCEPT_ENCODING="br, gzip;q=0.8")
    refused = client.get(_url(kind, scene), HTTP_ACCEPT_ENCODING="gzip;q=0, identity")
    assert packed["Content-Encoding"] == "gzip"
    assert packed["Vary"] == "Accept-Encoding"
    assert gzip.decompress(_body(packed)) == plain
    assert len(_body(packed)) < len(plain)
    assert not refused.has_header("Content-Encoding")
    assert _body(refused) == plain


NEW_FILES = ("facts_csv", "facts_json", "dictionary", "catalogue_jsonld", "bulk", "bulk_checksum")


@pytest.mark.parametrize("name", NEW_FILES)
def test_every_further_file_answers_304_and_a_repeat_reads_no_project(client, scene, name):
    url = reverse(f"opendata:{name}", kwargs={"city": scene.city.slug})
    first = client.get(url)
    assert first.status_code == 200
    body = _body(first)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    with CaptureQueriesContext(connection) as queries:
        again = _body(client.get(url))
    assert again == body
    assert "registry_project" not in " ".join(q["sql"] for q in queries.captured_queries)
