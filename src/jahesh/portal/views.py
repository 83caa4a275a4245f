"""The public portal's pages: parse the address, call one selector, render.

Every page is the same for everybody, so successful responses are cached whole (``caching``).
Unknown or non-public things raise ``Http404`` with a Persian sentence shown by ``404.html``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import wraps
from typing import Any
from urllib.parse import unquote

from django.conf import settings
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import json_script
from django.views.decorators.http import require_safe

from jahesh import persian
from jahesh.core.addresses import site_url
from jahesh.core.errors import NotFoundError
from jahesh.newsroom import selectors as newsroom_selectors
from jahesh.newsroom.models import Fact
from jahesh.portal import caching, charts, links, news, search, selectors
from jahesh.portal import facts as portal_facts
from jahesh.portal import timeline as project_timelines
from jahesh.portal.caching import NO_QUERY, PAGINATED, Canonical, cached_page
from jahesh.portal.selectors.comparison import city_comparison
from jahesh.portal.selectors.maps import city_map as city_map_selector
from jahesh.registry import timeline as registry_timeline
from jahesh.registry.models import CeremonyKind, Municipality, Project, ProjectStatus

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
    return site_url(request) + (path if path is not None else request.path)


@dataclass(frozen=True, slots=True)
class PortalPage:
    """What one page shows, apart from how it leaves: a view answers it to a browser
    (``_respond``), the static export writes it to a file (``page_html``)."""

    template: str
    city: Municipality | None
    title: str
    description: str = ""
    context: dict[str, Any] = field(default_factory=dict)


def _page_context(
    *,
    city: Municipality | None,
    title: str,
    description: str,
    canonical_url: str,
    **context: Any,
) -> dict[str, Any]:
    context.update(
        city=city,
        page_title=title,
        page_description=description,
        canonical_url=canonical_url,
        site_url=context.pop("site_url", settings.SITE_URL),
        credit_unit=city.credit_display_unit if city else "toman",
    )
    if city is not None and "nav_programmes" not in context and not context.get("chrome"):
        context["nav_programmes"] = list(selectors.public_programmes(city)[:5])
    return context


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
    return render(
        request,
        template,
        _page_context(
            city=city,
            title=title,
            description=description,
            canonical_url=_canonical(request, canonical_path),
            site_url=site_url(request),
            **context,
        ),
    )


def _respond(request: HttpRequest, page: PortalPage) -> HttpResponse:
    return _render(
        request,
        page.template,
        city=page.city,
        title=page.title,
        description=page.description,
        **page.context,
    )


def page_html(page: PortalPage, *, path: str, chrome: Mapping[str, str] | None = None) -> str:
    """Render ``page`` as the site serves it at ``path`` (unquoted), for the static export.

    No request is needed: the portal's templates read nothing from one. ``chrome`` holds the
    city's header, footer and head links rendered once (``chrome_for``); without it the page
    renders its own."""
    shared = {"chrome": chrome} if chrome else {}
    context = _page_context(
        city=page.city,
        title=page.title,
        description=page.description,
        canonical_url=settings.SITE_URL + path,
        **page.context,
        **shared,
    )
    return render_to_string(page.template, context)


def chrome_for(city: Municipality) -> dict[str, str]:
    """Render a city's header and footer once, for callers rendering many of its pages (the
    static export); pages given ``chrome`` skip those templates and the programme query."""
    context = {
        "city": city,
        "nav_programmes": list(selectors.public_programmes(city)[:5]),
    }
    return {
        part: render_to_string(f"portal/_{part}.html", context) for part in ("header", "footer")
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


def root_page(cities: list[Municipality]) -> PortalPage:
    return PortalPage(
        "portal/root.html",
        None,
        "جهش: آنچه شهرها می‌سازند",
        "برنامه‌های جهش شهرداری‌ها: پروژه‌ها، مرحله‌ها و خبرها.",
        {"cities": cities},
    )


@public_page
def root(request: HttpRequest) -> HttpResponse:
    cities = list(selectors.city_list())
    if len(cities) == 1:
        return redirect(links.city_url(cities[0]))
    return _respond(request, root_page(cities))


def members_page() -> PortalPage:
    rows = city_comparison()
    units = {r.figures.city.credit_display_unit for r in rows}
    # One unit for bars drawn side by side; tomans when the cities show different ones.
    unit = units.pop() if len(units) == 1 else "toman"
    charts_shown = []
    if len(rows) > 1:
        names = [r.figures.city.city_name or r.figures.city.name for r in rows]
        charts_shown = [
            charts.bar_chart_svg(
                bars=charts.credit_bars(
                    [(n, r.figures.credit_rial) for n, r in zip(names, rows, strict=True)],
                    unit=unit,
                ),
                title="اعتبار پروژه‌های عمومی هر شهر",
                chart_id="members-credit",
            ),
            charts.bar_chart_svg(
                bars=[
                    charts.Bar(
                        n,
                        r.figures.projects,
                        f"{persian.to_persian_digits(str(r.figures.projects))} پروژه",
                    )
                    for n, r in zip(names, rows, strict=True)
                ],
                title="شمار پروژه‌های عمومی هر شهر",
                chart_id="members-projects",
            ),
            charts.bar_chart_svg(
                bars=[
                    charts.Bar(
                        n, r.waves_held, f"{persian.to_persian_digits(str(r.waves_held))} مرحله"
                    )
                    for n, r in zip(names, rows, strict=True)
                ],
                title="مرحله‌های برگزارشده هر شهر",
                chart_id="members-waves",
            ),
        ]
    return PortalPage(
        "portal/members.html",
        None,
        "شهرداری‌های عضو مجمع کلان‌شهرها",
        "برنامه‌های جهش شهرداری‌های عضو، کنار هم: مرحله‌ها، پروژه‌ها، اعتبار و حوزه‌ها.",
        {"rows": rows, "charts": charts_shown, **_promises_compared(rows)},
    )


def _promises_compared(rows: list[Any]) -> dict[str, Any]:
    # The promises page's module renders through this one, so it is imported when called.
    from jahesh.portal.promises import comparison_context

    return comparison_context([r.figures.city for r in rows])


@public_page
def members(request: HttpRequest) -> HttpResponse:
    return _respond(request, members_page())


def home_page(city: Municipality) -> PortalPage:
    data = selectors.home_data(city=city, figures_version=caching.figures_version(city.slug))
    return PortalPage(
        "portal/home.html",
        city,
        city.name,
        f"پروژه‌ها، مرحله‌ها و خبرهای جهش {city.name}",
        {
            "data": data,
            "nav_programmes": data.programmes[:5],
            "sector_chart": _sector_chart(data.sector_credit, city.credit_display_unit, "home"),
        },
    )


@public_page
def home(request: HttpRequest, city: str) -> HttpResponse:
    return _respond(request, home_page(selectors.city_get(slug=city)))


def programme_page(city: Municipality, slug: str) -> PortalPage:
    found = selectors.programme_get(city=city, slug=slug)
    return PortalPage(
        "portal/programme.html",
        city,
        f"{found.name} — {city.name}",
        found.description[:200],
        {"programme": found, "timeline": selectors.programme_timeline(programme=found)},
    )


@public_page
def programme(request: HttpRequest, city: str, programme: str) -> HttpResponse:
    return _respond(request, programme_page(selectors.city_get(slug=city), programme))


def wave_page(city: Municipality, programme_slug: str, number: int) -> PortalPage:
    found_programme = selectors.programme_get(city=city, slug=programme_slug)
    found = selectors.wave_get(programme=found_programme, number=number)
    data = selectors.wave_data(wave=found)
    labels = {item.project.pk: item.ceremony.get_kind_display() for item in data.placed}
    features = selectors.map_features([item.project for item in data.placed], labels=labels)
    number_text = persian.to_persian_digits(str(found.number))
    title = f"{found_programme.wave_noun} {number_text} {found_programme.name}"
    return PortalPage(
        "portal/wave.html",
        city,
        f"{title} — {city.name}",
        found.theme,
        {
            "heading": title,
            "programme": found_programme,
            "wave": found,
            "data": data,
            "sector_chart": _sector_chart(data.sector_credit, city.credit_display_unit, "wave"),
            **_map_context(features, city),
        },
    )


@public_page
def wave(request: HttpRequest, city: str, programme: str, number: int) -> HttpResponse:
    return _respond(request, wave_page(selectors.city_get(slug=city), programme, number))


@public_page
def project(request: HttpRequest, city: str, code: str, slug: str | None = None) -> HttpResponse:
    municipality = selectors.city_get(slug=city)
    found = selectors.project_get(city=municipality, code=code)
    canonical = links.project_url(found)
    if request.path != unquote(canonical):
        return HttpResponseRedirect(canonical)
    return _respond(request, project_page(municipality, selectors.project_data(project=found)))


def project_page(
    city: Municipality,
    data: selectors.ProjectData,
    *,
    timeline_rows: registry_timeline.ProjectTimelineRows | None = None,
) -> PortalPage:
    """A project page from its data, read alone by the view or in batches by the export."""
    found = data.project
    timeline = _project_timeline(data, timeline_rows)
    return PortalPage(
        "portal/project.html",
        city,
        f"{found.title} — {city.name}",
        found.description[:200],
        {
            "project": found,
            "data": data,
            "timeline": timeline,
            **_map_context(selectors.map_features([found]), city),
        },
    )


def _project_timeline(
    data: selectors.ProjectData, rows: registry_timeline.ProjectTimelineRows | None
) -> project_timelines.Timeline:
    """The timeline of the page: the ceremonies it already lists, with milestones and progress."""
    found = data.project
    if rows is None:
        rows = registry_timeline.timeline_rows(project=found)
    ceremonies = [
        (
            item.day,
            f"{item.ceremony.get_kind_display()} ({item.wave.programme.wave_noun} "
            f"{persian.to_persian_digits(str(item.wave.number))} {item.wave.programme.name})",
        )
        for item in data.placed
    ]
    ceremonies += [
        (timezone.localtime(c.held_at).date() if c.held_at else c.ready_from, c.get_kind_display())
        for c in data.held
    ]
    return project_timelines.project_timeline(project=found, rows=rows, ceremonies=ceremonies)


def projects_page(city: Municipality, *, page: Page[Any], totals: selectors.Totals) -> PortalPage:
    return PortalPage(
        "portal/project_list.html",
        city,
        f"پروژه‌ها — {city.name}",
        context={
            "page": page,
            "page_base": reverse("portal:project_list", kwargs={"city": city.slug}),
            "totals": totals,
        },
    )


@paginated_page
def project_list(request: HttpRequest, city: str, page: int | None = None) -> HttpResponse:
    municipality = selectors.city_get(slug=city)
    found_page = selectors.project_list_page(
        selectors.public_projects(municipality), _page_number(request, page)
    )
    totals = selectors.totals_of(selectors.public_projects(municipality))
    return _respond(request, projects_page(municipality, page=found_page, totals=totals))


def _known_status(raw: str) -> str | None:
    return raw if raw in ProjectStatus.values else None


def _sector_code(raw: str) -> str | None:
    return raw if raw and len(raw) <= 60 and raw.isprintable() else None


MAP_QUERY: Mapping[str, Canonical] = {"status": _known_status, "sector": _sector_code}


def city_map_page(
    city: Municipality, *, status: str | None = None, sector: str | None = None
) -> PortalPage:
    data = city_map_selector(city=city, status=status, sector=sector)
    return PortalPage(
        "portal/city_map.html",
        city,
        f"نقشه پروژه‌ها — {city.name}",
        f"همه پروژه‌های عمومی {city.name} روی نقشه، بر پایه وضعیت و حوزه.",
        {
            "data": data,
            "status": status or "",
            "sector": sector or "",
            # json_script escapes <, > and &, so a title holding "</script>" cannot end the tag.
            "map_script": json_script(
                {
                    "center": [float(city.center_latitude), float(city.center_longitude)],
                    "tiles": settings.TILE_URL,
                    "attribution": settings.TILE_ATTRIBUTION,
                    "points": data.as_points(),
                },
                "city-map-data",
            ),
        },
    )


def _map_page(view: View) -> View:
    """A public page that reads the map's filters."""
    return public_page(view, query=MAP_QUERY)


@_map_page
def city_map(request: HttpRequest, city: str) -> HttpResponse:
    municipality = selectors.city_get(slug=city)
    status = _known_status(request.GET.get("status", ""))
    sector = _sector_code(request.GET.get("sector", ""))
    return _respond(request, city_map_page(municipality, status=status, sector=sector))


def district_list_page(city: Municipality) -> PortalPage:
    return PortalPage(
        "portal/district_list.html",
        city,
        f"مناطق — {city.name}",
        context={"rows": selectors.district_list(city=city)},
    )


@public_page
def district_list(request: HttpRequest, city: str) -> HttpResponse:
    return _respond(request, district_list_page(selectors.city_get(slug=city)))


@paginated_page
def district(request: HttpRequest, city: str, number: int, page: int | None = None) -> HttpResponse:
    municipality = selectors.city_get(slug=city)
    found = selectors.district_get(city=municipality, number=number)
    projects = selectors.public_projects(municipality).filter(district=found)
    return _respond_group(
        request,
        municipality,
        name=found.name,
        kind="منطقه",
        projects=projects,
        page=page,
        page_base=links.district_url(found),
    )


def sector_list_page(city: Municipality) -> PortalPage:
    return PortalPage(
        "portal/sector_list.html",
        city,
        f"حوزه‌ها — {city.name}",
        context={"rows": selectors.sector_list(city=city)},
    )


@public_page
def sector_list(request: HttpRequest, city: str) -> HttpResponse:
    return _respond(request, sector_list_page(selectors.city_get(slug=city)))


@paginated_page
def sector(request: HttpRequest, city: str, code: str, page: int | None = None) -> HttpResponse:
    municipality = selectors.city_get(slug=city)
    found = selectors.sector_get(city=municipality, code=code)
    projects = selectors.public_projects(municipality).filter(sectors=found)
    return _respond_group(
        request,
        municipality,
        name=found.name,
        kind="حوزه",
        projects=projects,
        page=page,
        page_base=links.sector_url(found),
    )


def group_page(
    city: Municipality,
    *,
    name: str,
    kind: str,
    page: Page[Any],
    totals: selectors.Totals,
    page_base: str,
) -> PortalPage:
    """One page of the projects of one district or one sector."""
    return PortalPage(
        "portal/group.html",
        city,
        f"{name} — {city.name}",
        context={
            "heading": name,
            "kind": kind,
            "page": page,
            "page_base": page_base,
            "totals": totals,
        },
    )


def _respond_group(
    request: HttpRequest,
    municipality: Municipality,
    *,
    name: str,
    kind: str,
    projects: QuerySet[Project],
    page: int | None,
    page_base: str,
) -> HttpResponse:
    found_page = selectors.project_list_page(projects, _page_number(request, page))
    totals = selectors.totals_of(projects)
    return _respond(
        request,
        group_page(
            municipality, name=name, kind=kind, page=found_page, totals=totals, page_base=page_base
        ),
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


def news_list_page(city: Municipality, *, page: Page[Any]) -> PortalPage:
    return PortalPage(
        "portal/news_list.html",
        city,
        f"خبرها — {city.name}",
        context={
            "page": page,
            "page_base": reverse("portal:news_list", kwargs={"city": city.slug}),
        },
    )


@paginated_page
def news_list(request: HttpRequest, city: str, page: int | None = None) -> HttpResponse:
    municipality = selectors.city_get(slug=city)
    found_page = news.list_page(city=municipality, page_number=_page_number(request, page))
    return _respond(request, news_list_page(municipality, page=found_page))


@public_page
def article(request: HttpRequest, city: str, code: int, slug: str | None = None) -> HttpResponse:
    municipality = selectors.city_get(slug=city)
    found = news.get(city=municipality, code=code)
    canonical = news.url(found)
    if request.path != unquote(canonical):
        return HttpResponseRedirect(canonical)
    facts = newsroom_selectors.public_article_facts(article=found)
    data = news.article_data(article=found)
    return _respond(request, article_page(municipality, found, data, facts=facts))


def article_page(
    city: Municipality, found: Any, data: Any, *, facts: Sequence[Fact] = ()
) -> PortalPage:
    """An article page, read alone by the view or in batches by the export; ``facts`` link the
    figures printed in its title and lead to their fact pages."""
    context: dict[str, Any] = {"article": found, "data": data, "og_type": "article"}
    if facts:
        context.update(
            facts=[(f, portal_facts.fact_path(city.slug, f.pk)) for f in facts],
            title_html=portal_facts.figure_links(data.title, facts, city.slug),
            lead_html=portal_facts.figure_links(data.lead, facts, city.slug),
        )
    return PortalPage(
        "portal/article.html",
        city,
        f"{found.title} — {city.outlet_name or city.name}",
        getattr(found, "lead", "")[:200],
        context,
    )


@public_page
def fact(request: HttpRequest, city: str, pk: int) -> HttpResponse:
    """A published figure: the rows behind it, its sum, how it was written, and today's value."""
    municipality = selectors.city_get(slug=city)
    view = newsroom_selectors.public_fact_get(municipality=municipality, pk=pk)
    return _respond(request, fact_page(municipality, view))


def fact_page(city: Municipality, view: newsroom_selectors.FactView) -> PortalPage:
    return PortalPage(
        "portal/fact.html",
        city,
        portal_facts.fact_title(view),
        f"ردیف‌های پشت رقم «{view.fact.printed}»",
        {
            "view": view,
            "fact": view.fact,
            "article_url": news.url(view.article),
            "rows": [
                (r, links.project_path(city.slug, r.project_code, r.project_slug))
                for r in view.rows
            ],
            "kind_labels": [CeremonyKind(k).label for k in view.fact.definition.get("kinds", [])],
            "exact_toman": view.fact.exact_value // 10,
            "current_toman": (view.fact.current_value or 0) // 10,
        },
    )


@public_page
def short_link(request: HttpRequest, city: str, code: int) -> HttpResponse:
    municipality = selectors.city_get(slug=city)
    return HttpResponseRedirect(news.url(news.get(city=municipality, code=code)))
