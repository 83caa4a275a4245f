"""Portal search finds a plural, or a word with its ezafe, by its stem and its stem by it, on
SQLite and on PostgreSQL (the same tests run on both)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps

from jahesh.portal import search
from jahesh.portal.models import SearchEntry
from tests.registry.factories import ProjectFactory

pytestmark = pytest.mark.django_db

PARKS = (
    "احداث بوستان محله سعدی",
    "بهسازی بوستان‌های کوی ولیعصر",
    "نوسازی پارک‌ها و بوستانها",
    "روشنایی بوستان ها و میدان‌ها",
)
OTHERS = (
    "سرای کارگران شهرداری",
    "آبگیر باران بلوار چمران",
    "پایانه بار شرق",
    "دیدار با نمایندگان شورای شهر",
    "خوابگاه دانشجویان",
    "نوسازی خیابان ارم",
)


@pytest.fixture
def city(city_a):
    for index, title in enumerate(PARKS + OTHERS):
        ProjectFactory(municipality=city_a, title=title, slug=f"p{index}")
    return city_a


def titles(city, query):
    found = search.search(municipality_id=city.pk, raw_query=query).hits
    return sorted(hit.title for hit in found)


@pytest.mark.parametrize("query", ["بوستان", "بوستان‌ها", "بوستانها", "بوستان ها", "بوستان‌های"])
def test_a_park_and_its_plurals_find_the_same_projects(city, query):
    assert titles(city, query) == sorted(PARKS)


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("کارگر", "سرای کارگران شهرداری"),
        ("کارگران", "سرای کارگران شهرداری"),
        ("نماینده", "دیدار با نمایندگان شورای شهر"),
        ("دانشجو", "خوابگاه دانشجویان"),
        ("خیابان‌ها", "نوسازی خیابان ارم"),
    ],
)
def test_a_stem_finds_its_plural_and_a_plural_its_stem(city, query, title):
    assert title in titles(city, query)


def test_a_word_that_only_ends_like_a_plural_does_not_find_the_shorter_word(city):
    assert titles(city, "باران") == ["آبگیر باران بلوار چمران"]


def test_a_plural_is_marked_where_it_was_written(city):
    [hit] = search.search(municipality_id=city.pk, raw_query="بوستان کوی").hits
    assert "<mark>بوستان‌های</mark>" in hit.title_html


def test_the_migration_rekeys_entries_stored_under_the_old_key(city):
    entry = SearchEntry.objects.get(title="دیدار با نمایندگان شورای شهر")
    # The key search_key gave before plurals met their stems.
    SearchEntry.objects.filter(pk=entry.pk).update(key="دیدار با نمایندگان شورای شهر")
    assert entry.title not in titles(city, "نماینده")
    migration = importlib.import_module("jahesh.portal.migrations.0005_rekey_search_plurals")
    migration.rekey(django_apps, None)
    entry.refresh_from_db()
    assert entry.key == "دیدار با نماینده شورا شهر"
    assert entry.title in titles(city, "نماینده")
