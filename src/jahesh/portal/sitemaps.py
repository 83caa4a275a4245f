"""The portal's sitemap: one section per kind of page, each holding only public rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet

from jahesh.leaps.models import Programme, Wave
from jahesh.portal import links, news, selectors
from jahesh.registry.models import District, Municipality, MunicipalityQuerySet, Project, Sector


def latest_of(items: QuerySet[Any], field: str) -> dt.datetime | None:
    """A section's date for the sitemap index, read as one MAX() instead of Django's default of
    calling ``lastmod`` on every item (a hundred thousand projects)."""
    latest: dt.datetime | None = items.order_by().aggregate(latest=Max(field))["latest"]
    return latest


class CitySitemap(Sitemap):  # type: ignore[type-arg]
    changefreq = "daily"
    priority = 1.0

    def items(self) -> QuerySet[Municipality]:
        return selectors.city_list()

    def location(self, item: Municipality) -> str:
        return links.city_url(item)

    def lastmod(self, item: Municipality) -> dt.datetime:
        return item.updated_at


class ProgrammeSitemap(Sitemap):  # type: ignore[type-arg]
    priority = 0.8

    def items(self) -> QuerySet[Programme]:
        return Programme.objects.public().select_related("municipality").order_by("pk")

    def location(self, item: Programme) -> str:
        return links.programme_url(item)


class WaveSitemap(Sitemap):  # type: ignore[type-arg]
    priority = 0.9

    def items(self) -> QuerySet[Wave]:
        return Wave.objects.public().select_related("programme__municipality").order_by("pk")

    def location(self, item: Wave) -> str:
        return links.wave_url(item)

    def lastmod(self, item: Wave) -> dt.datetime:
        return item.updated_at


class ProjectSitemap(Sitemap):  # type: ignore[type-arg]
    priority = 0.6

    def items(self) -> QuerySet[Project]:
        return (
            Project.objects.public()
            .select_related("municipality")
            .only("code", "slug", "updated_at", "municipality__slug")
            .order_by("pk")
        )

    def location(self, item: Project) -> str:
        return links.project_url(item)

    def lastmod(self, item: Project) -> dt.datetime:
        return item.updated_at

    def get_latest_lastmod(self) -> dt.datetime | None:
        return latest_of(self.items(), "updated_at")


class DistrictSitemap(Sitemap):  # type: ignore[type-arg]
    priority = 0.4

    def items(self) -> QuerySet[District]:
        return (
            District.objects.filter(MunicipalityQuerySet.public_q("municipality"))
            .select_related("municipality")
            .order_by("pk")
        )

    def location(self, item: District) -> str:
        return links.district_url(item)


class SectorSitemap(Sitemap):  # type: ignore[type-arg]
    priority = 0.4

    def items(self) -> QuerySet[Sector]:
        return (
            Sector.objects.filter(MunicipalityQuerySet.public_q("municipality"))
            .select_related("municipality")
            .order_by("pk")
        )

    def location(self, item: Sector) -> str:
        return links.sector_url(item)


class ArticleSitemap(Sitemap):  # type: ignore[type-arg]
    changefreq = "never"
    priority = 0.7

    def items(self) -> Any:
        return news.sitemap_items()

    def location(self, item: Any) -> str:
        return news.url(item)

    def lastmod(self, item: Any) -> dt.datetime | None:
        return news.published_at(item)

    def get_latest_lastmod(self) -> dt.datetime | None:
        return latest_of(self.items(), "published_at")


SITEMAPS: dict[str, Any] = {
    "cities": CitySitemap,
    "programmes": ProgrammeSitemap,
    "waves": WaveSitemap,
    "projects": ProjectSitemap,
    "districts": DistrictSitemap,
    "sectors": SectorSitemap,
    "news": ArticleSitemap,
}
