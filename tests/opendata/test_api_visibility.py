"""No row that is not public is reachable through any endpoint of API v1, with any filter.

The scene (tests/portal/test_public_surfaces.py) holds a row of every kind that must stay out:
a hidden city, a hidden project, a hidden programme, a draft wave, a superseded plan, postponed
and cancelled ceremonies, draft, scheduled, overdue-scheduled and withdrawn articles.
"""

from __future__ import annotations

import json

import pytest

from jahesh.newsroom.models import Article
from jahesh.registry.models import Project
from tests.opendata.api_scene import API, fresh_validators, get_json, walk
from tests.portal.test_public_surfaces import PUBLIC_ARTICLES, Surfaces, surfaces

pytestmark = pytest.mark.django_db
__all__ = ["fresh_validators", "surfaces"]

LISTS = (
    "/municipalities",
    "/districts",
    "/sectors",
    "/projects",
    "/ceremonies",
    "/programmes",
    "/waves",
    "/articles",
)


def _hidden_filters(made: Surfaces) -> list[dict[str, object]]:
    hidden_programme = next(w.programme for w in made.hidden_waves if not w.programme.is_public)
    return [
        {},
        {"municipality": made.hidden_city.slug},
        {"programme": hidden_programme.slug},
        *({"wave": wave.pk} for wave in made.hidden_waves),
    ]


def test_projects_are_exactly_the_public_ones_whatever_the_filter(client, surfaces):
    listed = {p["title"] for p in walk(client, "/projects", limit=100)}
    expected = surfaces.public_project_titles() | {
        p.title for p in Project.objects.public() if p.municipality_id == surfaces.city.pk
    }
    assert listed == expected
    assert "بوستان پنهان" not in listed
    assert "بوستان شهر پنهان" not in listed


def test_ceremonies_are_only_those_placed_in_public_waves_of_the_current_plan(client, surfaces):
    titles = {c["project_title"] for c in walk(client, "/ceremonies")}
    assert titles == {"بوستان آشکار"}


def test_articles_are_only_the_published_ones_and_link_only_public_rows(client, surfaces):
    published = Article.objects.get(title="خبر منتشرشده")
    published.waves.add(*surfaces.hidden_waves)
    published.projects.add(Project.objects.get(title="بوستان پنهان"))
    items = walk(client, "/articles")
    assert {a["title"] for a in items} == PUBLIC_ARTICLES
    public_waves = {w["id"] for w in walk(client, "/waves")}
    public_projects = {p["id"] for p in walk(client, "/projects", limit=100)}
    for item in items:
        assert set(item["waves"]) <= public_waves
        assert set(item["projects"]) <= public_projects


def test_no_filter_reaches_a_hidden_city_programme_or_wave(client, surfaces):
    document = client.get(f"{API}/openapi.json").json()
    tried = 0
    for path in LISTS:
        offered = {p["name"] for p in document["paths"][f"{API}{path}"]["get"]["parameters"]}
        for params in _hidden_filters(surfaces)[1:]:
            if not set(params) <= offered:
                continue
            tried += 1
            assert get_json(client, path, **params)["items"] == [], (path, params)
    assert tried >= 15


def test_no_list_mentions_a_hidden_row_anywhere_in_its_answer(client, surfaces):
    hidden_words = {
        "بوستان پنهان",
        "بوستان شهر پنهان",
        "خبر شهر پنهان",
        "برنامه پنهان",
        "بوستان تعویقی",
        "بوستان لغوی",
        "بوستان کنارگذاشته",
        "بوستان پیش‌نویسی",
        surfaces.hidden_city.name,
    } | {a.title for a in Article.objects.all() if a.title not in PUBLIC_ARTICLES}
    everything = json.dumps(
        [walk(client, path, limit=100) for path in LISTS if path != "/projects"]
        + [walk(client, "/projects", limit=100)],
        ensure_ascii=False,
    )
    # Projects of placed-but-hidden ceremonies are public projects; only their ceremonies hide.
    public_titles = surfaces.public_project_titles() | {"بوستان کنارگذاشته", "بوستان پیش‌نویسی"}
    ceremonies = json.dumps(walk(client, "/ceremonies"), ensure_ascii=False)
    for word in hidden_words - public_titles:
        assert word not in everything, word
    for word in ("بوستان تعویقی", "بوستان لغوی", "بوستان کنارگذاشته", "بوستان پیش‌نویسی"):
        assert word not in ceremonies, word


def test_hidden_rows_by_id_answer_404(client, surfaces):
    hidden_project = Project.objects.get(title="بوستان پنهان")
    in_hidden_city = Project.objects.get(title="بوستان شهر پنهان")
    for project in (hidden_project, in_hidden_city):
        assert client.get(f"{API}/projects/{project.pk}").status_code == 404
    for article in Article.objects.exclude(title__in=PUBLIC_ARTICLES):
        assert client.get(f"{API}/articles/{article.pk}").status_code == 404
    assert client.get(f"{API}/municipalities/{surfaces.hidden_city.slug}").status_code == 404
    assert get_json(client, f"/municipalities/{surfaces.city.slug}")["id"] == surfaces.city.slug
