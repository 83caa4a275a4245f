"""Views of a plan: the balance charts and each official's agenda (page and iCalendar)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from jahesh import persian
from jahesh.core.errors import (
    NotFoundError,
)
from jahesh.leaps import selectors, services
from jahesh.leaps.calendar_links import (
    calendar_token,
    calendar_token_claims,
    calendar_token_holds,
)
from jahesh.leaps.charts import stacked_bars_svg
from jahesh.leaps.ical import CalendarEvent, render_calendar
from jahesh.leaps.models import Programme
from jahesh.leaps.permissions import can_view_plans
from jahesh.leaps.views.common import (
    programme_for,
    staff_page,
)

LINK_INVALID = "پیوند این تقویم معتبر نیست؛ پیوند تازه را از صفحهٔ برنامهٔ مقام بردارید."


@require_GET
@staff_page
def balance(request: HttpRequest, city: str, programme: str) -> HttpResponse:
    found = programme_for(request, city, programme)
    plan = selectors.plan_current(programme=found)
    waves = selectors.wave_list(programme=found)
    charts: list[str] = []
    if plan is not None:
        rows = selectors.wave_balance(plan=plan, waves=waves)
        labels = [
            persian.to_persian_digits(f"{row.wave.programme.wave_noun} {row.wave.number}")
            for row in rows
        ]
        charts = [
            stacked_bars_svg(
                title="سهم حوزه‌ها در هر مرحله",
                rows=[(label, row.by_sector) for label, row in zip(labels, rows, strict=True)],
            ),
            stacked_bars_svg(
                title="سهم مناطق در هر مرحله",
                rows=[(label, row.by_district) for label, row in zip(labels, rows, strict=True)],
            ),
        ]
    return render(
        request,
        "leaps/balance.html",
        {
            "programme": found,
            "municipality": found.municipality,
            "plan": plan,
            # The SVG is built from escaped text by charts.stacked_bars_svg.
            "charts": [mark_safe(chart) for chart in charts],
        },
    )


def _agenda_scene(
    request: HttpRequest, city: str, programme: str, official_id: int
) -> tuple[Programme, Any]:
    found = programme_for(request, city, programme)
    official = selectors.official_get(municipality=found.municipality, official_id=official_id)
    return found, official


@require_GET
@staff_page
def agenda(request: HttpRequest, city: str, programme: str, official_id: int) -> HttpResponse:
    """An official's ceremonies day by day, laid out for printing."""
    found, official = _agenda_scene(request, city, programme, official_id)
    plan = selectors.plan_current(programme=found)
    items = selectors.official_agenda(plan=plan, official=official) if plan else []
    days: dict[dt.date, list[selectors.AgendaItem]] = defaultdict(list)
    for item in items:
        days[item.start.date()].append(item)
    token = calendar_token(user=request.user, programme=found, official_id=official.pk)
    feed = reverse(
        "leaps:agenda-ics",
        kwargs={"city": city, "programme": programme, "official_id": official.pk},
    )
    return render(
        request,
        "leaps/agenda.html",
        {
            "programme": found,
            "municipality": found.municipality,
            "official": official,
            "days": sorted(days.items()),
            "feed_url": request.build_absolute_uri(f"{feed}?token={token}"),
            "renew_url": reverse(
                "leaps:agenda-link-renew",
                kwargs={"city": city, "programme": programme, "official_id": official.pk},
            ),
        },
    )


@require_POST
@staff_page
def agenda_link_renew(
    request: HttpRequest, city: str, programme: str, official_id: int
) -> HttpResponse:
    """Replace the user's calendar key: every calendar link they handed out stops working."""
    found, official = _agenda_scene(request, city, programme, official_id)
    services.calendar_key_rotate(user=request.user)
    messages.success(request, "پیوند تازهٔ تقویم ساخته شد؛ همهٔ پیوندهای پیشین شما دیگر کار نمی‌کنند.")
    return HttpResponseRedirect(
        reverse(
            "leaps:agenda",
            kwargs={"city": city, "programme": found.slug, "official_id": official.pk},
        )
    )


@require_GET
def agenda_ics(request: HttpRequest, city: str, programme: str, official_id: int) -> HttpResponse:
    """The agenda as an iCalendar feed; calendar apps cannot log in, so a signed link also works."""
    user: Any = request.user
    token = request.GET.get("token", "")
    claims: dict[str, Any] | None = None
    if token and not user.is_authenticated:
        found_claims = calendar_token_claims(token)
        if found_claims is None:
            return HttpResponse(LINK_INVALID, status=403)
        user, claims = found_claims
    if not getattr(user, "is_authenticated", False):
        return HttpResponse("برای دیدن این تقویم وارد شوید.", status=403)
    try:
        municipality = selectors.municipality_get(slug=city)
        # Someone with no role in the city gets the answer of a city that does not exist.
        if not can_view_plans(user, municipality):
            raise NotFoundError(selectors.CITY_NOT_FOUND)
        found = selectors.programme_get(municipality=municipality, slug=programme)
        official = selectors.official_get(municipality=municipality, official_id=official_id)
    except NotFoundError as exc:
        return HttpResponse(exc.message, status=404)
    # A link shared for one programme's agenda must not open another programme's, nor outlive
    # the password or the role of the person who made it.
    if claims is not None and not calendar_token_holds(
        user=user, claims=claims, programme=found, official_id=official.pk
    ):
        return HttpResponse(LINK_INVALID, status=403)
    plan = selectors.plan_current(programme=found)
    items = selectors.official_agenda(plan=plan, official=official) if plan else []
    host = request.get_host().split(":")[0]
    events = [
        CalendarEvent(
            uid=f"leaps-{found.pk}-{item.ceremony.pk}-{official.pk}@{host}",
            start=item.start,
            end=item.end,
            summary=str(item.ceremony),
            location=item.ceremony.venue
            or (item.ceremony.project.district.name if item.ceremony.project.district else ""),
            description=f"{item.wave} — {found.name}",
        )
        for item in items
    ]
    stamp = plan.updated_at if plan else dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    body = render_calendar(name=f"{official.name} — {found.name}", events=events, stamp=stamp)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="agenda-{official.pk}.ics"'
    return response
