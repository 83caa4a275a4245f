"""The public portal's pages: parse the address, call one selector, render.

Every page is the same for everybody, so successful responses are cached whole (``caching``).
Unknown or non-public things raise ``Http404`` with a Persian sentence shown by ``404.html``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any
from urllib.parse import unquote

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import json_script
from django.views.decorators.http import require_safe

from jahesh import persian
from jahesh.core.errors import NotFoundError
from jahesh.portal import charts, links, news, search, selectors
from jahesh.portal.caching import NO_QUERY, PAGINATED, Canonical, cached_page
from jahesh.registry.models import Municipality, Project

View = Callable[..., HttpResponse]


def public_page(view: View, *, query: Mapping[str, Canonical] = NO_QUERY) -> View:
    """Answer only GET/HEAD, cache whole pages, and turn domain misses into a Persian 404.

    ``query`` names the query parameters the page reads; the cache ignores all others."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFoundError as error:
            raise Http404(error.message) from error

    return require_safe(cached_page(query=query)(wrapper))


def paginated_page(view: View) -> View:
    """A public page that reads the paginator's ``?page=``."""
    return public_page(view, query=PAGINATED)


def _page_number(request: HttpRequest, page: int | None) -> str | None:
    """The page asked for by address (``page/2/``, what the static export writes) or by query."""
    return str(page) if page is not None else request.GET.get("page")


def _canonical(request: HttpRequest, path: str | None = None) -> str:
    return settings.SITE_URL + (path if path is not None else request.path)


def _render(
    request: HttpRequest,
    template: str,
    *,
    city: Municipality | None,
    title: str,
    description: str = "",
    canonical_path: str | None = None,
    **context: Any,
) -> HttpResponse:
    context.update(
        city=city,
        page_title=title,
        page_description=description,
        canonical_url=_canonical(request, canonical_path),
        site_url=settings.SITE_URL,
        credit_unit=city.credit_display_unit if city else "toman",
    )
    if city is not None and "nav_programmes" not in context and not context.get("chrome"):
        context["nav_programmes"] = list(selectors.public_programmes(city)[:5])
    return render(request, template, context)


def chrome_for(request: HttpRequest, city: Municipality) -> dict[str, str]:
    """Render a city's header and footer once, for callers rendering many of its pages (the
    static export); pages given ``chrome`` skip those templates and the programme query."""
    context = {
        "city": city,
        "nav_programmes": list(selectors.public_programmes(city)[:5]),
    }
    return {
        part: render_to_string(f"portal/_{part}.html", context, request)
        for part in ("header", "footer")
    }


def _map_context(features: dict[str, Any], city: Municipality) -> dict[str, Any]:
    # json_script escapes <, > and &, so a title holding "</script>" cannot end the tag.
    return {
        "map_script": json_script(
            {
                "center": [float(city.center_latitude), float(city.center_longitude)],
                "tiles": settings.TILE_URL,
                "attribution": settings.TILE_ATTRIBUTION,
                "features": features,
            },
            "map-data",
        ),
        "has_map": bool(features["features"]),
    }


def _sector_chart(rows: list[tuple[str, int]], unit: str, chart_id: str) -> Any:
    if not rows:
        return None
    return charts.bar_chart_svg(
        bars=charts.credit_bars(rows[:12], unit=unit),
        title="اعتبار پروژه‌ها به تفکیک حوزه",
        chart_id=chart_id,
    )


@public_page
def root(request: HttpRequest) -> HttpResponse:
    cities = list(selectors.city_list())
    if len(cities) == 1:
        return redirect(links.city_url(cities[0]))
    return _render(
        request,
        "portal/root.html",
        city=None,
        title="جهش: آنچه شهرها می‌سازند",
        description="برنامه‌های جهش شهرداری‌ها: پروژه‌ها، مرحله‌ها و خبرها.",
        cities=cities,
    )


@public_page
def members(request: HttpRequest) -> HttpResponse:
    return _render(
        request,
        "portal/members.html",
        city=None,
        title="شهرداری‌های عضو مجمع کلان‌شهرها",
        description="برنامه‌های جهش شهرداری‌های عضو، کنار هم.",
        figures=selectors.member_figures(),
    )


@public_page
def home(request: HttpRequest, city: str) -> HttpResponse:
    municipality = selectors.city_get(slug=city)
    data = selectors.home_data(city=municipality)
    return _render(
        request,
        "portal/home.html",
        city=municipality,
        title=municipality.name,
        description=f"پروژه‌ها، مرحله‌ها و خبرهای جهش {municipality.name}",
        data=data,
        nav_programmes=data.programmes[:5],
        sector_chart=_sector_chart(data.sector_credit, municipality.credit_display_unit, "home"),
    )


@public_page
def programme(request: HttpRequest, city: str, programme: str) -> HttpResponse:
    municipality = selectors.city_get(slug=city)
    found = selectors.programme_get(city=municipality, slug=programme)
    return _render(
        request,
        "portal/programme.html",
        city=municipality,
        title=f"{found.name} — {municipality.name}",
        description=found.description[:200],
        programme=found,
        timeline=selectors.programme_timeline(programme=found),
    )


@public_page
def wave(request: HttpRequest, city: str, programme: str, number: int) -> HttpResponse:
    municipality = selectors.city_get(slug=city)
    found_programme = selectors.programme_get(city=municipality, slug=programme)
    found = selectors.wave_get(programme=found_programme, number=number)
    data = selectors.wave_data(wave=found)
    labels = {item.project.pk: item.ceremony.get_kind_display() for item in data.placed}
    features = selectors.map_features([item.project for item in data.placed], labels=labels)
    number_text = persian.to_persian_digits(str(found.number))
    title = f"{found_programme.wave_noun} {number_text} {found_programme.name}"
    return _render(
        request,
        "portal/wave.html",
        city=municipality,
        title=f"{title} — {municipality.name}",
        description=found.theme,
        heading=title,
        programme=found_programme,
        wave=found,
        data=data,
        sector_chart=_sector_chart(data.sector_credit, municipality.credit_display_unit, "wave"),
        **_map_context(features, municipality),
    )


@public_page
def project(request: HttpRequest, city: str, code: str, slug: str | None = None) -> HttpResponse:
    municipality = selectors.city_get(slug=city)
    found = selectors.project_get(city=municipality, code=code)
    canonical = links.project_url(found)
    if request.path != unquote(canonical):
        return HttpResponseRedirect(canonical)
    return render_project(request, municipality, selectors.project_data(project=found))


def render_project(
    request: HttpRequest,
    city: Municipality,
    data: selectors.ProjectData,
    chrome: dict[str, str] | None = None,
    canonical_path: str | None = None,
) -> HttpResponse:
    """Render a project page from its data; the static export calls this with batch-read data
    and one shared request, so it names the page's own address."""
    found = data.project
    return _render(
        request,
        "portal/project.html",
        city=city,
        title=f"{found.title} — {city.name}",
        description=found.description[:200],
        canonical_path=canonical_path,
        project=found,
        data=data,
        chrome=chrome,
        **_map_context(selectors.map_features([found]), city),
    )


@paginated_page
def project_list(request: HttpRequest, city: str, page: int | None = None) -> HttpResponse:
    municipality = selectors.city_get(slug=city)
    found_page = selectors.project_list_page(
        selectors.public_projects(municipality), _page_number(request, page)
    )
    return _render(
        request,
        "portal/project_list.html",
        city=municipality,
        title=f"پروژه‌ها — {municipality.name}",
        page=found_page,
        page_base=reverse("portal:project_list", kwargs={"city": municipality.slug}),
        totals=selectors.totals_of(selectors.public_projects(municipality)),
    )


@public_page
def district_list(request: HttpRequest, city: str) -> HttpResponse:
    municipality = selectors.city_get(slug=city)
    return _render(
        request,
        "portal/district_list.html",
        city=municipality,
        title=f"مناطق — {municipality.name}",
        rows=selectors.district_list(city=municipality),
    )


@paginated_page
def district(request: HttpRequest, city: str, number: int, page: int | None = None) -> HttpResponse:
    municipality = selectors.city_get(slug=city)
    found = selectors.district_get(city=municipality, number=number)
    projects = selectors.public_projects(municipality).filter(district=found)
    return _render_group(
        request,
        municipality=municipality,
        name=found.name,
        kind="منطقه",
        projects=projects,
        page=page,
        page_base=links.district_url(found),
    )


@public_page
def sector_list(request: HttpRequest, city: str) -> HttpResponse:
    municipality = selectors.city_get(slug=city)
    return _render(
        request,
        "portal/sector_list.html",
        city=municipality,
        title=f"حوزه‌ها — {municipality.name}",
        rows=selectors.sector_list(city=municipality),
    )


@paginated_page
def sector(request: HttpRequest, city: str, code: str, page: int | None = None) -> HttpResponse:
    municipality = selectors.city_get(slug=city)
    found = selectors.sector_get(city=municipality, code=code)
    projects = selectors.public_projects(municipality).filter(sectors=found)
    return _render_group(
        request,
        municipality=municipality,
        name=found.name,
        kind="حوزه",
        projects=projects,
        page=page,
        page_base=links.sector_url(found),
    )


def _render_group(
    request: HttpRequest,
    *,
    municipality: Municipality,
    name: str,
    kind: str,
    projects: QuerySet[Project],
    page: int | None,
    page_base: str,
) -> HttpResponse:
    """Render the projects of one district or one sector, a page at a time."""
    return _render(
        request,
        "portal/group.html",
        city=municipality,
        title=f"{name} — {municipality.name}",
        heading=name,
        kind=kind,
        page=selectors.project_list_page(projects, _page_number(request, page)),
        page_base=page_base,
        totals=selectors.totals_of(projects),
    )


@require_safe
def search_page(request: HttpRequest, city: str) -> HttpResponse:
    try:
        municipality = selectors.city_get(slug=city)
    except NotFoundError as error:
        raise Http404(error.message) from error
    raw = request.GET.get("q", "")
    try:
        number = int(request.GET.get("page", "1")[:6])
    except ValueError:
        number = 1
    results = search.search(municipality_id=municipality.pk, raw_query=raw, page=number)
    return _render(
        request,
        "portal/search.html",
        city=municipality,
        title=f"جست‌وجو — {municipality.name}",
        canonical_path=reverse("portal:search", kwargs={"city": municipality.slug}),
        query=raw[: search.MAX_QUERY_CHARS],
        results=results,
    )


@paginated_page
def news_list(request: HttpRequest, city: str, page: int | None = None) -> HttpResponse:
    municipality = selectors.city_get(slug=city)
    return _render(
        request,
        "portal/news_list.html",
        city=municipality,
        title=f"خبرها — {municipality.name}",
        page=news.list_page(city=municipality, page_number=_page_number(request, page)),
        page_base=reverse("portal:news_list", kwargs={"city": municipality.slug}),
    )


@public_page
def article(request: HttpRequest, city: str, code: int, slug: str | None = None) -> HttpResponse:
    municipality = selectors.city_get(slug=city)
    found = news.get(city=municipality, code=code)
    canonical = news.url(found)
    if request.path != unquote(canonical):
        return HttpResponseRedirect(canonical)
    return render_article(request, municipality, found, news.article_data(article=found))


def render_article(
    request: HttpRequest,
    city: Municipality,
    found: Any,
    data: Any,
    *,
    chrome: dict[str, str] | None = None,
    canonical_path: str | None = None,
) -> HttpResponse:
    return _render(
        request,
        "portal/article.html",
        city=city,
        title=f"{found.title} — {city.outlet_name or city.name}",
        description=getattr(found, "lead", "")[:200],
        canonical_path=canonical_path,
        article=found,
        data=data,
        og_type="article",
        chrome=chrome,
    )


@public_page
def short_link(request: HttpRequest, city: str, code: int) -> HttpResponse:
    municipality = selectors.city_get(slug=city)
    return HttpResponseRedirect(news.url(news.get(city=municipality, code=code)))
