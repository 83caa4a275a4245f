"""Without JAHESH_SITE_URL, canonical, Open Graph and feed links name the address served."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.portal.conftest import build_wave_scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(city_a) -> str:
    build_wave_scene(city_a)
    return reverse("portal:home", kwargs={"city": city_a.slug})


def _links(html: str) -> tuple[str, str]:
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html)
    og_url = re.search(r'<meta property="og:url" content="([^"]+)"', html)
    assert canonical
    assert og_url
    return canonical.group(1), og_url.group(1)


def test_a_page_links_to_the_address_it_was_asked_at(client, home, settings):
    settings.SITE_URL_FIXED = False
    settings.ALLOWED_HOSTS = ["*"]
    here = client.get(home, HTTP_HOST="127.0.0.1:8011").content.decode()
    # The page cache keys on the address too: another host never gets the first one's links.
    there = client.get(home, HTTP_HOST="localhost:9000").content.decode()
    assert _links(here) == (f"http://127.0.0.1:8011{home}",) * 2
    assert _links(there) == (f"http://localhost:9000{home}",) * 2


def test_a_fixed_site_address_wins_over_the_address_asked_at(client, home, settings):
    settings.SITE_URL_FIXED = True
    settings.SITE_URL = "https://jahesh.example"
    settings.ALLOWED_HOSTS = ["*"]
    html = client.get(home, HTTP_HOST="127.0.0.1:8011").content.decode()
    assert _links(html) == (f"https://jahesh.example{home}",) * 2


def test_a_feed_links_to_the_address_it_was_asked_at(client, home, city_a, settings):
    settings.SITE_URL_FIXED = False
    settings.ALLOWED_HOSTS = ["*"]
    feed = reverse("portal:newsroom_feeds:news_rss", kwargs={"city": city_a.slug})
    xml = client.get(feed, HTTP_HOST="127.0.0.1:8011").content.decode()
    assert "<link>http://127.0.0.1:8011/" in xml
    assert "127.0.0.1:8000" not in xml
