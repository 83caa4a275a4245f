"""Open data: an OC4IDS 0.9.5 package that validates, CSV, GeoJSON, a small JSON API, and the
figures of published articles (and their pages in the static export)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.urls import reverse

from jahesh.registry.models import CeremonyStatus, Project, Role
from tests.portal.conftest import build_wave_scene
from tests.registry.factories import CeremonyFactory, MunicipalityFactory, ProjectFactory
from tests.shared_data import OC4IDS_SCHEMA_DIR, oc4ids_schema_missing

pytestmark = pytest.mark.django_db

SCHEMA_DIR = OC4IDS_SCHEMA_DIR
PROJECT_SCHEMA_URL = (
    "https://standard.open-contracting.org/infrastructure/schema/0__9__5/project-schema.json"
)


@pytest.fixture
def validator():
    why = oc4ids_schema_missing()
    if why:
        pytest.skip(why)
    from jsonschema import Draft4Validator, FormatChecker
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    package = json.loads((SCHEMA_DIR / "project-package-schema.json").read_text())
    project = json.loads((SCHEMA_DIR / "project-schema.json").read_text())
    registry = Registry().with_resource(
        PROJECT_SCHEMA_URL, Resource.from_contents(project, default_specification=DRAFT4)
    )
    return Draft4Validator(package, registry=registry, format_checker=FormatChecker())


@pytest.fixture
def scene(city_a):
    made = build_wave_scene(city_a)
    shape = ProjectFactory(
        municipality=city_a,
        title="خط ۲ قطار شهری",
        slug="metro",
        latitude=None,
        longitude=None,
        geometry={"type": "LineString", "coordinates": [[52.5, 29.6], [52.6, 29.65]]},
    )
    CeremonyFactory(project=shape, status=CeremonyStatus.HELD)
    ProjectFactory(municipality=city_a, title="پروژه پنهان", slug="hidden", is_public=False)
    return made


def test_the_oc4ids_package_validates_against_the_schema(client, scene, validator):
    response = client.get(reverse("opendata:oc4ids", kwargs={"city": scene.city.slug}))
    assert response.status_code == 200
    package = response.json()
    errors = sorted(validator.iter_errors(package), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    titles = {p["title"] for p in package["projects"]}
    assert "پروژه پنهان" not in titles
    assert "خط ۲ قطار شهری" in titles
    first = next(p for p in package["projects"] if p["title"] == scene.projects[0].title)
    assert first["budget"]["amount"] == {"amount": scene.projects[0].credit_rial, "currency": "IRR"}
    assert first["sector"] == ["transport"]
    assert first["milestones"][0]["dueDate"].startswith(scene.wave.start_date.isoformat())


def test_unannounced_ceremonies_stay_out_of_open_data(client, scene, validator):
    scene.wave.status = "draft"
    scene.wave.save()
    package = client.get(reverse("opendata:oc4ids", kwargs={"city": scene.city.slug})).json()
    first = next(p for p in package["projects"] if p["title"] == scene.projects[0].title)
    assert "milestones" not in first


def test_csv_has_a_bom_a_header_and_one_line_per_public_project(client, scene):
    response = client.get(reverse("opendata:csv", kwargs={"city": scene.city.slug}))
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == len(scene.projects) + 1
    assert {r["credit_rial"] for r in rows} >= {str(p.credit_rial) for p in scene.projects}


def test_a_csv_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text(client, scene):
    formula = '=HYPERLINK("http://example.invalid","بازکنید")'
    ProjectFactory(municipality=scene.city, title=formula, slug="formula")
    response = client.get(reverse("opendata:csv", kwargs={"city": scene.city.slug}))
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    titles = {r["title"] for r in rows}
    assert "'" + formula in titles
    assert formula not in titles
    assert all(not r["title"].startswith("=") for r in rows)


def test_geojson_holds_points_and_shapes_of_public_projects(client, scene):
    response = client.get(reverse("opendata:geojson", kwargs={"city": scene.city.slug}))
    collection = json.loads(b"".join(response.streaming_content))
    kinds = sorted(f["geometry"]["type"] for f in collection["features"])
    assert kinds == ["LineString"] + ["Point"] * len(scene.projects)


def test_api_pages_projects_and_lists_public_waves(client, scene):
    projects = client.get(
        reverse("opendata:api_projects", kwargs={"city": scene.city.slug}), {"page": "zz"}
    ).json()
    assert projects["count"] == len(scene.projects) + 1
    waves = client.get(reverse("opendata:api_waves", kwargs={"city": scene.city.slug})).json()
    assert [w["number"] for w in waves["results"]] == [scene.wave.number]


def test_a_private_city_has_no_open_data(client, db):
    hidden = MunicipalityFactory(slug="closed", is_public=False)
    for name in ("oc4ids", "csv", "geojson", "api_projects", "api_waves", "index"):
        assert (
            client.get(reverse(f"opendata:{name}", kwargs={"city": hidden.slug})).status_code == 404
        )


def test_the_validator_rejects_a_package_that_breaks_the_schema(validator):
    broken = {"uri": "x", "version": "0.9", "publisher": {}, "projects": [{"title": "بی‌شناسه"}]}
    assert list(validator.iter_errors(broken))


def test_every_text_field_of_the_csv_is_inert_and_numbers_stay_numbers(client, scene):
    hostile = ProjectFactory(
        municipality=scene.city,
        code="-2+3+cmd|' /C calc'!A0",
        title="@SUM(1+1)",
        slug="hostile",
        credit_rial=0,
        latitude="-12.500000",
        longitude="52.500000",
    )
    hostile.district.name = "\t=1+1"
    hostile.district.save()
    response = client.get(reverse("opendata:csv", kwargs={"city": scene.city.slug}))
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))

    row = next(r for r in rows if r["title"].endswith("@SUM(1+1)"))
    assert row["code"] == "'" + hostile.code
    assert row["title"] == "'@SUM(1+1)"
    assert row["district"] == "'\t=1+1"
    assert row["latitude"] == "-12.500000"
    assert all(
        not value.startswith(("=", "+", "-", "@", "\t", "\r"))
        for r in rows
        for key, value in r.items()
        if key != "latitude"
    )


# Facts: the figures of published articles, as open data and in the static export.

FACTS_AT = dt.datetime(2023, 2, 3, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def published(city_a, member_of, job_queue):
    from jahesh.newsroom import composition, selectors, services
    from jahesh.newsroom.models import Article, Fact
    from tests.newsroom.conftest import build_wave_scene as build_newsroom_scene

    made = build_newsroom_scene(city_a)
    facts = selectors.wave_facts(wave=made.wave)
    article = services.article_create_for_wave(
        by=member_of(city_a, Role.EDITOR, "e1"),
        wave=made.wave,
        composed=composition.wave_report(facts),
        facts=facts,
    )
    services.article_approve(by=member_of(city_a, Role.EDITOR, "e2"), article=article)
    services.article_record_published(
        by=member_of(city_a, Role.PUBLISHER, "p1"), article=article, at=FACTS_AT
    )
    made.article = Article.objects.get(pk=article.pk)
    made.facts = {f.slot: f for f in Fact.objects.filter(article=article)}
    return made


def _facts_csv(client, city) -> list[dict[str, str]]:
    response = client.get(reverse("opendata:facts_csv", kwargs={"city": city.slug}))
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def _facts_json(client, city) -> list[dict]:
    response = client.get(reverse("opendata:facts_json", kwargs={"city": city.slug}))
    return json.loads(b"".join(response.streaming_content))["facts"]


def test_the_figures_of_published_articles_are_open_data(client, published):
    rows = {int(r["fact_id"]): r for r in _facts_csv(client, published.city)}
    assert set(rows) == {f.pk for f in published.facts.values()}
    credit = published.facts["credit"]
    row = rows[credit.pk]
    assert row["printed"] == credit.printed
    assert int(row["exact_value"]) == published.total_credit
    assert row["measure"] == "credit_sum"
    assert row["published_at"] == "2023-02-03T08:00:00Z"
    assert row["article_url"].endswith(f"/{published.city.slug}/news/{published.article.code}/")
    assert row["fact_url"].endswith(f"/{published.city.slug}/facts/{credit.pk}/")
    assert int(row["rows"]) == len(published.ceremonies)
    assert row["rows_withheld"] == "0"
    records = {r["fact_id"]: r for r in _facts_json(client, published.city)}
    shown = records[credit.pk]["rows_shown"]
    assert sum(r["credit_rial"] for r in shown) == published.total_credit
    assert {r["title"] for r in shown} == {c.project.title for c in published.ceremonies}
    assert records[credit.pk]["out_of_date"] is False


def test_a_row_no_longer_public_is_counted_but_never_written(client, published):
    hidden = published.ceremonies[1].project
    Project.objects.filter(pk=hidden.pk).update(is_public=False)
    projects = published.facts["projects"]
    rows = {int(r["fact_id"]): r for r in _facts_csv(client, published.city)}
    assert rows[projects.pk]["rows_withheld"] == "1"
    records = {r["fact_id"]: r for r in _facts_json(client, published.city)}
    assert hidden.title not in json.dumps(records, ensure_ascii=False)
    assert records[projects.pk]["rows"] == len(published.ceremonies) - 1


def test_figures_of_an_unpublished_or_future_article_never_appear(client, published):
    from jahesh.newsroom.models import Article

    Article.objects.filter(pk=published.article.pk).update(status="draft")
    assert _facts_csv(client, published.city) == []
    assert _facts_json(client, published.city) == []
    future = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    Article.objects.filter(pk=published.article.pk).update(status="published", published_at=future)
    assert _facts_json(client, published.city) == []


def test_another_citys_figures_stay_in_their_city(client, published, city_b):
    assert _facts_csv(client, city_b) == []


def test_the_static_export_holds_each_published_figures_page_linked_from_its_article(
    client, published, tmp_path, settings
):
    from django.core.management import call_command

    from jahesh.newsroom.models import Article, Fact

    settings.SITE_URL = "https://example.org"
    draft = Article.objects.create(
        municipality=published.city, code=999, title="پیش‌نویس", slug="draft", status="draft"
    )
    unpublished = Fact.objects.create(
        article=draft, slot="x", measure="project_count", exact_value=3, printed="۳ پروژه"
    )
    root = tmp_path / "site"
    call_command("export_site", str(root), "--jobs", "1", stdout=io.StringIO())
    city = published.city.slug
    for fact in published.facts.values():
        page = (root / city / "facts" / str(fact.pk) / "index.html").read_text()
        live = client.get(f"/{city}/facts/{fact.pk}/").content.decode()
        assert fact.printed in page
        assert f"«{fact.printed}»" in live
    assert not (root / city / "facts" / str(unpublished.pk)).exists()
    article = next((root / city / "news" / str(published.article.code)).glob("*/index.html"))
    credit = published.facts["credit"]
    assert f'href="/{city}/facts/{credit.pk}/"' in article.read_text()
    for name in ("facts.csv", "facts.json", "opendata.zip", "opendata.zip.sha256"):
        assert (root / "opendata" / city / name).stat().st_size > 0
    assert (root / "opendata" / city / "catalogue" / "index.html").is_file()
