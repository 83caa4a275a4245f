"""RSS 2.0 and Atom feeds of a city's published articles, and of one programme's.

The portal mounts them (see ``jahesh.newsroom.urls.feed_urlpatterns``); each item links to the
article's permanent address. Readers take RSS ``description`` and Atom ``summary type="html"`` for
HTML, so the lead goes there HTML-escaped; every other field is text that holds nothing a reader
could take for a tag, whichever way it reads it (rows stored before that rule included).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from jahesh.core.errors import NotFoundError
from jahesh.leaps.models import Programme
from jahesh.newsroom import selectors
from jahesh.newsroom.models import Article
from jahesh.newsroom.plaintext import as_html, as_text
from jahesh.registry.models import Municipality

FEED_SIZE = 30


def _public_city(slug: str) -> Municipality:
    city = Municipality.objects.public().filter(slug=slug).first()
    if city is None:
        raise Http404("شهرداری پیدا نشد.")
    return city


class MunicipalityRssFeed(Feed):  # type: ignore[type-arg]
    """The latest articles of one city."""

    feed_type = Rss201rev2Feed
    language = "fa"

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        return _public_city(kwargs["city"])

    def title(self, obj: Any) -> str:
        return as_text(f"خبرهای {obj.outlet_name or obj.name}")

    def link(self, obj: Any) -> str:
        return f"/{obj.slug}/news/"

    def description(self, obj: Any) -> str:
        return as_text(f"تازه‌ترین خبرهای {obj.name}")

    def items(self, obj: Any) -> list[Article]:
        return list(selectors.public_article_list(municipality=obj)[:FEED_SIZE])

    def item_title(self, item: Article) -> str:
        return as_text(f"اصلاحیه: {item.title}" if item.is_corrected else item.title)

    def item_description(self, item: Article) -> str:
        return as_html(item.lead)

    def item_link(self, item: Article) -> str:
        return selectors.article_url(item)

    def item_guid(self, item: Article) -> str:
        return f"jahesh:{item.municipality.slug}:{item.code}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Article) -> dt.datetime | None:
        return item.published_at or item.scheduled_for

    def item_updateddate(self, item: Article) -> dt.datetime | None:
        return item.corrected_at or item.published_at or item.scheduled_for

    def item_author_name(self, item: Article) -> str:
        # A user's full name never passed through the article's cleaning.
        return as_text(item.byline)


class MunicipalityAtomFeed(MunicipalityRssFeed):
    feed_type = Atom1Feed  # type: ignore[assignment]

    def subtitle(self, obj: Any) -> str:
        return self.description(obj)


class ProgrammeRssFeed(MunicipalityRssFeed):
    """The articles of one programme (all its waves) of one city."""

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        city = _public_city(kwargs["city"])
        programme = Programme.objects.public_in(city).filter(slug=kwargs["programme"]).first()
        if programme is None:
            raise Http404("برنامه پیدا نشد.")
        return programme

    def title(self, obj: Any) -> str:
        return as_text(f"{obj.name} — {obj.municipality.name}")

    def link(self, obj: Any) -> str:
        return f"/{obj.municipality.slug}/programmes/{obj.slug}/"

    def description(self, obj: Any) -> str:
        return as_text(f"خبرهای {obj.name}")

    def items(self, obj: Any) -> list[Article]:
        try:
            rows = selectors.public_article_list(municipality=obj.municipality, programme=obj)
        except NotFoundError:
            return []
        return list(rows[:FEED_SIZE])


class ProgrammeAtomFeed(ProgrammeRssFeed):
    feed_type = Atom1Feed  # type: ignore[assignment]

    def subtitle(self, obj: Any) -> str:
        return self.description(obj)
