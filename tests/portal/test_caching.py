"""Cached pages go stale exactly when the data they show changes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jahesh.portal.models import ContentVersion
from jahesh.registry.models import ProjectStatus

pytestmark = pytest.mark.django_db


def test_a_project_change_shows_at_once_on_its_page_and_its_wave(client, wave_scene):
    project = wave_scene.projects[0]
    project_url = reverse(
        "portal:project",
        kwargs={"city": wave_scene.city.slug, "code": project.code, "slug": project.slug},
    )
    wave_url = reverse(
        "portal:wave",
        kwargs={
            "city": wave_scene.city.slug,
            "programme": wave_scene.programme.slug,
            "number": wave_scene.wave.number,
        },
    )
    assert "بوستان بزرگ محله" not in client.get(wave_url).content.decode()
    assert "بوستان بزرگ محله" not in client.get(project_url).content.decode()
    project.status = ProjectStatus.MAINTENANCE
    project.title = "بوستان بزرگ محله"
    project.save()
    assert "بوستان بزرگ محله" in client.get(project_url, follow=True).content.decode()
    assert "بوستان بزرگ محله" in client.get(wave_url).content.decode()


def test_a_wave_withdrawn_to_draft_disappears_from_the_cached_home(client, wave_scene):
    home = reverse("portal:home", kwargs={"city": wave_scene.city.slug})
    assert "شهر برای مردم" in client.get(home).content.decode()
    wave_scene.wave.status = "draft"
    wave_scene.wave.save()
    assert "شهر برای مردم" not in client.get(home).content.decode()


def test_one_citys_change_leaves_another_citys_cache_alone(client, wave_scene, city_b):
    from tests.registry.factories import ProjectFactory

    ProjectFactory(municipality=city_b)
    versions = dict(ContentVersion.objects.values_list("scope", "version"))
    assert versions.get(f"city:{city_b.slug}", 0) >= 1
    before = versions.get(f"city:{wave_scene.city.slug}")
    ProjectFactory(municipality=city_b)
    assert ContentVersion.objects.get(scope=f"city:{wave_scene.city.slug}").version == before


def test_cached_pages_are_served_with_public_cache_headers(client, wave_scene):
    home = reverse("portal:home", kwargs={"city": wave_scene.city.slug})
    first = client.get(home)
    second = client.get(home)
    assert first.content == second.content
    assert "public" in second["Cache-Control"]


def test_the_members_page_follows_changes_in_any_city(client, wave_scene, city_b):
    from tests.registry.factories import ProjectFactory

    url = reverse("portal:members")
    before = client.get(url).content.decode()
    ProjectFactory(municipality=city_b, credit_rial=990_000_000_000)
    after = client.get(url).content.decode()
    assert before != after


def test_the_persian_error_pages_render(client, db):
    from django.template.loader import render_to_string

    server_error = render_to_string("500.html")
    assert 'lang="fa"' in server_error
    assert "خطا" in server_error
    missing = client.get("/no/such/page/at/all/")
    assert missing.status_code == 404
    assert "پیدا نشد" in missing.content.decode()


def test_a_long_script_laden_query_is_answered_politely(client, wave_scene):
    query = "<script>alert(1)</script>" + "ش" * 10_000
    response = client.get(
        reverse("portal:search", kwargs={"city": wave_scene.city.slug}), {"q": query}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html
    assert len(html) < 40_000
