"""The newsroom's RSS and Atom feeds, mounted under each city's address on the portal.

The feed classes and their addresses belong to the newsroom (``feed_urlpatterns``); the portal
mounts them in its namespace, links them from every page's head, and writes them into the
static export.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from jahesh.newsroom import feeds as newsroom_feeds

NAMESPACE = "newsroom_feeds"
FEEDS: dict[str, Any] = {
    "rss": newsroom_feeds.MunicipalityRssFeed,
    "atom": newsroom_feeds.MunicipalityAtomFeed,
}
URL_NAMES = {"rss": "news_rss", "atom": "news_atom"}


def available() -> list[str]:
    return list(FEEDS)


def path_of(name: str, city_slug: str) -> str:
    return reverse(f"portal:{NAMESPACE}:{URL_NAMES[name]}", kwargs={"city": city_slug})


def render(name: str, request: HttpRequest, *, city: Any) -> HttpResponse | None:
    feed_class = FEEDS.get(name)
    if feed_class is None:
        return None
    response: HttpResponse = feed_class()(request, city=city.slug)
    return response
