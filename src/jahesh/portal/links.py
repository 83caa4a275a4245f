"""The portal's addresses for rows, in one place so pages, feeds, the sitemap, the search index
and the static export agree on them.

Addresses are built by string formatting and quoted exactly as ``reverse`` quotes them (the
tests hold the two equal): a page of fifty rows would otherwise spend more time in ``reverse``
than in rendering.
"""

from __future__ import annotations

from urllib.parse import quote

from jahesh.leaps.models import Programme, Wave
from jahesh.registry.models import District, Municipality, Project, Sector

# The characters Django's reverse() leaves unquoted in a path.
_SAFE = "!$&'()*+,;=/~:@"


def _path(*parts: object) -> str:
    return quote("/" + "/".join(str(part) for part in parts) + "/", safe=_SAFE)


def city_path(city_slug: str) -> str:
    return _path(city_slug)


def city_url(city: Municipality) -> str:
    return city_path(city.slug)


def project_path(city_slug: str, code: str, slug: str) -> str:
    return _path(city_slug, "projects", code, slug or code)


def project_url(project: Project) -> str:
    return project_path(project.municipality.slug, project.code, project.slug)


def programme_path(city_slug: str, programme_slug: str) -> str:
    return _path(city_slug, "programmes", programme_slug)


def programme_url(programme: Programme) -> str:
    return programme_path(programme.municipality.slug, programme.slug)


def wave_path(city_slug: str, programme_slug: str, number: int) -> str:
    return _path(city_slug, "programmes", programme_slug, number)


def wave_url(wave: Wave) -> str:
    programme = wave.programme
    return wave_path(programme.municipality.slug, programme.slug, wave.number)


def district_path(city_slug: str, number: int) -> str:
    return _path(city_slug, "districts", number)


def district_url(district: District) -> str:
    return district_path(district.municipality.slug, district.number)


def sector_path(city_slug: str, code: str) -> str:
    return _path(city_slug, "sectors", code)


def sector_url(sector: Sector) -> str:
    return sector_path(sector.municipality.slug, sector.code)


def article_path(city_slug: str, code: int, slug: str) -> str:
    return _path(city_slug, "news", code, slug or code)


def short_path(city_slug: str, code: int) -> str:
    return _path(city_slug, "n", code)
