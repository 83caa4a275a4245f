"""What every open-data download answers, pinned: its public address, status, headers,
whether it streams, its 304, and the Persian sentence a bad address gets.

Citizens, other sites, the static export and the catalogue name these addresses, and clients
keep the ETags: any change here is a change of the public surface.
"""

from __future__ import annotations

import gzip

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.urls import resolve, reverse

from tests.portal.conftest import build_wave_scene

pytestmark = pytest.mark.django_db

CSV = "text/csv; charset=utf-8"
JSON = "application/json"

# URL name, address under /opendata/city-a/, Content-Type, attachment filename, streamed.
DOWNLOADS = (
    ("catalogue_jsonld", "catalogue.jsonld", "application/ld+json", None, False),
    ("oc4ids", "oc4ids.json", JSON, None, False),
    ("csv", "projects.csv", CSV, "city-a-projects.csv", True),
    ("geojson", "projects.geojson", "application/geo+json", None, True),
    ("facts_csv", "facts.csv", CSV, "city-a-facts.csv", True),
    ("facts_json", "facts.json", JSON, None, True),
    ("promises_csv", "promises.csv", CSV, "city-a-promises.csv", True),
    ("promises_json", "promises.json", JSON, None, True),
    ("dictionary", "data-dictionary.csv", CSV, "data-dictionary.csv", True),
    ("bulk", "opendata.zip", "application/zip", None, True),
    ("bulk_checksum", "opendata.zip.sha256", "text/plain; charset=utf-8", None, False),
)
NAMES = [row[0] for row in DOWNLOADS]
NO_CITY = "شهرداری‌ای با این نشانی داده باز منتشر نمی‌کند."
NO_PROJECT = "پروژه‌ای با این کد در داده‌های باز این شهرداری منتشر نشده است."


@pytest.fixture
def scene(city_a):
    return build_wave_scene(city_a)


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _project_url(scene) -> str:
    code = scene.projects[0].code
    return reverse("opendata:oc4ids_project", kwargs={"city": scene.city.slug, "code": code})


@pytest.mark.parametrize(("name", "address", "content_type", "filename", "streamed"), DOWNLOADS)
def test_each_download_keeps_its_address_headers_and_way_of_sending(
    client, scene, name, address, content_type, filename, streamed
):
    url = reverse(f"opendata:{name}", kwargs={"city": "city-a"})
    assert url == f"/opendata/city-a/{address}"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    if filename is None:
        assert "Content-Disposition" not in response
    else:
        assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response.streaming is streamed
    assert response["ETag"].startswith('W/"')
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert response["Vary"] == "Accept-Encoding"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Last-Modified" in response
    assert "Content-Encoding" not in response
    body = _body(response)
    assert body
    if streamed:
        assert response["Content-Length"] == str(len(body))


def test_one_projects_package_keeps_its_address_and_headers(client, scene):
    url = _project_url(scene)
    assert url == f"/opendata/city-a/projects/{scene.projects[0].code}/oc4ids.json"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == JSON
    assert "Content-Disposition" not in response
    assert response.streaming is False
    assert response["ETag"].startswith('W/"')
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert response["Vary"] == "Accept-Encoding"
    assert [p["title"] for p in response.json()["projects"]] == ["بوستان محله 1"]


@pytest.mark.parametrize("name", NAMES)
def test_a_client_holding_the_etag_gets_a_304_with_the_same_validators(client, scene, name):
    url = reverse(f"opendata:{name}", kwargs={"city": scene.city.slug})
    first = client.get(url)
    _body(first)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert again["Last-Modified"] == first["Last-Modified"]
    assert again["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert again["Vary"] == "Accept-Encoding"
    assert again["Access-Control-Allow-Origin"] == "*"
    assert not again.content


def test_one_projects_package_answers_a_304(client, scene):
    first = client.get(_project_url(scene))
    again = client.get(_project_url(scene), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]


def test_every_download_has_its_own_etag(client, scene):
    urls = [reverse(f"opendata:{name}", kwargs={"city": scene.city.slug}) for name in NAMES]
    etags = {client.get(url)["ETag"] for url in [*urls, _project_url(scene)]}
    assert len(etags) == len(NAMES) + 1


@pytest.mark.parametrize("name", NAMES)
def test_text_goes_gzipped_to_a_client_that_takes_it_and_a_zip_as_it_is(client, scene, name):
    url = reverse(f"opendata:{name}", kwargs={"city": scene.city.slug})
    plain = _body(client.get(url))
    packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
    body = _body(packed)
    if name == "bulk":
        assert "Content-Encoding" not in packed
        assert body == plain
    else:
        assert packed["Content-Encoding"] == "gzip"
        assert gzip.decompress(body) == plain


@pytest.mark.parametrize("name", [*NAMES, "oc4ids_project"])
def test_an_unpublished_city_gets_a_404_with_its_persian_sentence(client, scene, name):
    kwargs = {"city": "no-such-city"}
    if name == "oc4ids_project":
        kwargs["code"] = scene.projects[0].code
    url = reverse(f"opendata:{name}", kwargs=kwargs)
    assert client.get(url).status_code == 404
    match = resolve(url)
    with pytest.raises(Http404, match=NO_CITY):
        match.func(RequestFactory().get(url), *match.args, **match.kwargs)


def test_an_unknown_project_code_gets_a_404_with_its_persian_sentence(client, scene):
    url = reverse("opendata:oc4ids_project", kwargs={"city": scene.city.slug, "code": "nope"})
    assert client.get(url).status_code == 404
    match = resolve(url)
    with pytest.raises(Http404, match=NO_PROJECT):
        match.func(RequestFactory().get(url), *match.args, **match.kwargs)


@pytest.mark.parametrize("name", NAMES)
def test_downloads_answer_head_and_refuse_a_post(client, scene, name):
    url = reverse(f"opendata:{name}", kwargs={"city": scene.city.slug})
    assert client.head(url).status_code == 200
    refused = client.post(url)
    assert refused.status_code == 405
    assert refused["Allow"] == "GET, HEAD"
