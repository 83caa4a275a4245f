"""Every public surface shows the same rows: portal pages, feeds, sitemap, search, open data and
the static export all read the models' one rule of what is public (docs/adr/0003-what-is-public.md).

One scene holds a row of every kind that must stay out (a hidden city, a hidden project, a hidden
programme, a draft wave, a superseded plan, postponed and cancelled ceremonies, draft, scheduled,
overdue-scheduled and withdrawn articles) beside the rows that must show; each test reads one
kind of row from every surface and asserts each surface shows exactly the public ones.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jahesh.leaps.models import PlanStatus, Wave, WaveStatus
from jahesh.newsroom import selectors as newsroom_selectors
from jahesh.newsroom.models import Article, ArticleStatus
from jahesh.portal import links, search
from jahesh.registry.models import CeremonyStatus, Municipality, Project
from tests.leaps.factories import PlanAssignmentFactory, PlanFactory, ProgrammeFactory, WaveFactory
from tests.portal.conftest import WaveScene, build_wave_scene, make_article
from tests.registry.factories import CeremonyFactory, ProjectFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass
class Surfaces:
    scene: WaveScene
    hidden_city: Municipality
    projects: list[Project] = field(default_factory=list)
    hidden_waves: list[Wave] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)

    @property
    def city(self) -> Municipality:
        return self.scene.city

    def public_project_titles(self) -> set[str]:
        return {p.title for p in self.projects if p.is_public}


def _placed(scene: WaveScene, title: str, status: str = CeremonyStatus.PLANNED, **kw: Any):
    project = scene.add_ceremony(title, **kw)
    project.ceremonies.update(status=status)
    return project


@pytest.fixture
def surfaces(city_a: Municipality, city_b: Municipality) -> Surfaces:
    scene = build_wave_scene(city_a, count=0)
    made = Surfaces(scene, city_b)
    # Titles carry no digits (pages show Persian ones) and none is part of another.
    made.projects += [
        _placed(scene, "بوستان آشکار"),
        _placed(scene, "بوستان پنهان", is_public=False),
        _placed(scene, "بوستان تعویقی", status=CeremonyStatus.POSTPONED),
        _placed(scene, "بوستان لغوی", status=CeremonyStatus.CANCELLED),
    ]
    # A public project whose ceremony only a superseded plan placed.
    superseded = PlanFactory(programme=scene.programme, status=PlanStatus.SUPERSEDED)
    old_plan = ProjectFactory(municipality=city_a, title="بوستان کنارگذاشته", slug="old-plan")
    PlanAssignmentFactory(
        plan=superseded,
        wave=scene.wave,
        ceremony=CeremonyFactory(project=old_plan),
        day=scene.wave.start_date,
        slot=1,
    )
    made.projects.append(old_plan)
    # A draft wave of the public programme, and an announced wave of a hidden programme.
    draft = WaveFactory(
        programme=scene.programme,
        number=2,
        start_date=scene.wave.start_date + dt.timedelta(days=10),
        end_date=scene.wave.start_date + dt.timedelta(days=11),
        status=WaveStatus.DRAFT,
    )
    in_draft = ProjectFactory(municipality=city_a, title="بوستان پیش‌نویسی", slug="draft-wave")
    PlanAssignmentFactory(
        plan=scene.plan,
        wave=draft,
        ceremony=CeremonyFactory(project=in_draft),
        day=draft.start_date,
        slot=0,
    )
    made.projects.append(in_draft)
    hidden_programme = ProgrammeFactory(
        municipality=city_a, slug="برنامه-پنهان", name="برنامه پنهان", is_public=False
    )
    hidden_wave = WaveFactory(
        programme=hidden_programme,
        number=1,
        start_date=scene.wave.start_date,
        end_date=scene.wave.end_date,
        status=WaveStatus.ANNOUNCED,
    )
    made.hidden_waves += [draft, hidden_wave]
    # A hidden city with a public project and a published article.
    city_b.is_public = False
    city_b.save()
    ProjectFactory(municipality=city_b, title="بوستان شهر پنهان", slug="hidden-city")
    make_article(city_b, "خبر شهر پنهان")

    now = timezone.now()
    about = {"waves": [scene.wave], "projects": [made.projects[0]]}
    made.articles += [
        make_article(city_a, "خبر منتشرشده", **about),
        make_article(
            city_a, "خبر اصلاح‌شده", status=ArticleStatus.CORRECTED, corrected_at=now, **about
        ),
        make_article(city_a, "خبر پیش‌نویس", status=ArticleStatus.DRAFT, published_at=None, **about),
        make_article(
            city_a,
            "خبر زمان‌بندی‌شده",
            status=ArticleStatus.SCHEDULED,
            published_at=None,
            scheduled_for=now + dt.timedelta(days=1),
            **about,
        ),
        # The worker has not fired yet: the article's moment has passed but it is not published.
        make_article(
            city_a,
            "خبر سررسیده",
            status=ArticleStatus.SCHEDULED,
            published_at=None,
            scheduled_for=now - dt.timedelta(minutes=5),
            **about,
        ),
        make_article(city_a, "خبر بازپس‌گرفته", status=ArticleStatus.WITHDRAWN, **about),
    ]
    return made


PUBLIC_ARTICLES = {"خبر منتشرشده", "خبر اصلاح‌شده"}
# What a project page says when it has no ceremony to show.
NOTHING_ANNOUNCED = "آیینی برای این پروژه اعلام نشده است."


def _get(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _stream(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content).decode()


def assert_all_show(seen: dict[str, set[str]], expected: set[str]) -> None:
    # Name only the surfaces that disagree, with what each showed.
    disagreeing = {surface: rows for surface, rows in seen.items() if rows != expected}
    assert disagreeing == {}, f"expected {sorted(expected)}"


def _named_in(text: str, candidates: set[str]) -> set[str]:
    return {name for name in candidates if name in text}


def _status(client: Client, url: str) -> int:
    return int(client.get(url).status_code)


def _sitemap_paths(client: Client, section: str) -> set[str]:
    root = ET.fromstring(_get(client, reverse("portal:sitemap_section", args=[section])))
    return {unquote(urlsplit(loc.text or "").path) for loc in root.iter(f"{SITEMAP}loc")}


def _search_titles(city: Municipality, query: str) -> set[str]:
    return {hit.title for hit in search.search(municipality_id=city.pk, raw_query=query).hits}


def _export(tmp_path: Path) -> Path:
    # One process: forked children could not see the test's uncommitted rows.
    call_command("export_site", str(tmp_path), "--jobs", "1", stdout=StringIO())
    return tmp_path


def _exported(root: Path, url: str) -> bool:
    return (root / unquote(url).lstrip("/") / "index.html").exists()


def _opendata(name: str, city: Municipality) -> str:
    return reverse(f"opendata:{name}", kwargs={"city": city.slug})


def test_every_surface_shows_the_same_public_projects(client, surfaces, tmp_path):
    city = surfaces.city
    every = {p.title for p in surfaces.projects} | {"بوستان شهر پنهان"}
    expected = surfaces.public_project_titles()
    assert "بوستان پنهان" not in expected
    project_list = _get(client, reverse("portal:project_list", kwargs={"city": city.slug}))
    csv_text = _stream(client, _opendata("csv", city)).lstrip("\ufeff")
    geojson = json.loads(_stream(client, _opendata("geojson", city)))
    oc4ids = client.get(_opendata("oc4ids", city)).json()
    api = client.get(reverse("opendata:api_projects", kwargs={"city": city.slug})).json()
    by_path = {unquote(links.project_url(p)): p.title for p in surfaces.projects}
    exported = _export(tmp_path)
    exported_index = json.loads(
        gzip.decompress((exported / city.slug / "search/index.json.gz").read_bytes())
    )

    seen = {
        "portal list": _named_in(project_list, every),
        "portal pages": {
            p.title for p in surfaces.projects if _status(client, links.project_url(p)) == 200
        },
        "sitemap": {by_path[path] for path in _sitemap_paths(client, "projects")},
        "search": _search_titles(city, "بوستان") & every,
        "csv": {row["title"] for row in csv.DictReader(io.StringIO(csv_text))},
        "geojson": {f["properties"]["title"] for f in geojson["features"]},
        "oc4ids": {p["title"] for p in oc4ids["projects"]},
        "api": {p["title"] for p in api["results"]},
        "export pages": {
            p.title for p in surfaces.projects if _exported(exported, links.project_url(p))
        },
        "export search": {entry[1] for entry in exported_index} & every,
    }
    assert_all_show(seen, expected)


def test_every_surface_places_only_happening_ceremonies_of_the_current_plan(client, surfaces):
    # ADR 0003: a postponed ceremony leaves open data as it leaves the portal's wave page.
    scene = surfaces.scene
    every = {p.title for p in surfaces.projects}
    wave_page = _get(client, links.wave_url(scene.wave))
    oc4ids = client.get(_opendata("oc4ids", surfaces.city)).json()
    project_pages = {
        p.title: _get(client, links.project_url(p)) for p in surfaces.projects if p.is_public
    }
    facts = newsroom_selectors.wave_facts(wave=scene.wave)

    seen = {
        "wave page": _named_in(wave_page, every),
        "oc4ids milestones": {
            p["title"]
            for p in oc4ids["projects"]
            if any("dueDate" in m for m in p.get("milestones", []))
        },
        "project pages": {
            title for title, html in project_pages.items() if NOTHING_ANNOUNCED not in html
        },
        "newsroom facts": {p.title for p in facts.projects},
    }
    assert_all_show(seen, {"بوستان آشکار"})


def test_every_surface_shows_the_same_waves(client, surfaces, tmp_path):
    scene = surfaces.scene
    public_url = unquote(links.wave_url(scene.wave))
    hidden_urls = {unquote(links.wave_url(w)) for w in surfaces.hidden_waves}
    api = client.get(reverse("opendata:api_waves", kwargs={"city": surfaces.city.slug})).json()
    exported = _export(tmp_path)
    every = {public_url} | hidden_urls

    seen = {
        "portal pages": {url for url in every if _status(client, url) == 200},
        "sitemap": _sitemap_paths(client, "waves"),
        "open data api": {
            unquote(links.wave_path(surfaces.city.slug, w["programme_slug"], w["number"]))
            for w in api["results"]
        },
        "export": {url for url in every if _exported(exported, url)},
    }
    assert_all_show(seen, {public_url})


def test_every_surface_shows_the_same_articles(client, surfaces, tmp_path):
    city = surfaces.city
    every = {a.title for a in surfaces.articles} | {"خبر شهر پنهان"}
    news_list = _get(client, reverse("portal:news_list", kwargs={"city": city.slug}))
    home = _get(client, links.city_url(city))
    wave_page = _get(client, links.wave_url(surfaces.scene.wave))
    rss = ET.fromstring(_get(client, reverse("portal:newsroom_feeds:news_rss", args=[city.slug])))
    atom = ET.fromstring(_get(client, reverse("portal:newsroom_feeds:news_atom", args=[city.slug])))
    by_path = {unquote(links.article_path(city.slug, a.code, a.slug)): a for a in surfaces.articles}
    exported = _export(tmp_path)

    def titled(titles: list[str | None]) -> set[str]:
        # A corrected article's feed title says so; the article is the same.
        return {re.sub(r"^اصلاحیه: ", "", t or "") for t in titles}

    seen = {
        "news list": _named_in(news_list, every),
        "home": _named_in(home, every),
        "wave page": _named_in(wave_page, every),
        "project page": _named_in(_get(client, links.project_url(surfaces.projects[0])), every),
        "article pages": {
            a.title
            for a in surfaces.articles
            if _status(client, links.article_path(city.slug, a.code, a.slug)) == 200
        },
        "rss": titled([item.findtext("title") for item in rss.iter("item")]),
        "atom": titled([entry.findtext(f"{ATOM}title") for entry in atom.iter(f"{ATOM}entry")]),
        "sitemap": {by_path[path].title for path in _sitemap_paths(client, "news")},
        "search": _search_titles(city, "خبر") & every,
        "export": {
            a.title
            for a in surfaces.articles
            if _exported(exported, links.article_path(city.slug, a.code, a.slug))
        },
    }
    assert_all_show(seen, PUBLIC_ARTICLES)


def test_a_hidden_city_is_on_no_surface(client, surfaces, tmp_path):
    hidden = surfaces.hidden_city
    exported = _export(tmp_path)
    assert _status(client, links.city_url(hidden)) == 404
    assert _status(client, reverse("portal:newsroom_feeds:news_rss", args=[hidden.slug])) == 404
    for name in ("oc4ids", "csv", "geojson", "api_projects", "api_waves"):
        assert _status(client, _opendata(name, hidden)) == 404, name
    assert unquote(links.city_url(hidden)) not in _sitemap_paths(client, "cities")
    assert unquote(links.city_url(surfaces.city)) in _sitemap_paths(client, "cities")
    assert not (exported / hidden.slug).exists()
    assert _search_titles(hidden, "بوستان") == set()
    assert hidden.name not in _get(client, reverse("portal:members"))
