"""The registry's back office for projects: Persian search, Jalali dates, saves through the
services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from jahesh import persian
from jahesh.core.errors import JaheshError
from jahesh.registry import services, validation
from jahesh.registry.admin.tenancy import CityScopedAdmin, ServiceCheckedForm, _user
from jahesh.registry.models import ProgressUpdate, Project, Readiness, Role


class CeremonyReadinessFilter(admin.SimpleListFilter):
    title = "آمادگی آیین"
    parameter_name = "readiness"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [*Readiness.choices, ("none", "بی‌آیین")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value == "none":
            return queryset.filter(ceremonies__isnull=True)
        if value in Readiness.values:
            return queryset.filter(ceremonies__readiness=value).distinct()
        return queryset


class ProjectAdminForm(ServiceCheckedForm):
    class Meta:
        model = Project
        # The services' own list, so the form offers exactly what project_create accepts; the
        # admin's fieldsets give the order on the page.
        fields = ("municipality", *sorted(validation.PROJECT_FIELDS))

    def check_with_services(self) -> None:
        municipality = (
            self.instance.municipality
            if self.instance.pk
            else self.cleaned_data.get("municipality")
        )
        if municipality is None:
            return
        fields = {k: v for k, v in self.cleaned_data.items() if k in validation.PROJECT_FIELDS}
        validation.project_clean_fields(
            municipality=municipality,
            fields=fields,
            project=self.instance if self.instance.pk else None,
        )


@admin.register(Project)
class ProjectAdmin(CityScopedAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    form = ProjectAdminForm
    delete_role = Role.ADMIN
    list_display = (
        "code",
        "title",
        "district",
        "status",
        "physical_progress_pct",
        "credit_display",
        "is_headline",
        "is_public",
    )
    list_display_links = ("code", "title")
    list_filter = (
        ("municipality", admin.RelatedOnlyFieldListFilter),
        ("district", admin.RelatedOnlyFieldListFilter),
        ("sectors", admin.RelatedOnlyFieldListFilter),
        "status",
        CeremonyReadinessFilter,
        ("unit", admin.RelatedOnlyFieldListFilter),
        "is_headline",
        "is_public",
    )
    list_select_related = ("district", "municipality")
    search_fields = ("search_text",)
    search_help_text = "جست‌وجو در عنوان، کد، شرح، منطقه، واحد و حوزه"
    filter_horizontal = ("sectors",)
    readonly_fields = ("slug", "created_at", "updated_at", "timeline_link")
    fieldsets = (
        (None, {"fields": ("municipality", "code", "title", "slug", "description", "sectors")}),
        (
            "اجرا",
            {
                "fields": (
                    "district",
                    "unit",
                    "contractor",
                    "status",
                    "physical_progress_pct",
                    "timeline_link",
                )
            },
        ),
        ("اعتبار و زمان", {"fields": ("credit_rial", "start_date", "planned_end_date")}),
        ("مکان", {"fields": ("latitude", "longitude", "geometry", "length_m", "area_m2")}),
        ("نمایش", {"fields": ("is_headline", "is_public", "created_at", "updated_at")}),
    )
    actions = ("mark_public", "mark_hidden")

    @admin.display(description="گاه‌شمار")
    def timeline_link(self, obj: Project) -> str:
        if obj.pk is None:
            return "پس از ذخیره پروژه"
        address = reverse(
            "registry:project-timeline",
            kwargs={"city": obj.municipality.slug, "code": obj.code},
        )
        return format_html('<a href="{}">گام‌ها و گزارش‌های پیشرفت</a>', address)

    @admin.display(description="اعتبار", ordering="credit_rial")
    def credit_display(self, obj: Project) -> str:
        return persian.credit_phrase(obj.credit_rial, unit=obj.municipality.credit_display_unit)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = tuple(self.readonly_fields)
        if obj is None:
            return fields
        # Once a project has progress updates, the latest of them is its progress, set through
        # ``registry.progress`` (the timeline page): a figure typed here would contradict it.
        if ProgressUpdate.objects.filter(project=obj).exists():
            fields = (*fields, "physical_progress_pct")
        return (*fields, "municipality")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        # Match the way search_text was built, so «كودك» finds «کودک» and «۳» finds «3».
        for word in persian.search_key(search_term).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset, False

    def service_save(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> Any:
        fields = self.cleaned(form, validation.PROJECT_FIELDS)
        if change:
            # Compare with the stored row, not with ``obj``: the form has already changed ``obj``.
            stored = Project.objects.get(pk=obj.pk)
            return services.project_update(by=_user(request), project=stored, **fields)
        return services.project_create(
            by=_user(request), municipality=form.cleaned_data["municipality"], **fields
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.project_delete(by=_user(request), project=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for project in queryset.select_related("municipality"):
            services.project_delete(by=_user(request), project=project)

    def _set_public(self, request: HttpRequest, queryset: QuerySet[Any], public: bool) -> None:
        done = 0
        for project in queryset.select_related("municipality"):
            try:
                services.project_update(by=_user(request), project=project, is_public=public)
                done += 1
            except JaheshError as error:
                self.message_user(request, f"{project.code}: {error.message}", messages.ERROR)
        self.message_user(request, f"{persian.to_persian_digits(str(done))} پروژه به‌روز شد.")

    @admin.action(description="نمایش پروژه‌های برگزیده در درگاه", permissions=("change",))
    def mark_public(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._set_public(request, queryset, True)

    @admin.action(description="پنهان کردن پروژه‌های برگزیده از درگاه", permissions=("change",))
    def mark_hidden(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._set_public(request, queryset, False)
