"""Small filters of the portal's own templates."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape as _escape

from django import template
from django.utils.safestring import SafeString, mark_safe

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


@register.simple_tag
def project_rows(projects: Iterable[Project], city_slug: str, credit_unit: str) -> SafeString:
    """The rows of a project table, built in Python.

    List pages hold two dozen rows each and the static export writes tens of thousands of them:
    the same markup through the template engine (or through ``format_html``, whose lazy-string
    checks run on every argument) costs several times as much per row. ``html.escape`` is what
    Django's ``escape`` calls, so the text is escaped the same way.
    """
    rows = [_project_row(p, city_slug, credit_unit) for p in projects]
    if not rows:
        return _NO_ROWS
    # Every value above was escaped.
    return mark_safe("\n  ".join(rows))


def _project_row(p: Project, city_slug: str, credit_unit: str) -> str:
    href = _escape(links.project_path(city_slug, p.code, p.slug))
    badge = _HEADLINE_BADGE if p.is_headline else ""
    district = _escape(p.district.name) if p.district is not None else "فرامنطقه‌ای"
    credit = _escape(persian.credit_phrase(int(p.credit_rial), credit_unit))
    return (
        f'<tr>\n    <th scope="row"><a href="{href}">{_escape(p.title)}</a>{badge}</th>\n'
        # The labels name each cell on narrow screens, where the rows become cards.
        f'    <td data-label="منطقه">{district}</td>\n'
        f'    <td data-label="وضعیت">{_escape(str(p.get_status_display()))}</td>\n'
        f'    <td data-label="پیشرفت">{_escape(percent(p.physical_progress_pct))}</td>\n'
        f'    <td data-label="اعتبار">{credit}</td>\n  </tr>'
    )


_HEADLINE_BADGE = ' <span class="badge">شاخص</span>'
_NO_ROWS = mark_safe('<tr><td colspan="5">پروژه‌ای برای نمایش نیست.</td></tr>')
