"""The planning settings of a programme: soft-rule weights, default travel time, and the city's
minutes between districts. One form; nothing is saved unless all of it is right."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from jahesh.leaps import selectors, services
from jahesh.leaps.forms import PlanningSettingsForm, travel_field
from jahesh.leaps.permissions import can_change_plans
from jahesh.leaps.views.common import programme_for, staff_page
from jahesh.registry import selectors as registry_selectors
from jahesh.registry.staff_views import refusals_flashed


@require_http_methods(["GET", "POST"])
@staff_page
def planning_settings(request: HttpRequest, city: str, programme: str) -> HttpResponse:
    found = programme_for(request, city, programme)
    municipality = found.municipality
    districts = list(registry_selectors.district_list(user=request.user, municipality=municipality))
    typed: dict[str, str] = {}
    if request.method == "POST":
        typed = {key: str(value) for key, value in request.POST.items()}
        form = PlanningSettingsForm(request.POST, districts=districts)
        if form.is_valid():
            with refusals_flashed(request):
                services.planning_settings_save(
                    programme=found,
                    by=request.user,
                    weights=form.weights(),
                    default_travel_minutes=form.default_travel_minutes(),
                    minutes=form.travel_minutes(),
                )
                messages.success(request, "تنظیمات برنامه‌ریزی ثبت شد.")
                url = reverse("leaps:settings", kwargs={"city": city, "programme": programme})
                return HttpResponseRedirect(url)
        else:
            messages.error(request, form.problems())
    return render(
        request,
        "leaps/settings.html",
        {
            "programme": found,
            "municipality": municipality,
            "can_change": can_change_plans(request.user, municipality),
            "weights": _weight_rows(found, typed),
            "default_travel": typed.get(
                "default_travel_minutes", str(found.default_travel_minutes)
            ),
            "districts": districts,
            "rows": _travel_rows(municipality, districts, typed),
        },
    )


def _weight_rows(programme: Any, typed: dict[str, str]) -> list[dict[str, str]]:
    """Each weight with its label, its default and what the field shows (typed or stored)."""
    defaults = services.weight_defaults()
    return [
        {
            "name": name,
            "label": label,
            "default": _shown(defaults[name]),
            "value": typed.get(f"w-{name}", _shown(programme.weights.get(name))),
        }
        for name, label in services.WEIGHT_LABELS.items()
    ]


def _travel_rows(municipality: Any, districts: list[Any], typed: dict[str, str]) -> list[Any]:
    """The table: a row per district, a cell per district; the upper half holds the fields."""
    table = selectors.travel_minutes(municipality=municipality)
    rows = []
    for first in districts:
        cells = []
        for second in districts:
            name = travel_field(first, second)
            stored = table.get((min(first.pk, second.pk), max(first.pk, second.pk)))
            cells.append(
                {
                    "district": second,
                    "name": name,
                    "value": typed.get(name, _shown(stored)),
                    "editable": first.pk < second.pk,
                }
            )
        rows.append({"district": first, "cells": cells})
    return rows


def _shown(value: Any) -> str:
    if value is None:
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() else str(number)
