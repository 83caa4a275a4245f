"""The planning board: programmes, the board, moves, locks and wave actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from jahesh import persian
from jahesh.core.errors import (
    JaheshError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
    require,
)
from jahesh.leaps import selectors, services
from jahesh.leaps.checks import first_fitting_place, move_reasons
from jahesh.leaps.errors import MoveRejectedError
from jahesh.leaps.forms import ProgrammeForm, WaveForm
from jahesh.leaps.permissions import can_change_plans
from jahesh.leaps.views.common import (
    board_url,
    id_from,
    int_or_none,
    json_object,
    parse_target,
    place_options,
    programme_for,
    scene,
    staff_page,
    wave_of,
)
from jahesh.registry.models import CeremonyKind
from jahesh.registry.staff_views import refusals_flashed, wants_json

# Pages


@require_GET
@staff_page
def index(request: HttpRequest) -> HttpResponse:
    cities = selectors.municipalities_for(user=request.user)
    programmes = selectors.programmes_of(municipalities=cities)
    rows = [(city, programmes.get(city.pk, [])) for city in cities]
    return render(request, "leaps/index.html", {"rows": rows})


@require_GET
@staff_page
def city_home(request: HttpRequest, city: str) -> HttpResponse:
    municipality, _ = scene(request, city)
    # The year in Tehran, not on the server's clock: they differ on the night of Nowruz.
    this_year = persian.jalali_year(timezone.localdate())
    year = int_or_none(request.GET.get("year")) or this_year
    year = max(1343, min(year, 1455))
    return render(
        request,
        "leaps/city.html",
        {
            "municipality": municipality,
            "programmes": selectors.programme_list(user=request.user, municipality=municipality),
            "occasions": selectors.occasion_dates(municipality=municipality, jalali_year=year),
            "year": year,
            "can_change": can_change_plans(request.user, municipality),
            "programme_form": ProgrammeForm(),
            "shift_choices": range(-3, 4),
            "previous_year": year - 1,
            "next_year": year + 1,
        },
    )


@require_GET
@staff_page
def board(request: HttpRequest, city: str, programme: str) -> HttpResponse:
    found = programme_for(request, city, programme)
    filters = selectors.BoardFilters(
        sector=int_or_none(request.GET.get("sector")),
        district=int_or_none(request.GET.get("district")),
        official=int_or_none(request.GET.get("official")),
        kind=request.GET.get("kind", "") if request.GET.get("kind") in CeremonyKind.values else "",
        query=request.GET.get("q", "").strip()[:100],
    )
    data = selectors.board_get(programme=found, filters=filters)
    slots = place_options([column.wave for column in data.columns])
    return render(
        request,
        "leaps/board.html",
        {
            "programme": found,
            "municipality": found.municipality,
            "board": data,
            "filters": filters,
            "kinds": CeremonyKind.choices,
            "slots": slots,
            "can_change": can_change_plans(request.user, found.municipality),
            "latest_run": selectors.plan_run_latest(programme=found),
            "wave_form": WaveForm(
                occasions=selectors.occasion_list(municipality=found.municipality)
            ),
        },
    )


@require_POST
@staff_page
def check_move(request: HttpRequest, city: str, programme: str) -> JsonResponse:
    """Tell whether a proposed move keeps every hard rule; the reasons are Persian.

    With ``"find": true`` and only a wave, answer with the wave's first place that fits
    (``place`` as "wave|day|slot"), which is what a card dropped on a wave asks.
    """
    found = programme_for(request, city, programme)
    require(can_change_plans(request.user, found.municipality), PermissionDeniedError())
    plan = selectors.plan_current(programme=found)
    try:
        payload = json_object(request)
        ceremony = selectors.ceremony_get(
            municipality=found.municipality,
            ceremony_id=id_from(payload.get("ceremony"), "آیین پیشنهادی"),
        )
        if payload.get("find") and payload.get("wave"):
            wave = wave_of(found, payload["wave"])
            place, reasons = first_fitting_place(
                programme=found, ceremony=ceremony, wave=wave, plan=plan
            )
            value = None if place is None else f"{wave.pk}|{place[0].isoformat()}|{place[1]}"
            return JsonResponse({"ok": place is not None, "reasons": reasons, "place": value})
        target = parse_target(found, payload.get("wave"), payload.get("day"), payload.get("slot"))
    except ValidationError as exc:
        return JsonResponse({"ok": False, "reasons": [exc.message]}, status=400)
    reasons = move_reasons(programme=found, ceremony=ceremony, target=target, plan=plan)
    return JsonResponse({"ok": not reasons, "reasons": reasons})


@require_POST
@staff_page
def move(request: HttpRequest, city: str, programme: str) -> HttpResponse:
    found = programme_for(request, city, programme)
    ceremony_id = int_or_none(request.POST.get("ceremony"))
    require(ceremony_id is not None, NotFoundError("آیینی انتخاب نشده است."))
    assert ceremony_id is not None
    ceremony = selectors.ceremony_get(municipality=found.municipality, ceremony_id=ceremony_id)
    place = request.POST.get("place", "")
    parts = place.split("|") if place else [request.POST.get("wave", "")]
    try:
        target = parse_target(found, *[*parts, "", ""][:3])
        services.plan_assignment_move(
            programme=found, ceremony=ceremony, by=request.user, target=target
        )
    except MoveRejectedError as exc:
        if wants_json(request):
            return JsonResponse({"ok": False, "reasons": exc.reasons}, status=409)
        for reason in exc.reasons:
            messages.error(request, reason)
        return HttpResponseRedirect(board_url(found))
    except (PermissionDeniedError, NotFoundError):
        raise
    except JaheshError as exc:
        if wants_json(request):
            return JsonResponse({"ok": False, "reasons": [exc.message]}, status=409)
        messages.error(request, exc.message)
        return HttpResponseRedirect(board_url(found))
    if wants_json(request):
        return JsonResponse({"ok": True, "reasons": []})
    messages.success(request, "جای آیین تغییر کرد و قفل شد.")
    return HttpResponseRedirect(board_url(found) + f"#ceremony-{ceremony.pk}")


@require_GET
@staff_page
def move_form(request: HttpRequest, city: str, programme: str, ceremony_id: int) -> HttpResponse:
    """The move form without JavaScript: one page per ceremony."""
    found = programme_for(request, city, programme)
    ceremony = selectors.ceremony_get(municipality=found.municipality, ceremony_id=ceremony_id)
    slots = place_options(selectors.wave_list(programme=found))
    return render(
        request,
        "leaps/move.html",
        {
            "programme": found,
            "municipality": found.municipality,
            "ceremony": ceremony,
            "slots": slots,
            "can_change": can_change_plans(request.user, found.municipality),
        },
    )


@require_POST
@staff_page
def assignment_lock(
    request: HttpRequest, city: str, programme: str, assignment_id: int
) -> HttpResponse:
    found = programme_for(request, city, programme)
    plan = selectors.plan_current(programme=found)
    require(plan is not None, NotFoundError("این برنامه هنوز برنامهٔ زمانی ندارد."))
    assert plan is not None
    assignment = selectors.plan_assignment_get(plan=plan, assignment_id=assignment_id)
    locked = request.POST.get("locked") == "1"
    with refusals_flashed(request):
        services.plan_assignment_set_locked(assignment=assignment, by=request.user, locked=locked)
        messages.success(request, "قفل شد." if locked else "قفل برداشته شد.")
    return HttpResponseRedirect(board_url(found) + f"#ceremony-{assignment.ceremony_id}")


@require_POST
@staff_page
def wave_action(
    request: HttpRequest, city: str, programme: str, number: int, action: str
) -> HttpResponse:
    found = programme_for(request, city, programme)
    wave = selectors.wave_get(programme=found, number=number)
    with refusals_flashed(request):
        if action == "announce":
            services.wave_announce(wave=wave, by=request.user)
            messages.success(request, f"«{wave}» اعلام شد و آیین‌هایش قفل شدند.")
        elif action == "unlock":
            services.wave_unlock(wave=wave, by=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, f"«{wave}» برای تغییر گشوده شد.")
        elif action == "held":
            services.wave_mark_held(wave=wave, by=request.user)
            messages.success(request, f"«{wave}» برگزارشده ثبت شد.")
        else:
            raise NotFoundError("این کار تعریف نشده است.")
    return HttpResponseRedirect(board_url(found))


def _form_errors(form: Any) -> list[str]:
    return [
        f"{form.fields[name].label}: {error}" if name in form.fields else str(error)
        for name, errors in form.errors.items()
        for error in errors
    ]


@require_POST
@staff_page
def programme_new(request: HttpRequest, city: str) -> HttpResponse:
    municipality, _ = scene(request, city)
    form = ProgrammeForm(request.POST)
    back = reverse("leaps:city", kwargs={"city": city})
    if not form.is_valid():
        for text in _form_errors(form):
            messages.error(request, text)
        return HttpResponseRedirect(back)
    with refusals_flashed(request):
        created = services.programme_create(
            municipality=municipality, by=request.user, **form.cleaned_data
        )
        messages.success(request, f"برنامهٔ «{created.name}» ساخته شد.")
        return HttpResponseRedirect(board_url(created))
    return HttpResponseRedirect(back)


@require_POST
@staff_page
def wave_new(request: HttpRequest, city: str, programme: str) -> HttpResponse:
    found = programme_for(request, city, programme)
    occasions = selectors.occasion_list(municipality=found.municipality)
    form = WaveForm(request.POST, occasions=occasions)
    if not form.is_valid():
        for text in _form_errors(form):
            messages.error(request, text)
        return HttpResponseRedirect(board_url(found))
    with refusals_flashed(request):
        wave = services.wave_create(programme=found, by=request.user, **form.cleaned_data)
        messages.success(request, f"«{wave}» افزوده شد.")
    return HttpResponseRedirect(board_url(found))


@require_POST
@staff_page
def occasion_shift(request: HttpRequest, city: str, code: str) -> HttpResponse:
    """Move an occasion's computed date for this city (Iran's lunar dates can differ by a day):
    every year, or with ``year`` (of the occasion's own calendar) that year only."""
    municipality, _ = scene(request, city)
    back = reverse("leaps:city", kwargs={"city": city})
    shift_text = request.POST.get("shift_days", "").strip()
    shift = int_or_none(shift_text)
    year_text = request.POST.get("year", "").strip()
    year = int_or_none(year_text)
    if year_text and year is None:
        messages.error(request, "سال باید عدد باشد.")
        return HttpResponseRedirect(back)
    if shift_text and shift is None:
        messages.error(request, "جابه‌جایی باید عدد درست باشد.")
        return HttpResponseRedirect(back)
    with refusals_flashed(request):
        if year is None:
            occasion = services.occasion_save_for_city(
                municipality=municipality, by=request.user, code=code, shift_days=shift or 0
            )
        else:
            occasion = services.occasion_shift_for_year(
                municipality=municipality,
                by=request.user,
                code=code,
                year=year,
                shift_days=shift or 0,
            )
        when = "" if year is None else persian.to_persian_digits(f" در سال {year}")
        messages.success(request, f"تاریخ «{occasion.name}»{when} برای این شهر ثبت شد.")
    return HttpResponseRedirect(back)
