"""The public page «آنچه گفتیم، آنچه شد»: a city's promises and what became of them.

The figures come from ``leaps.selectors.promises`` (outcomes stored by a refresh); this
module only shapes them into a page and its charts.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.safestring import SafeString

from jahesh import persian
from jahesh.leaps.selectors.promises import (
    CityPromises,
    Promise,
    PromiseFigures,
    city_promise_figures,
    city_promises,
)
from jahesh.portal import charts, links, selectors
from jahesh.portal.views import PortalPage, _respond, public_page
from jahesh.registry.models import Municipality

PAGE_TITLE = "آنچه گفتیم، آنچه شد"
GROUPS_CHARTED = 12
CHANGES_SHOWN = 50


def _href(city: Municipality, promise: Promise) -> str:
    return links.project_path(city.slug, promise.project_code, promise.project_slug)


def rate_text(figures: PromiseFigures) -> str:
    if figures.on_time_rate_pct is None:
        return "هنوز موعدی نرسیده"
    return persian.to_persian_digits(f"{figures.on_time_rate_pct:g}".replace(".", "٫") + "٪")


def _rate_chart(rows: list[PromiseFigures], title: str, chart_id: str) -> SafeString | None:
    shown = [r for r in rows if r.on_time_rate_pct is not None][:GROUPS_CHARTED]
    if not shown:
        return None
    return charts.bar_chart_svg(
        bars=[
            # Tenths of a per cent, so the bars keep the one decimal the text shows.
            charts.Bar(r.label, round((r.on_time_rate_pct or 0) * 10), rate_text(r))
            for r in shown
        ],
        title=title,
        chart_id=chart_id,
    )


def _outcome_chart(figures: PromiseFigures) -> SafeString | None:
    if not figures.total:
        return None
    parts = [
        ("به‌موقع", figures.on_time),
        ("با تأخیر", figures.late),
        ("موعد گذشته، انجام‌نشده", figures.overdue),
        ("به تعویق افتاده", figures.postponed),
        ("لغوشده", figures.cancelled),
        ("هنوز در موعد", figures.pending),
        ("انجام‌شده بی‌تاریخ", figures.done_undated),
    ]
    return charts.bar_chart_svg(
        bars=[
            charts.Bar(label, n, f"{persian.to_persian_digits(str(n))} وعده") for label, n in parts
        ],
        title="سرانجام وعده‌ها",
        chart_id="promises-outcomes",
    )


def promises_page(city: Municipality, data: CityPromises | None = None) -> PortalPage:
    data = data or city_promises(city=city)
    groups: list[dict[str, Any]] = [
        {
            "id": "programme",
            "heading": "به تفکیک برنامه",
            "column": "برنامه",
            "rows": data.by_programme,
            "chart": _rate_chart(
                data.by_programme, "سهم وعده‌های به‌موقع هر برنامه", "promises-programme"
            ),
        },
        {
            "id": "district",
            "heading": "به تفکیک منطقه",
            "column": "منطقه",
            "rows": data.by_district,
            "chart": _rate_chart(
                data.by_district, "سهم وعده‌های به‌موقع هر منطقه", "promises-district"
            ),
        },
        {
            "id": "sector",
            "heading": "به تفکیک حوزه",
            "column": "حوزه",
            "rows": data.by_sector,
            "chart": _rate_chart(data.by_sector, "سهم وعده‌های به‌موقع هر حوزه", "promises-sector"),
        },
    ]
    changed = data.changed  # the first 50, read by the database, not every promise
    return PortalPage(
        "portal/promises.html",
        city,
        f"{PAGE_TITLE} — {city.name}",
        f"وعده‌های اعلام‌شدهٔ {city.name} و سرانجام آن‌ها: به‌موقع، با تأخیر، عقب‌افتاده یا لغوشده.",
        {
            "data": data,
            "overall_rate": rate_text(data.overall),
            "kinds": [(f, rate_text(f)) for f in data.by_kind],
            "outcome_chart": _outcome_chart(data.overall),
            "groups": [{**g, "rows": [(r, rate_text(r)) for r in g["rows"]]} for g in groups],
            "overdue": [(p, _href(city, p)) for p in data.overdue],
            "changed": [(p, _href(city, p)) for p in changed[:CHANGES_SHOWN]],
            "changed_total": data.changed_total,
        },
    )


@public_page
def promises(request: HttpRequest, city: str) -> HttpResponse:
    """What the city said it would do, and what it did, computed from the registry's history."""
    return _respond(request, promises_page(selectors.city_get(slug=city)))


def comparison_context(cities: list[Municipality]) -> dict[str, Any]:
    """The member cities' promise figures side by side, for the comparison page."""
    figures = city_promise_figures(cities=cities)
    rows = [(city, figures[city.pk], rate_text(figures[city.pk])) for city in cities]
    shown = [replace(f, label=city.city_name or city.name) for city, f, _ in rows]
    return {
        "promise_rows": rows,
        "promise_chart": _rate_chart(shown, "سهم وعده‌های به‌موقع هر شهر", "members-promises")
        if len(rows) > 1
        else None,
    }
