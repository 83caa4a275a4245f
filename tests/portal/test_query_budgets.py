"""Each page costs the same number of queries whatever the number of items it shows."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.portal.conftest import build_wave_scene
from tests.registry.factories import CeremonyFactory

pytestmark = pytest.mark.django_db

# Generous ceilings, so a regression that adds a query per page shows, not per item.
# The comparison reads every city's promises together: up to six more queries, however many.
CEILING = {"home": 17, "wave": 13, "project": 13, "programme": 9, "members": 12}


def count_queries(client, url):
    from jahesh.portal import versions

    cache.clear()
    versions.forget()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def pages(scene):
    city = scene.city.slug
    project = scene.projects[0]
    return {
        "home": reverse("portal:home", kwargs={"city": city}),
        "wave": reverse(
            "portal:wave",
            kwargs={"city": city, "programme": scene.programme.slug, "number": scene.wave.number},
        ),
        "programme": reverse(
            "portal:programme", kwargs={"city": city, "programme": scene.programme.slug}
        ),
        "project": reverse(
            "portal:project", kwargs={"city": city, "code": project.code, "slug": project.slug}
        ),
        "members": reverse("portal:members"),
        "projects": reverse("portal:project_list", kwargs={"city": city}),
        "district": reverse("portal:district", kwargs={"city": city, "number": 1}),
        "sector": reverse("portal:sector", kwargs={"city": city, "code": "transport"}),
        "districts": reverse("portal:district_list", kwargs={"city": city}),
    }


def test_query_counts_do_not_grow_with_the_number_of_items(client, city_a):
    scene = build_wave_scene(city_a, count=2)
    before = {name: count_queries(client, url) for name, url in pages(scene).items()}
    for index in range(8):
        made = scene.add_ceremony(f"پروژه افزوده {index}")
        CeremonyFactory(project=scene.projects[0], status="held")
        made.title = f"پروژه افزوده {index} (ویراسته)"
        made.save()
    after = {name: count_queries(client, url) for name, url in pages(scene).items()}
    assert after == before
    for name, ceiling in CEILING.items():
        assert after[name] <= ceiling, (name, after[name])


def test_a_cached_page_costs_two_queries_then_none_while_versions_are_remembered(
    client, wave_scene
):
    from jahesh.portal import versions

    url = pages(wave_scene)["wave"]
    client.get(url)
    versions.forget()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert len(captured) == 2
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert len(captured) == 0
