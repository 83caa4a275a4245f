"""The registry's back office for ceremonies: readiness by Jalali month, saves through the
services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from jahesh import persian
from jahesh.core.errors import JaheshError
from jahesh.registry import services, validation
from jahesh.registry.admin.tenancy import CityScopedAdmin, ServiceCheckedForm, _user
from jahesh.registry.models import Ceremony, Readiness


def _jalali(value: dt.date | None) -> str:
    return persian.format_jalali(value) if value else "—"


class JalaliMonthFilter(admin.SimpleListFilter):
    """Ceremonies whose ready-from date falls in a Jalali month (the months that have any)."""

    title = "ماه آمادگی"
    parameter_name = "ready_month"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        dates = model_admin.get_queryset(request).dates("ready_from", "day")
        months: dict[str, str] = {}
        for day in dates:
            j = persian_month_key(day)
            months.setdefault(j, persian.format_jalali(day, "month"))
        return sorted(months.items())

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if not value:
            return queryset
        try:
            first, after = jalali_month_span(value)
        except ValueError as exc:
            raise IncorrectLookupParameters(str(exc)) from exc
        return queryset.filter(ready_from__gte=first, ready_from__lt=after)


def persian_month_key(day: dt.date) -> str:
    """``1402-03`` for any Gregorian date in Khordad 1402."""
    j = persian.jalali_date(day)
    return f"{j.year:04d}-{j.month:02d}"


def jalali_month_span(key: str) -> tuple[dt.date, dt.date]:
    """The first Gregorian day of the Jalali month ``key`` and the first day after it.

    Raises ValueError for a key that names no month (``1402-13``, ``abc``).
    """
    year, month = (int(part) for part in key.split("-"))
    first, last = persian.jalali_month_bounds(year, month)
    return first, last + dt.timedelta(days=1)


class CeremonyAdminForm(ServiceCheckedForm):
    class Meta:
        model = Ceremony
        fields = (
            "project",
            "kind",
            "ready_from",
            "latest_date",
            "duration_min",
            "venue",
            "officials_requested",
            "importance",
            "status",
            "readiness",
        )

    def check_with_services(self) -> None:
        project = self.cleaned_data.get("project") or (
            self.instance.project if self.instance.pk else None
        )
        if project is None:
            return
        fields = {k: v for k, v in self.cleaned_data.items() if k in validation.CEREMONY_FIELDS}
        validation.ceremony_clean_fields(
            municipality=project.municipality,
            fields=fields,
            ceremony=self.instance if self.instance.pk else None,
        )


@admin.register(Ceremony)
class CeremonyAdmin(CityScopedAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    form = CeremonyAdminForm
    list_display = (
        "project",
        "kind",
        "ready_from_jalali",
        "latest_date_jalali",
        "readiness",
        "status",
        "importance",
        "district_name",
    )
    list_filter = (
        "kind",
        "readiness",
        "status",
        ("project__district", admin.RelatedOnlyFieldListFilter),
        ("project__sectors", admin.RelatedOnlyFieldListFilter),
        JalaliMonthFilter,
    )
    list_select_related = ("project", "project__district", "municipality")
    search_fields = ("project__search_text",)
    # Autocomplete asks ProjectAdmin, which only offers the user's cities' projects.
    autocomplete_fields = ("project",)
    filter_horizontal = ("officials_requested",)
    readonly_fields = ("held_at_jalali",)
    actions = ("mark_ready", "mark_almost", "mark_not_ready")

    @admin.display(description="آماده از", ordering="ready_from")
    def ready_from_jalali(self, obj: Ceremony) -> str:
        return _jalali(obj.ready_from)

    @admin.display(description="آخرین موعد", ordering="latest_date")
    def latest_date_jalali(self, obj: Ceremony) -> str:
        return _jalali(obj.latest_date)

    @admin.display(description="زمان برگزاری")
    def held_at_jalali(self, obj: Ceremony) -> str:
        return persian.format_jalali(obj.held_at, "datetime") if obj.held_at else "—"

    @admin.display(description="منطقه", ordering="project__district__number")
    def district_name(self, obj: Ceremony) -> str:
        return obj.project.district.name if obj.project.district else "فرامنطقه‌ای"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = tuple(self.readonly_fields)
        return (*fields, "project") if obj is not None else fields

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        for word in persian.search_key(search_term).split():
            queryset = queryset.filter(project__search_text__contains=word)
        return queryset, False

    def service_save(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> Any:
        fields = self.cleaned(form, validation.CEREMONY_FIELDS)
        if change:
            stored = Ceremony.objects.get(pk=obj.pk)
            return services.ceremony_update(by=_user(request), ceremony=stored, **fields)
        return services.ceremony_create(
            by=_user(request), project=form.cleaned_data["project"], **fields
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A ceremony that will not happen is cancelled, not erased; plans and news refer to it.
        return False

    def _set_readiness(self, request: HttpRequest, queryset: QuerySet[Any], value: str) -> None:
        # The list holds every city the user reads; a city where they only read refuses per row.
        done = 0
        for ceremony in queryset.select_related("municipality", "project"):
            try:
                services.ceremony_set_readiness(
                    by=_user(request), ceremony=ceremony, readiness=value
                )
                done += 1
            except JaheshError as error:
                self.message_user(request, f"{ceremony}: {error.message}", messages.ERROR)
        self.message_user(request, f"آمادگی {persian.to_persian_digits(str(done))} آیین ثبت شد.")

    @admin.action(description="ثبت «آماده» برای آیین‌های برگزیده", permissions=("change",))
    def mark_ready(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._set_readiness(request, queryset, Readiness.READY)

    @admin.action(
        description="ثبت «در آستانه آمادگی» برای آیین‌های برگزیده", permissions=("change",)
    )
    def mark_almost(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._set_readiness(request, queryset, Readiness.ALMOST)

    @admin.action(description="ثبت «آماده نیست» برای آیین‌های برگزیده", permissions=("change",))
    def mark_not_ready(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._set_readiness(request, queryset, Readiness.NOT_READY)
