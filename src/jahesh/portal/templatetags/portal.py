"""Small filters of the portal's own templates."""

from __future__ import annotations

from django import template

from jahesh import persian
from jahesh.leaps.models import Programme, Wave
from jahesh.portal import links
from jahesh.registry.models import District, Project, Sector

register = template.Library()


@register.filter
def fa_number(value: object) -> str:
    """Group thousands with the Persian separator and show Persian digits: ۱۲٬۳۴۵."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return persian.to_persian_digits(str(value))
    return persian.to_persian_digits(f"{number:,}".replace(",", "٬"))


@register.filter
def percent(value: object) -> str:
    return persian.to_persian_digits(f"{value}") + "٪"


@register.filter
def project_href(project: Project, city_slug: str) -> str:
    """``{{ p|project_href:city.slug }}``: the project's address without a query or a reverse."""
    return links.project_path(city_slug, project.code, project.slug)


@register.filter
def wave_href(wave: Wave, city_slug: str) -> str:
    return links.wave_path(city_slug, wave.programme.slug, wave.number)


@register.filter
def programme_href(programme: Programme, city_slug: str) -> str:
    return links.programme_path(city_slug, programme.slug)


@register.filter
def district_href(district: District, city_slug: str) -> str:
    return links.district_path(city_slug, district.number)


@register.filter
def sector_href(sector: Sector, city_slug: str) -> str:
    return links.sector_path(city_slug, sector.code)
