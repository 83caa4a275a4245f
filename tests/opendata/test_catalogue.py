"""The data catalogue: a Persian page describing every dataset, with DCAT in JSON-LD embedded in
it and at its own address."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from jahesh.opendata import catalogue
from tests.config.persian_text import findings
from tests.portal.conftest import build_wave_scene
from tests.registry.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


class _JsonLd(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._inside = tag == "script" and ("type", "application/ld+json") in attrs

    def handle_endtag(self, tag: str) -> None:
        self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.blocks.append(data)


@pytest.fixture
def scene(city_a):
    return build_wave_scene(city_a)


def _page(client, scene) -> str:
    response = client.get(reverse("opendata:catalogue", kwargs={"city": scene.city.slug}))
    assert response.status_code == 200
    return response.content.decode()


def _embedded(html: str) -> dict:
    parser = _JsonLd()
    parser.feed(html)
    assert len(parser.blocks) == 1
    return json.loads(parser.blocks[0])


def test_the_page_describes_every_dataset_its_licence_frequency_fields_and_files(client, scene):
    html = _page(client, scene)
    assert "CC BY 4.0" in html
    assert catalogue.FREQUENCY_LABEL in html
    for dataset in catalogue.DATASETS:
        assert dataset.title in html
        for field in dataset.fields:
            assert f'<code dir="ltr">{field.name}</code>' in html
        for distribution in dataset.distributions:
            url = reverse(f"opendata:{distribution.url_name}", kwargs={"city": scene.city.slug})
            assert f'href="{url}"' in html


def test_the_page_is_persian_throughout(client, scene):
    assert findings(_page(client, scene)) == []


def test_the_embedded_json_ld_is_the_catalogue_file(client, scene):
    embedded = _embedded(_page(client, scene))
    served = client.get(reverse("opendata:catalogue_jsonld", kwargs={"city": scene.city.slug}))
    assert served["Content-Type"] == "application/ld+json"
    assert json.loads(served.content) == embedded


def test_the_json_ld_is_a_dcat_catalogue_of_datasets_and_their_distributions(client, scene):
    document = _embedded(_page(client, scene))
    assert document["@type"] == "dcat:Catalog"
    assert document["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert document["@context"]["dct"] == "http://purl.org/dc/terms/"
    datasets = document["dcat:dataset"]
    assert [d["dct:identifier"] for d in datasets] == [d.key for d in catalogue.DATASETS]
    for dataset in datasets:
        assert dataset["@type"] == "dcat:Dataset"
        assert dataset["dct:license"]["@id"] == catalogue.LICENCE_URL
        assert dataset["dct:accrualPeriodicity"]["@id"].endswith("/frequency/CONT")
        assert dataset["dct:title"]["@language"] == "fa"
        assert "dct:modified" in dataset
        for distribution in dataset["dcat:distribution"]:
            assert distribution["@type"] == "dcat:Distribution"
            assert distribution["dcat:mediaType"]["@id"].startswith(catalogue.IANA_MEDIA)
            address = distribution["dcat:downloadURL"]["@id"]
            assert address.startswith("http://testserver/opendata/")
            answer = client.get(address.removeprefix("http://testserver"))
            assert answer.status_code == 200, address
    oc4ids = next(
        d
        for dataset in datasets
        for d in dataset["dcat:distribution"]
        if d["dcat:downloadURL"]["@id"].endswith("/oc4ids.json")
    )
    assert oc4ids["dct:conformsTo"]["@id"] == catalogue.OC4IDS_SCHEMA_URL


def test_a_name_that_would_end_the_script_stays_inside_it(client, scene):
    scene.city.name = "شهر </script><script>alert(1)</script>"
    scene.city.save()
    html = _page(client, scene)
    assert "<script>alert(1)" not in html
    assert _embedded(html)["dct:publisher"]["foaf:name"] == scene.city.name


def test_the_open_data_page_links_the_catalogue(client, scene):
    html = client.get(reverse("opendata:index", kwargs={"city": scene.city.slug})).content.decode()
    assert f'href="{reverse("opendata:catalogue", kwargs={"city": scene.city.slug})}"' in html
    assert findings(html) == []


def test_an_unknown_or_private_city_has_no_catalogue(client, db):
    hidden = MunicipalityFactory(slug="closed", is_public=False)
    for slug in ("no-such-city", hidden.slug):
        for name in ("catalogue", "catalogue_jsonld"):
            response = client.get(reverse(f"opendata:{name}", kwargs={"city": slug}))
            assert response.status_code == 404
            assert re.search("[\u0600-\u06ff]", response.content.decode())
