"""`jahesh export-site`: the portal as static files."""

from __future__ import annotations

import gzip
import json
from io import StringIO
from urllib.parse import unquote

import pytest
from django.core.management import CommandError, call_command

from jahesh.portal import links, news

pytestmark = pytest.mark.django_db


def export(tmp_path, *args):
    out = StringIO()
    # One process: forked children could not see the test's uncommitted rows.
    call_command("export_site", str(tmp_path), "--jobs", "1", *args, stdout=out)
    return out.getvalue()


def page(tmp_path, url):
    return (tmp_path / unquote(url).lstrip("/") / "index.html").read_text()


def test_export_writes_every_public_page_and_the_assets(tmp_path, wave_scene, city_b):
    output = export(tmp_path)
    city = wave_scene.city
    assert "صفحه" in output
    home = page(tmp_path, links.city_url(city))
    assert 'dir="rtl"' in home
    assert city.name in home
    wave = page(tmp_path, links.wave_url(wave_scene.wave))
    assert wave_scene.projects[0].title in wave
    for project in wave_scene.projects:
        assert project.title in page(tmp_path, links.project_url(project))
    assert "بوستان" in page(tmp_path, f"/{city.slug}/districts/1/")
    assert (tmp_path / "sitemap.xml").exists()
    assert (tmp_path / "sitemap-projects.xml").read_text().count("<url>") == 3
    assert (tmp_path / "static/leaflet/leaflet.js").exists()
    assert (tmp_path / "static/portal/portal.css").exists()
    assert (tmp_path / "404.html").exists()
    index = json.loads(
        gzip.decompress((tmp_path / city.slug / "search/index.json.gz").read_bytes())
    )
    assert {entry[1] for entry in index} == {p.title for p in wave_scene.projects}
    assert city_b.name in (tmp_path / "index.html").read_text()


def test_export_of_one_city_leaves_the_others_out(tmp_path, wave_scene, city_b):
    export(tmp_path, "--municipality", wave_scene.city.slug)
    assert (tmp_path / wave_scene.city.slug / "index.html").exists()
    assert not (tmp_path / city_b.slug).exists()
    assert links.city_url(wave_scene.city) in (tmp_path / "index.html").read_text()


def test_export_paginates_long_lists_by_path(tmp_path, wave_scene):
    from jahesh.portal.selectors import PAGE_SIZE

    for index in range(PAGE_SIZE):
        wave_scene.add_ceremony(f"پروژه صفحه دوم {index}")
    export(tmp_path)
    second = page(tmp_path, f"/{wave_scene.city.slug}/projects/page/2/")
    assert "صفحه ۲ از ۲" in second


def test_export_refuses_an_unknown_city(tmp_path, db):
    with pytest.raises(CommandError):
        export(tmp_path, "--municipality", "nowhere")


def test_the_exported_sitemap_index_names_static_files(tmp_path, wave_scene, settings):
    from django.contrib.sitemaps import Sitemap

    settings.SITE_URL = "https://example.org"
    original = Sitemap.limit
    Sitemap.limit = 2
    try:
        export(tmp_path)
    finally:
        Sitemap.limit = original
    index = (tmp_path / "sitemap.xml").read_text()
    assert "?p=" not in index
    assert "sitemap-projects-2.xml" in index
    assert (tmp_path / "sitemap-projects-2.xml").exists()


def test_exported_pages_read_the_same_as_the_served_ones(
    tmp_path, wave_scene, city_b, client, settings
):
    # The export inserts the city's shared parts (header, footer, head links, map scripts)
    # rendered once; a reader must not be able to tell.
    import datetime as dt

    from jahesh.portal import news
    from tests.portal.conftest import make_article

    settings.SITE_URL = "http://testserver"
    wave_scene.projects[0].description = "شرح <b>پروژه</b> & «نشانه‌ها»"
    wave_scene.projects[0].save()
    city = wave_scene.city
    article = make_article(
        city,
        "افتتاح بوستان در مرحله نخست",
        waves=[wave_scene.wave],
        projects=[wave_scene.projects[0]],
        published_at=dt.datetime(2024, 3, 10, 8, 30, tzinfo=dt.UTC),
    )
    export(tmp_path)
    addresses = [links.project_url(p) for p in wave_scene.projects]
    addresses += [f"/{city.slug}/projects/", f"/{city.slug}/districts/1/", f"/{city.slug}/news/"]
    # The pages the export writes before planning its tasks, from the views' page builders.
    addresses += ["/", "/members/", links.city_url(city), f"/{city.slug}/districts/"]
    addresses += [f"/{city.slug}/sectors/", links.wave_url(wave_scene.wave)]
    addresses.append(links.programme_url(wave_scene.wave.programme))
    addresses.append(news.article_url(city.slug, article.code, article.slug))
    for address in addresses:
        served = client.get(address)
        assert served.status_code == 200
        assert page(tmp_path, address) == served.content.decode(), address


def tree(root):
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "static" not in path.parts
    }


@pytest.mark.django_db(transaction=True)
def test_forked_workers_write_the_same_site_as_one_process(tmp_path, settings):
    # Committed rows (transaction=True), so the forked workers' own connections see them.
    from django.db import connection

    from jahesh.portal.exporting import CHUNK, NEWS_PAGES_PER_TASK, export_site
    from jahesh.portal.selectors import PAGE_SIZE
    from tests.portal.conftest import build_wave_scene, make_article
    from tests.registry.factories import MunicipalityFactory, ProjectFactory

    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("forked workers need a file database: set JAHESH_TEST_DATABASE_NAME")
    settings.SITE_URL = "http://testserver"
    scene = build_wave_scene(MunicipalityFactory(slug="fork-city", name="شهرداری چندکاره"))
    # More projects than one task's share of a list, and several news list tasks.
    extra = CHUNK // PAGE_SIZE * PAGE_SIZE + PAGE_SIZE + 3
    for index in range(extra):
        ProjectFactory(municipality=scene.city, district=scene.district, title=f"پروژه {index}")
    for index in range(news.PAGE_SIZE * NEWS_PAGES_PER_TASK + 5):
        make_article(scene.city, f"خبر شماره {index}")
    # An empty feed is dated when it is asked for (Django's lastBuildDate): the programme's
    # feeds, which the export writes too, get an article so that both exports date them alike.
    make_article(scene.city, "خبر مرحله", waves=[scene.wave])
    one = export_site(tmp_path / "one", jobs=1)
    two = export_site(tmp_path / "two", jobs=2)
    assert (one.pages, one.files) == (two.pages, two.files)
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    pages = tmp_path / "two" / "fork-city" / "projects" / "page"
    last = -(-(len(scene.projects) + extra) // PAGE_SIZE)
    assert (pages / str(last) / "index.html").exists()
    assert not (pages / str(last + 1)).exists()


def test_export_refuses_a_page_whose_address_leaves_the_folder_and_writes_nothing_outside(
    tmp_path, wave_scene
):
    from jahesh.registry.models import Project

    project = Project.objects.filter(municipality=wave_scene.city, is_public=True).first()
    # Made in the database by hand: the services and the migration refuse such a code.
    Project.objects.filter(pk=project.pk).update(code="../../../../escaped")
    target = tmp_path / "a" / "b" / "site"

    with pytest.raises(CommandError, match="بیرون از پوشه خروجی"):
        export(target)

    outside = [
        path
        for path in tmp_path.rglob("*")
        if target not in path.parents and path != target and path not in target.parents
    ]
    assert outside == []


def test_feeds_and_sitemaps_name_the_public_site_though_this_installation_does_not_serve_it(
    tmp_path, wave_scene, settings
):
    # An installation that only exports need not list the public host in ALLOWED_HOSTS.
    settings.SITE_URL = "https://jahesh.example.ir"
    settings.ALLOWED_HOSTS = ["internal.example"]
    city = wave_scene.city

    export(tmp_path)

    assert "<loc>https://jahesh.example.ir/" in (tmp_path / "sitemap.xml").read_text()
    assert "<loc>https://jahesh.example.ir/" in (tmp_path / "sitemap-projects.xml").read_text()
    for _, path in news.feed_paths(city=city):
        feed = (tmp_path / unquote(path).lstrip("/") / "index.xml").read_text()
        assert f"https://jahesh.example.ir/{city.slug}/news/" in feed
    assert settings.ALLOWED_HOSTS == ["internal.example"]


def test_the_portals_own_code_uses_nothing_made_for_tests():
    # django.test's request factory and settings overrides are test tools: the export once
    # rendered pages through them.
    import ast
    from pathlib import Path

    import jahesh.portal

    offenders = []
    for source in Path(jahesh.portal.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(), str(source))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            offenders += [
                f"{source.name}: {name}" for name in names if name.startswith("django.test")
            ]
    assert offenders == []
