"""The planning settings of a programme: soft-rule weights, default travel time, and the city's
minutes between districts. One form; nothing is saved unless all of it is right."""

from __future__ import annotations

import math
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from jahesh import persian
from jahesh.core.errors import JaheshError, NotFoundError, PermissionDeniedError, ValidationError
from jahesh.leaps import selectors, services
from jahesh.leaps.permissions import can_change_plans
from jahesh.leaps.views.common import domain_errors, programme_for
from jahesh.registry.models import District


def _number(text: str) -> float | None:
    """A number typed with Persian or Latin digits («۱۲٫۵», "12.5"); blank is None. Raises
    ValueError for anything else, infinities and "nan" included."""
    cleaned = persian.to_latin_digits(text.strip()).replace("٫", ".").replace("٬", "")
    if not cleaned:
        return None
    number = float(cleaned)
    if not math.isfinite(number):
        raise ValueError(cleaned)
    return number


@require_http_methods(["GET", "POST"])
@login_required
@domain_errors
def planning_settings(request: HttpRequest, city: str, programme: str) -> HttpResponse:
    found = programme_for(request, city, programme)
    municipality = found.municipality
    districts = list(District.objects.filter(municipality=municipality).order_by("number"))
    can_change = can_change_plans(request.user, municipality)
    typed: dict[str, str] = {}
    if request.method == "POST":
        typed = {key: str(value) for key, value in request.POST.items()}
        try:
            _save(request, found, districts)
        except (PermissionDeniedError, NotFoundError):
            raise
        except JaheshError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "تنظیمات برنامه‌ریزی ثبت شد.")
            url = reverse("leaps:settings", kwargs={"city": city, "programme": programme})
            return HttpResponseRedirect(url)
    defaults = services.weight_defaults()
    weights = [
        {
            "name": name,
            "label": label,
            "default": _shown(defaults[name]),
            "value": typed.get(f"w-{name}", _shown(found.weights.get(name))),
        }
        for name, label in services.WEIGHT_LABELS.items()
    ]
    table = selectors.travel_minutes(municipality=municipality)
    rows = [
        {
            "district": first,
            "cells": [
                {
                    "district": second,
                    "name": _field(first, second),
                    "value": typed.get(
                        _field(first, second), _shown(table.get(_pair(first, second)))
                    ),
                    "editable": first.pk < second.pk,
                }
                for second in districts
            ],
        }
        for first in districts
    ]
    return render(
        request,
        "leaps/settings.html",
        {
            "programme": found,
            "municipality": municipality,
            "can_change": can_change,
            "weights": weights,
            "default_travel": typed.get(
                "default_travel_minutes", str(found.default_travel_minutes)
            ),
            "districts": districts,
            "rows": rows,
        },
    )


def _pair(first: District, second: District) -> tuple[int, int]:
    a, b = sorted((first.pk, second.pk))
    return a, b


def _field(first: District, second: District) -> str:
    """The form field of a pair, the same whichever district comes first."""
    a, b = _pair(first, second)
    return f"t-{a}-{b}"


def _shown(value: Any) -> str:
    if value is None:
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() else str(number)


def _save(request: HttpRequest, programme: Any, districts: list[District]) -> None:
    post = request.POST
    problems: list[str] = []
    weights: dict[str, float | None] = {}
    for name, label in services.WEIGHT_LABELS.items():
        try:
            weights[name] = _number(post.get(f"w-{name}", ""))
        except ValueError:
            problems.append(f"«{label}» عدد نیست.")
    try:
        default_travel = int(_number(post.get("default_travel_minutes", "")) or 0)
    except ValueError:
        problems.append("زمان جابه‌جایی پیش‌فرض عدد نیست.")
        default_travel = 0
    minutes: dict[tuple[int, int], int | None] = {}
    for first in districts:
        for second in districts:
            if first.pk >= second.pk:
                continue
            try:
                value = _number(post.get(_field(first, second), ""))
            except ValueError:
                problems.append(f"زمان میان «{first}» و «{second}» عدد نیست.")
                continue
            if value is not None and not value.is_integer():
                problems.append(f"زمان میان «{first}» و «{second}» باید دقیقهٔ درست باشد.")
                continue
            minutes[(first.pk, second.pk)] = None if value is None else int(value)
    if problems:
        raise ValidationError(" ".join(problems))
    with transaction.atomic():
        services.programme_planning_save(
            programme=programme,
            by=request.user,
            weights=weights,
            default_travel_minutes=default_travel,
        )
        services.travel_times_save(
            municipality=programme.municipality, by=request.user, minutes=minutes
        )
