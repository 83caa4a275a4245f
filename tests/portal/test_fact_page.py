"""The public fact page: the rows behind a published figure, how it was written, today's value."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from jahesh import persian
from jahesh.newsroom import composition, selectors, services
from jahesh.newsroom.models import Article, Fact
from jahesh.registry.models import Project, Role
from tests.newsroom.conftest import build_wave_scene

PUBLISHED_AT = dt.datetime(2023, 2, 3, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def published(city_a, member_of, job_queue) -> SimpleNamespace:
    scene = build_wave_scene(city_a)
    editor = member_of(city_a, Role.EDITOR, "e1")
    facts = selectors.wave_facts(wave=scene.wave)
    article = services.article_create_for_wave(
        by=editor, wave=scene.wave, composed=composition.wave_report(facts), facts=facts
    )
    services.article_approve(by=member_of(city_a, Role.EDITOR, "e2"), article=article)
    services.article_record_published(
        by=member_of(city_a, Role.PUBLISHER, "p1"), article=article, at=PUBLISHED_AT
    )
    scene.article = Article.objects.get(pk=article.pk)
    scene.facts = {f.slot: f for f in Fact.objects.filter(article=article)}
    scene.editor = editor
    return scene


def fact_url(fact: Fact) -> str:
    return f"/{fact.article.municipality.slug}/facts/{fact.pk}/"


def test_the_fact_page_lists_the_rows_the_sum_and_how_it_was_written(client, published) -> None:
    credit = published.facts["credit"]

    page = client.get(fact_url(credit)).content.decode()

    for ceremony in published.ceremonies:
        assert ceremony.project.title in page
    assert persian.credit_phrase(published.total_credit, "toman") in page
    assert (
        f"{persian.to_persian_digits(f'{published.total_credit:,}'.replace(',', '٬'))} ریال" in page
    )
    assert "«۳۴۵ میلیارد تومان»" in page
    assert "فرامنطقه‌ای" in page  # the city-wide walkway
    assert published.article.title in page


def test_the_fact_page_shows_today_s_value_beside_the_published_one(client, published) -> None:
    biggest = published.ceremonies[0].project
    Project.objects.filter(pk=biggest.pk).update(credit_rial=biggest.credit_rial * 2)
    services.facts_recheck(article=published.article)
    today = persian.credit_phrase(published.total_credit + biggest.credit_rial, "toman")

    page = client.get(fact_url(published.facts["credit"])).content.decode()

    assert "«۳۴۵ میلیارد تومان»" in page
    assert f"«{today}»" in page
    assert "دیگر درست نیست" in page


def test_a_row_no_longer_public_is_never_shown(client, published) -> None:
    hidden = published.ceremonies[1].project
    Project.objects.filter(pk=hidden.pk).update(is_public=False)

    page = client.get(fact_url(published.facts["projects"])).content.decode()

    assert hidden.title not in page
    assert published.ceremonies[0].project.title in page
    assert "۱ ردیف دیگر" in page


def test_facts_of_an_unpublished_article_are_not_found(client, published) -> None:
    Article.objects.filter(pk=published.article.pk).update(status="draft")

    assert client.get(fact_url(published.facts["credit"])).status_code == 404


def test_a_fact_is_not_found_under_another_city(client, published, city_b) -> None:
    credit = published.facts["credit"]

    assert client.get(f"/{city_b.slug}/facts/{credit.pk}/").status_code == 404


def test_the_article_links_its_figures_to_their_fact_pages(client, published) -> None:
    url = f"/{published.city.slug}/news/{published.article.code}/{published.article.slug}/"

    page = client.get(url).content.decode()

    for fact in published.facts.values():
        assert f'href="{fact_url(fact)}"' in page
    credit = published.facts["credit"]
    assert f'<a class="figure" href="{fact_url(credit)}"' in page


def test_the_fact_page_costs_a_fixed_number_of_queries(
    client, published, django_assert_max_num_queries: Any
) -> None:
    url = fact_url(published.facts["credit"])
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200


def test_figure_links_do_not_link_inside_a_larger_number() -> None:
    from jahesh.portal.facts import figure_links

    fact = Fact(pk=7, printed="۴ پروژه")
    html = figure_links("۱۴ پروژه و ۴ پروژه", [fact], "city-a")

    assert html.startswith("۱۴ پروژه و <a")


def test_a_programme_figure_s_page_lists_the_waves_it_adds_up(client, published) -> None:
    pfacts = selectors.programme_facts(programme=published.programme, as_of=dt.date(2023, 3, 1))
    article = services.article_create_for_programme(
        by=published.editor,
        programme=published.programme,
        composed=composition.programme_report(pfacts),
        facts=pfacts,
    )
    Article.objects.filter(pk=article.pk).update(status="published", published_at=PUBLISHED_AT)
    waves = Fact.objects.get(article=article, slot="waves")

    page = client.get(fact_url(waves)).content.decode()

    assert "«یک مرحله»" in page
    assert persian.ordinal_word(published.wave.number) in page
    assert persian.credit_phrase(published.total_credit, "toman") in page


def test_a_fact_just_published_shows_today_s_value_as_its_own(client, published) -> None:
    credit = published.facts["credit"]

    page = client.get(fact_url(credit)).content.decode()

    assert "هنوز بازبینی نشده" not in page
    assert "امروز نوشته می‌شود «۳۴۵ میلیارد تومان»" in page


def test_a_cached_fact_page_shows_the_new_value_after_a_recheck(
    client, published, django_capture_on_commit_callbacks: Any
) -> None:
    credit = published.facts["credit"]
    assert "دیگر درست نیست" not in client.get(fact_url(credit)).content.decode()
    biggest = published.ceremonies[0].project
    # A bulk write sends no signal: only the re-check can make the cached page stale.
    Project.objects.filter(pk=biggest.pk).update(credit_rial=biggest.credit_rial * 2)

    with django_capture_on_commit_callbacks(execute=True):
        services.facts_recheck(article=published.article)

    assert "دیگر درست نیست" in client.get(fact_url(credit)).content.decode()
