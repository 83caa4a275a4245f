"""Planning again in the background: queue a run, follow it, adopt its plan."""

from __future__ import annotations

from django.contrib import messages
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from jahesh.leaps import selectors, services
from jahesh.leaps.models import PlanRunMode
from jahesh.leaps.permissions import can_change_plans
from jahesh.leaps.views.common import (
    board_url,
    int_or_none,
    programme_for,
    staff_page,
)
from jahesh.registry.staff_views import refusals_flashed


@require_POST
@staff_page
def replan(request: HttpRequest, city: str, programme: str) -> HttpResponse:
    found = programme_for(request, city, programme)
    wave_text = request.POST.get("wave", "").strip()
    limit_text = request.POST.get("time_limit_s", "").strip()
    scope_number = int_or_none(wave_text)
    time_limit_s = int_or_none(limit_text)
    # A typed value that is not a number must not quietly become "every wave" or the default.
    if (wave_text and scope_number is None) or (limit_text and time_limit_s is None):
        messages.error(request, "مرحله و سقف زمان باید عدد درست باشند.")
        return HttpResponseRedirect(board_url(found))
    scope = selectors.wave_get(programme=found, number=scope_number) if scope_number else None
    with refusals_flashed(request):
        run = services.plan_run_request(
            programme=found,
            by=request.user,
            scope_wave=scope,
            time_limit_s=time_limit_s,
            mode=request.POST.get("mode") or PlanRunMode.FULL,
        )
        return HttpResponseRedirect(
            reverse(
                "leaps:run",
                kwargs={
                    "city": found.municipality.slug,
                    "programme": found.slug,
                    "run_id": run.pk,
                },
            )
        )
    return HttpResponseRedirect(board_url(found))


@require_GET
@staff_page
def run_detail(request: HttpRequest, city: str, programme: str, run_id: int) -> HttpResponse:
    found = programme_for(request, city, programme)
    run = selectors.plan_run_get(programme=found, run_id=run_id)
    diff = selectors.plan_run_diff(run=run, programme=found)
    return render(
        request,
        "leaps/run.html",
        {
            "programme": found,
            "municipality": found.municipality,
            "run": run,
            "diff": diff,
            "can_change": can_change_plans(request.user, found.municipality),
        },
    )


@require_GET
@staff_page
def run_status(request: HttpRequest, city: str, programme: str, run_id: int) -> JsonResponse:
    found = programme_for(request, city, programme)
    run = selectors.plan_run_get(programme=found, run_id=run_id)
    return JsonResponse(
        {
            "status": run.status,
            "status_label": run.get_status_display(),
            "progress_pct": run.progress_pct,
            "stage": run.stage,
            "error": run.error,
            "finished": run.is_finished,
        }
    )


@require_POST
@staff_page
def plan_adopt_view(request: HttpRequest, city: str, programme: str, plan_id: int) -> HttpResponse:
    found = programme_for(request, city, programme)
    plan = selectors.plan_get(programme=found, plan_id=plan_id)
    with refusals_flashed(request):
        services.plan_adopt(plan=plan, by=request.user)
        messages.success(request, "برنامهٔ تازه جاری شد.")
    return HttpResponseRedirect(board_url(found))
