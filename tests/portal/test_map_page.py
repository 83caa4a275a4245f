"""The city map page and the comparison of member cities."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from jahesh.leaps.models import WaveStatus
from jahesh.registry.models import ProjectStatus
from tests.portal.conftest import build_wave_scene
from tests.registry.factories import ProjectFactory, SectorFactory

pytestmark = pytest.mark.django_db


def _points(html: str) -> list[dict[str, object]]:
    found = re.search(r'<script id="city-map-data" type="application/json">(.*?)</script>', html)
    assert found is not None
    return json.loads(found.group(1))["points"]


def test_the_map_page_shows_every_public_project_on_the_map_and_in_the_list(client, city_a):
    scene = build_wave_scene(city_a)
    hidden = ProjectFactory(municipality=city_a, title="پروژه پنهان", is_public=False)
    unplaced = ProjectFactory(
        municipality=city_a, title="پروژه بی‌نشانی", latitude=None, longitude=None
    )
    page = client.get(reverse("portal:city_map", kwargs={"city": city_a.slug}))
    assert page.status_code == 200
    html = page.content.decode()
    points = _points(html)
    assert sorted(p["title"] for p in points) == sorted(p.title for p in scene.projects)
    assert {p["status"] for p in points} == {ProjectStatus.COMPLETION}
    assert hidden.title not in html
    # A project without a place is still in the list, said to be off the map.
    assert unplaced.title in html
    assert "بی‌جا روی نقشه" in html
    assert 'data-label="وضعیت"' in html
    assert "portal/city-map.js" in html


def test_the_map_page_filters_by_status_and_by_sector(client, city_a):
    scene = build_wave_scene(city_a)
    parks = SectorFactory(municipality=city_a, code="parks", name="فضای سبز")
    building = ProjectFactory(
        municipality=city_a,
        title="بوستان در دست ساخت",
        status=ProjectStatus.IMPLEMENTATION,
        sectors=[parks],
        latitude=scene.projects[0].latitude,
        longitude=scene.projects[0].longitude,
    )
    url = reverse("portal:city_map", kwargs={"city": city_a.slug})
    by_status = _points(client.get(url, {"status": "implementation"}).content.decode())
    assert [p["title"] for p in by_status] == [building.title]
    by_sector = _points(client.get(url, {"sector": "transport"}).content.decode())
    assert sorted(p["title"] for p in by_sector) == sorted(p.title for p in scene.projects)
    # An unknown status is no filter at all, not an empty map or an error.
    everything = _points(client.get(url, {"status": "<script>"}).content.decode())
    assert len(everything) == len(scene.projects) + 1
    page = client.get(url, {"sector": "parks"}).content.decode()
    assert '<option value="parks" selected>' in page
    assert '<option value="implementation">' in page  # the filter still offers the others


def test_the_map_page_of_a_hidden_city_is_not_found(client, city_a):
    city_a.is_public = False
    city_a.save()
    assert client.get(reverse("portal:city_map", kwargs={"city": city_a.slug})).status_code == 404


def test_the_comparison_names_waves_held_sectors_and_draws_charts(client, city_a, city_b):
    scene_a = build_wave_scene(city_a)
    scene_a.wave.status = WaveStatus.HELD
    scene_a.wave.save()
    build_wave_scene(city_b, count=1)
    page = client.get(reverse("portal:members"))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('class="chart"') == 3
    assert "مرحله‌های برگزارشده هر شهر" in html
    held = re.findall(
        r'<th scope="row"><a href="[^"]*">([^<]*)</a>.*?<td data-label="مرحله‌های برگزارشده">'
        r"(.*?)</td>",
        html,
        re.S,
    )
    assert dict(held) == {city_a.name: "۱", city_b.name: "۰"}
    assert "حمل‌ونقل: ۳ پروژه" in html
    assert "حمل‌ونقل: ۱ پروژه" in html
