"""Leap planning in the back office: to look up rows. Plans change on the planning board
(/staff/leaps/), where every change goes through the services and their rules."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from jahesh import persian
from jahesh.leaps.models import Plan, PlanRun, Programme, Wave
from jahesh.registry.admin.tenancy import ReadOnlyCityAdmin

# A plain related filter lists every city's rows; RelatedOnlyFieldListFilter (used below) lists only
# those the scoped queryset reaches, so other cities' programme names do not leak.


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyCityAdmin):
    list_display = ("name", "municipality", "wave_noun", "started_on")
    list_filter = (("municipality", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name", "slug")


@admin.register(Wave)
class WaveAdmin(ReadOnlyCityAdmin):
    city_field = "programme__municipality"
    list_display = ("__str__", "days_jalali", "occasion", "status")
    list_filter = ("status", ("programme", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("programme", "occasion")

    @admin.display(description="روزها")
    def days_jalali(self, wave: Wave) -> str:
        first = persian.format_jalali(wave.start_date)
        if wave.end_date == wave.start_date:
            return first
        return f"{first} تا {persian.format_jalali(wave.end_date)}"


@admin.register(Plan)
class PlanAdmin(ReadOnlyCityAdmin):
    list_display = ("__str__", "source", "objective", "gap", "created_at")
    list_filter = ("status", "source", ("programme", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("programme",)
    readonly_fields = ("explanations_shown",)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The explanations are Persian sentences stored as JSON: shown as a list of sentences.
        fields = super().get_fields(request, obj)
        return ["explanations_shown" if f == "explanations" else f for f in fields]

    @admin.display(description="توضیح‌ها")
    def explanations_shown(self, plan: Plan) -> str:
        sentences = [e.get("message", "") for e in plan.explanations if isinstance(e, dict)]
        if not sentences:
            return "—"
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((s,) for s in sentences))
        )


@admin.register(PlanRun)
class PlanRunAdmin(ReadOnlyCityAdmin):
    list_display = ("__str__", "progress_pct", "stage", "created_at", "finished_at")
    list_filter = ("status",)
    list_select_related = ("programme",)
