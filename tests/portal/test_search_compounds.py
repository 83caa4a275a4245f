"""Portal search across the spellings of compounds: space, non-joiner or neither."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps

from jahesh.portal import search
from jahesh.portal.models import SearchEntry
from tests.registry.factories import ProjectFactory

pytestmark = pytest.mark.django_db

WRITTEN = {
    "zwnj": "بهره‌برداری از پل ارم",
    "joined": "بهرهبرداری از بوستان ولایت",
    "spaced": "بهره برداری از زیرگذر چمران",
}


@pytest.fixture
def compounds(city_a):
    for index, title in enumerate(WRITTEN.values()):
        ProjectFactory(municipality=city_a, title=title, slug=f"c{index}")
    ProjectFactory(municipality=city_a, title="سود بهره و نقشه برداری معابر", slug="scattered")
    ProjectFactory(municipality=city_a, title="نمایشگاه کلانشهر شیراز", slug="k1")
    ProjectFactory(municipality=city_a, title="همایش کلان‌شهر تبریز", slug="k2")
    ProjectFactory(municipality=city_a, title="پل عابر پیاده بوستان ارم", slug="p1")
    return city_a


def titles(city, query):
    found = search.search(municipality_id=city.pk, raw_query=query).hits
    return sorted(hit.title for hit in found)


@pytest.mark.parametrize("query", ["بهره برداری", "بهره‌برداری", "بهرهبرداری", "بهره بردار"])
def test_a_compound_typed_any_way_finds_it_written_every_way(compounds, query):
    assert titles(compounds, query) == sorted(WRITTEN.values())


@pytest.mark.parametrize("query", ["کلان شهر", "کلانشهر", "کلان‌شهر"])
def test_a_metropolis_typed_with_a_space_finds_it_joined_and_with_a_non_joiner(compounds, query):
    assert titles(compounds, query) == ["نمایشگاه کلانشهر شیراز", "همایش کلان‌شهر تبریز"]


def test_the_words_of_a_compound_scattered_over_a_text_do_not_match_it(compounds):
    assert "سود بهره و نقشه برداری معابر" not in titles(compounds, "بهره برداری")


def test_an_ordinary_two_word_query_still_matches_its_words_anywhere(compounds):
    assert titles(compounds, "ارم پل") == ["بهره‌برداری از پل ارم", "پل عابر پیاده بوستان ارم"]
    assert titles(compounds, "بوستان زیرگذر") == []


def test_the_migration_rekeys_entries_stored_under_the_old_key(compounds):
    entry = SearchEntry.objects.get(title=WRITTEN["zwnj"])
    # The key search_key gave before compounds were parted: non-joiners dropped.
    SearchEntry.objects.filter(pk=entry.pk).update(key="بهرهبرداری از پل ارم")
    assert WRITTEN["zwnj"] not in titles(compounds, "بهره برداری")
    migration = importlib.import_module("jahesh.portal.migrations.0004_rekey_search_compounds")
    migration.rekey(django_apps, None)
    entry.refresh_from_db()
    assert entry.key == "بهره برداری از پل ارم"
    assert WRITTEN["zwnj"] in titles(compounds, "بهره برداری")
