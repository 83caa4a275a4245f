"""Search over projects with Persian normalisation on both sides, ranked, paged and escaped."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jahesh.portal import search
from jahesh.portal.models import SearchEntry
from tests.registry.factories import ProjectFactory

pytestmark = pytest.mark.django_db

SPELLINGS = ["شهرداری‌ها", "شهرداریها", "شهرداري ها"]


@pytest.fixture
def searchable(city_a, city_b):
    made = [
        ProjectFactory(municipality=city_a, title="ساختمان خدمات شهرداری‌ها", slug="a1"),
        ProjectFactory(municipality=city_a, title="پل عابر پیاده بلوار ارم", slug="a2"),
        ProjectFactory(municipality=city_a, title="بوستان بانوان", slug="a3", is_public=False),
        ProjectFactory(municipality=city_b, title="ساختمان خدمات شهرداری‌ها در ب", slug="b1"),
    ]
    return city_a, made


def titles(city, query):
    return [hit.title for hit in search.search(municipality_id=city.pk, raw_query=query).hits]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_the_three_spellings_find_the_same_projects(searchable, spelling):
    city, _ = searchable
    assert titles(city, spelling) == ["ساختمان خدمات شهرداری‌ها"]


def test_search_keeps_to_the_city_and_to_public_projects(searchable):
    city, _ = searchable
    assert titles(city, "بوستان") == []
    assert "ساختمان خدمات شهرداری‌ها در ب" not in titles(city, "ساختمان")


def test_arabic_letters_in_the_query_find_persian_text(searchable):
    city, _ = searchable
    assert titles(city, "پل عابر پياده") == ["پل عابر پیاده بلوار ارم"]


def test_words_match_as_prefixes_and_every_word_must_match(searchable):
    city, _ = searchable
    assert titles(city, "بلوا") == ["پل عابر پیاده بلوار ارم"]
    assert titles(city, "بلوار ساختمان") == []


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        '"*" OR NEAR(',
        "'; DROP TABLE portal_searchentry; --",
        "<script>alert(1)</script>",
        "ب" * 10_000,
        "!!!???",
    ],
)
def test_hostile_or_empty_queries_give_an_empty_result_and_no_error(searchable, query):
    city, _ = searchable
    page = search.search(municipality_id=city.pk, raw_query=query)
    assert page.hits == [] or all(hit.title for hit in page.hits)
    assert SearchEntry.objects.filter(municipality=city).exists()


def test_highlight_marks_matching_words_and_escapes_everything_else():
    html = search.highlight("<b>ساختمان</b> خدمات شهرداری‌ها", search.query_words("شهرداریها"))
    assert "<b>" not in html
    assert "&lt;b&gt;" in html
    assert "<mark>شهرداری‌ها</mark>" in html


def test_results_are_paginated(city_a):
    for index in range(search.PAGE_SIZE + 5):
        ProjectFactory(municipality=city_a, title=f"ایستگاه دوچرخه {index}", slug=f"s{index}")
    first = search.search(municipality_id=city_a.pk, raw_query="ایستگاه", page=1)
    second = search.search(municipality_id=city_a.pk, raw_query="ایستگاه", page=2)
    assert first.total == search.PAGE_SIZE + 5
    assert len(first.hits) == search.PAGE_SIZE
    assert len(second.hits) == 5
    assert not {h.url for h in first.hits} & {h.url for h in second.hits}
    beyond = search.search(municipality_id=city_a.pk, raw_query="ایستگاه", page=999)
    assert beyond.number == 2


def test_a_renamed_project_is_found_by_its_new_title_only(city_a):
    project = ProjectFactory(municipality=city_a, title="کتابخانه محله", slug="k")
    project.title = "فرهنگسرای محله"
    project.search_text = ""
    project.save()
    assert titles(city_a, "فرهنگسرا") == ["فرهنگسرای محله"]
    assert titles(city_a, "کتابخانه") == []


def test_a_deleted_or_hidden_project_leaves_the_index(city_a):
    gone = ProjectFactory(municipality=city_a, title="زمین بازی", slug="z")
    hidden = ProjectFactory(municipality=city_a, title="زمین چمن", slug="c")
    gone.delete()
    hidden.is_public = False
    hidden.save()
    assert titles(city_a, "زمین") == []


def test_search_page_escapes_the_query_and_highlights_hits(client, searchable):
    city, _ = searchable
    url = reverse("portal:search", kwargs={"city": city.slug})
    hostile = client.get(url, {"q": '<script>alert("x")</script> ساختمان'})
    html = hostile.content.decode()
    assert hostile.status_code == 200
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    found = client.get(url, {"q": "شهرداریها"})
    assert "<mark>شهرداری‌ها</mark>" in found.content.decode()


@pytest.mark.parametrize("page", ["x", "-5", "99999999999", ""])
def test_search_page_survives_malformed_page_numbers(client, searchable, page):
    city, _ = searchable
    url = reverse("portal:search", kwargs={"city": city.slug})
    assert client.get(url, {"q": "ساختمان", "page": page}).status_code == 200


def test_search_page_answers_a_query_without_words_politely(client, searchable):
    city, _ = searchable
    response = client.get(reverse("portal:search", kwargs={"city": city.slug}), {"q": "؟!"})
    assert "واژه‌ای نداشت" in response.content.decode()


def test_a_broad_query_lists_newest_first_and_still_pages(city_a, city_b, monkeypatch):
    monkeypatch.setattr(search, "RANKED_AT_MOST", 3)
    made = [
        ProjectFactory(municipality=city_a, title=f"میدان شهر {i}", slug=f"m{i}") for i in range(25)
    ]
    # Newer matches of another city never show.
    for i in range(5):
        ProjectFactory(municipality=city_b, title=f"میدان دیگر {i}", slug=f"o{i}")
    first = search.search(municipality_id=city_a.pk, raw_query="میدان", page=1)
    second = search.search(municipality_id=city_a.pk, raw_query="میدان", page=2)
    assert first.total == 25
    assert [h.title for h in first.hits] == [p.title for p in reversed(made)][: search.PAGE_SIZE]
    assert len(second.hits) == 25 - search.PAGE_SIZE


@pytest.mark.django_db(transaction=True)
def test_imported_projects_are_found_by_search_once_the_queue_has_run(city_a, member_of, job_queue):
    from jahesh.registry.models import Role
    from tests.registry.spreadsheets import BRIDGE, furnish, import_rows, row

    furnish(city_a)
    editor = member_of(city_a, Role.EDITOR)
    import_rows(editor, city_a, [row(**BRIDGE)])

    assert titles(city_a, "غدیر") == ["پل غدیر"]
    renamed = {**BRIDGE, "title": "پل سعدی"}
    import_rows(editor, city_a, [row(**renamed)])
    assert titles(city_a, "غدیر") == []
    assert titles(city_a, "سعدی") == ["پل سعدی"]


def test_postgresql_keeps_its_narrow_search_table_in_step(searchable):
    # Migration 0003: statement triggers copy every insert, update, delete and truncate.
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only; SQLite's FTS5 table is checked by every search test here")

    def mirrored():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT e.id, e.municipality_id, e.dated, to_tsvector('simple', e.key)::text "
                "FROM portal_searchentry e ORDER BY e.id"
            )
            entries = cursor.fetchall()
            cursor.execute(
                "SELECT id, municipality_id, dated, tsv::text FROM portal_searchentry_terms "
                "ORDER BY id"
            )
            return entries, cursor.fetchall()

    city, _ = searchable
    entries, terms = mirrored()
    assert entries
    assert entries == terms
    SearchEntry.objects.filter(municipality=city).update(key="کلید تازه")
    SearchEntry.objects.filter(pk=entries[0][0]).delete()
    entries, terms = mirrored()
    assert entries == terms
    assert "'تازه'" in terms[0][3]
    assert titles(city, "کلید تازه")
    with connection.cursor() as cursor:
        # The test's transaction holds deferred foreign-key checks, which TRUNCATE refuses.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE portal_searchentry")
    assert mirrored() == ([], [])
