"""The staff back office for the registry: Persian, right to left, Jalali dates, one city per row.

``CityScopedAdmin`` is the tenancy every model admin of the project builds on: a staff member sees
and picks only rows of cities they are a member of, may change what their role allows, and every
save goes through the app's services. Other apps subclass it (``city_field`` names the path to the
row's municipality).
"""

from __future__ import annotations

from typing import Any, ClassVar

import jdatetime
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from jahesh import persian
from jahesh.core.errors import JaheshError
from jahesh.registry import permissions as perms
from jahesh.registry import services, validation
from jahesh.registry.forms import GeoJSONField, JalaliDateField, MembershipAddForm
from jahesh.registry.models import (
    Ceremony,
    District,
    Membership,
    Municipality,
    Official,
    Project,
    Readiness,
    Role,
    Sector,
    Unit,
)


def _user(request: HttpRequest) -> perms.Actor:
    return request.user


def _jalali(value: Any) -> str:
    return persian.format_jalali(value) if value else "—"


class CityScopedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Tenancy and role checks for a model admin whose rows belong to one municipality.

    Subclasses set ``city_field`` (the lookup path from the row to its ``Municipality``) and the
    lowest roles that may view, add/change and delete.
    """

    city_field: ClassVar[str] = "municipality"
    view_role: ClassVar[Role] = Role.VIEWER
    change_role: ClassVar[Role] = Role.EDITOR
    delete_role: ClassVar[Role | None] = None  # None: only superusers delete
    list_per_page = 50

    # Which cities

    def city_of(self, obj: Any) -> Municipality:
        for part in self.city_field.split("__"):
            obj = getattr(obj, part)
        assert isinstance(obj, Municipality)
        return obj

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        rows = super().get_queryset(request)
        user = _user(request)
        if perms.is_superuser(user):
            return rows
        return rows.filter(**{f"{self.city_field}__in": perms.municipality_ids_for(user)})

    def _roles(self, request: HttpRequest) -> dict[int, Role]:
        """The user's role in each of their cities, read once per request (pages ask often)."""
        cached: dict[int, Role] | None = getattr(request, "_jahesh_city_roles", None)
        if cached is None:
            user = _user(request)
            rows = Membership.objects.filter(user_id=user.pk or 0).values_list(
                "municipality_id", "role"
            )
            cached = {city_id: Role(role) for city_id, role in rows}
            request._jahesh_city_roles = cached  # type: ignore[attr-defined]
        return cached

    def _allows(self, request: HttpRequest, role: Role, city: Municipality | None) -> bool:
        """Whether the user holds ``role`` or above in ``city`` (in any city when None)."""
        user = _user(request)
        if perms.is_superuser(user):
            return True
        # The login page lists the apps for an anonymous visitor too; that must cost no query
        # (and must work before the first migrate).
        if not (user.is_authenticated and user.is_active):
            return False
        enough = perms.roles_at_or_above(role)
        roles = self._roles(request)
        if city is None:
            return any(held in enough for held in roles.values())
        return roles.get(city.pk) in enough

    def _cities_with(self, request: HttpRequest, role: Role) -> QuerySet[Municipality]:
        cities = Municipality.objects.all()
        if perms.is_superuser(_user(request)):
            return cities
        enough = perms.roles_at_or_above(role)
        return cities.filter(
            pk__in=[pk for pk, held in self._roles(request).items() if held in enough]
        )

    # What the user may do

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allows(request, self.view_role, None)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        city = None if obj is None else self.city_of(obj)
        return self._allows(request, self.view_role, city)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._allows(request, self.change_role, None)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        city = None if obj is None else self.city_of(obj)
        return self._allows(request, self.change_role, city)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self.delete_role is None:
            return perms.is_superuser(_user(request))
        city = None if obj is None else self.city_of(obj)
        return self._allows(request, self.delete_role, city)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        # Names are stored normalised (Persian ی and ک, one space); so must the query be, or
        # «منطقه شمالي» typed on an Arabic keyboard finds nothing.
        return super().get_search_results(request, queryset, persian.normalize_name(search_term))

    # Choices limited to the user's cities

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        related = db_field.related_model
        if related is Municipality:
            kwargs["queryset"] = self._cities_with(request, self.change_role)
        elif isinstance(related, type) and issubclass(related, models.Model):
            kwargs["queryset"] = self._scoped(related, request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        related = db_field.related_model
        if isinstance(related, type) and issubclass(related, models.Model):
            kwargs["queryset"] = self._scoped(related, request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _scoped(self, model: type[models.Model], request: HttpRequest) -> QuerySet[Any]:
        rows = model._default_manager.all()
        if perms.is_superuser(_user(request)):
            return rows
        names = {f.name for f in model._meta.get_fields()}
        if "municipality" in names:
            return rows.filter(municipality__in=self._cities_with(request, self.change_role))
        return rows

    def formfield_for_dbfield(
        self, db_field: models.Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        # Dates are entered and shown in the Jalali calendar; the model stays Gregorian.
        if isinstance(db_field, models.DateField) and not isinstance(
            db_field, models.DateTimeField
        ):
            return JalaliDateField(
                required=not db_field.blank,
                label=str(db_field.verbose_name).capitalize(),
            )
        if isinstance(db_field, models.JSONField):
            kwargs["form_class"] = GeoJSONField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    # Saving through the services

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        saved = self.service_save(request, obj, form, change)
        # The admin goes on with ``obj`` (messages, log, redirect): give it the saved values.
        obj.__dict__.update({k: v for k, v in saved.__dict__.items() if not k.startswith("_")})
        obj._state.adding = False

    def service_save(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> Any:
        """Write the form through the app's services and return the saved row.

        Subclasses replace this; the plain save here only keeps an admin that has not yet
        done so working.
        """
        obj.save()
        form.save_m2m()
        return obj

    def save_related(
        self, request: HttpRequest, form: ModelForm[Any], formsets: Any, change: bool
    ) -> None:
        # The services set the many-to-many fields themselves (and record them in the history).
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def cleaned(self, form: ModelForm[Any], names: frozenset[str]) -> dict[str, Any]:
        return {k: v for k, v in form.cleaned_data.items() if k in names}


class ServiceCheckedForm(forms.ModelForm):  # type: ignore[type-arg]
    """A model form whose ``clean`` runs the service's own checks, shown on the field at fault."""

    def check_with_services(self) -> None:
        """Raise ``JaheshError`` when the services would refuse the cleaned data."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            try:
                self.check_with_services()
            except JaheshError as error:
                field = getattr(error, "field", None)
                self.add_error(field if field in self.fields else None, error.message)
        return cleaned


# Municipalities


@admin.register(Municipality)
class MunicipalityAdmin(CityScopedAdmin):
    city_field = "pk"
    change_role = Role.ADMIN
    list_display = ("name", "slug", "city_name", "is_public", "is_illustrative")
    list_filter = ("is_public", "is_illustrative")
    search_fields = ("name", "slug", "city_name")

    def city_of(self, obj: Any) -> Municipality:
        assert isinstance(obj, Municipality)
        return obj

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        rows = admin.ModelAdmin.get_queryset(self, request)
        user = _user(request)
        if perms.is_superuser(user):
            return rows
        return rows.filter(pk__in=perms.municipality_ids_for(user))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return perms.can_create_municipality(_user(request))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("slug",) if obj is not None else ()

    def service_save(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> Any:
        fields = self.cleaned(form, validation.MUNICIPALITY_FIELDS)
        if change:
            city = Municipality.objects.get(pk=obj.pk)
            return services.municipality_update(by=_user(request), municipality=city, **fields)
        return services.municipality_create(
            by=_user(request), slug=form.cleaned_data["slug"], **fields
        )


# Districts, units, sectors


@admin.register(District)
class DistrictAdmin(CityScopedAdmin):
    change_role = Role.ADMIN
    list_display = ("name", "number", "municipality")
    list_filter = (("municipality", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("municipality",) if obj is not None else ()

    def service_save(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> Any:
        data = form.cleaned_data
        if change:
            return services.district_update(
                by=_user(request),
                district=District.objects.get(pk=obj.pk),
                number=data["number"],
                name=data["name"],
            )
        return services.district_create(
            by=_user(request),
            municipality=data["municipality"],
            number=data["number"],
            name=data["name"],
        )


@admin.register(Unit)
class UnitAdmin(CityScopedAdmin):
    change_role = Role.ADMIN
    list_display = ("name", "code", "kind", "municipality")
    list_filter = ("kind", ("municipality", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "code")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("municipality", "code") if obj is not None else ()

    def service_save(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> Any:
        data = form.cleaned_data
        if change:
            return services.unit_update(
                by=_user(request),
                unit=Unit.objects.get(pk=obj.pk),
                name=data["name"],
                kind=data["kind"],
            )
        return services.unit_create(
            by=_user(request),
            municipality=data["municipality"],
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
        )


@admin.register(Sector)
class SectorAdmin(CityScopedAdmin):
    change_role = Role.ADMIN
    list_display = ("name", "code", "oc4ids_code", "municipality")
    list_filter = ("oc4ids_code", ("municipality", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "code")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("municipality", "code") if obj is not None else ()

    def service_save(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> Any:
        data = form.cleaned_data
        if change:
            return services.sector_update(
                by=_user(request),
                sector=Sector.objects.get(pk=obj.pk),
                name=data["name"],
                oc4ids_code=data["oc4ids_code"],
            )
        return services.sector_create(
            by=_user(request),
            municipality=data["municipality"],
            code=data["code"],
            name=data["name"],
            oc4ids_code=data["oc4ids_code"],
        )


# Projects


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
    readonly_fields = ("slug", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("municipality", "code", "title", "slug", "description", "sectors")}),
        ("اجرا", {"fields": ("district", "unit", "contractor", "status", "physical_progress_pct")}),
        ("اعتبار و زمان", {"fields": ("credit_rial", "start_date", "planned_end_date")}),
        ("مکان", {"fields": ("latitude", "longitude", "geometry", "length_m", "area_m2")}),
        ("نمایش", {"fields": ("is_headline", "is_public", "created_at", "updated_at")}),
    )
    actions = ("mark_public", "mark_hidden")

    @admin.display(description="اعتبار", ordering="credit_rial")
    def credit_display(self, obj: Project) -> str:
        return persian.credit_phrase(obj.credit_rial, unit=obj.municipality.credit_display_unit)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = tuple(self.readonly_fields)
        return (*fields, "municipality") if obj is not None else fields

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


# Ceremonies


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


def persian_month_key(day: Any) -> str:
    """``1402-03`` for any Gregorian date in Khordad 1402."""
    j = jdatetime.date.fromgregorian(date=day)
    return f"{j.year:04d}-{j.month:02d}"


def jalali_month_span(key: str) -> tuple[Any, Any]:
    """The first Gregorian day of the Jalali month ``key`` and the first day after it."""
    year, month = (int(part) for part in key.split("-"))
    first = jdatetime.date(year, month, 1)
    after = jdatetime.date(year + 1, 1, 1) if month == 12 else jdatetime.date(year, month + 1, 1)
    return first.togregorian(), after.togregorian()


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


# Officials and memberships


@admin.register(Official)
class OfficialAdmin(CityScopedAdmin):
    list_display = ("name", "position", "kind", "rank", "max_ceremonies_per_day", "is_active")
    list_filter = ("kind", "is_active", ("municipality", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "position")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("municipality",) if obj is not None else ()

    def service_save(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> Any:
        fields = self.cleaned(form, validation.OFFICIAL_FIELDS)
        if change:
            stored = Official.objects.get(pk=obj.pk)
            return services.official_update(by=_user(request), official=stored, **fields)
        return services.official_create(
            by=_user(request), municipality=form.cleaned_data["municipality"], **fields
        )


@admin.register(Membership)
class MembershipAdmin(CityScopedAdmin):
    view_role = Role.ADMIN
    change_role = Role.ADMIN
    delete_role = Role.ADMIN
    list_display = ("user", "municipality", "role")
    list_filter = ("role", ("municipality", admin.RelatedOnlyFieldListFilter))
    search_fields = ("user__username", "user__first_name", "user__last_name")
    autocomplete_fields = ()

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = MembershipAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return (
            ("username", "municipality", "role")
            if obj is None
            else ("user", "municipality", "role")
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        rows = admin.ModelAdmin.get_queryset(self, request).select_related("user", "municipality")
        user = _user(request)
        if perms.is_superuser(user):
            return rows
        return rows.filter(municipality__in=perms.municipality_ids_for(user, Role.ADMIN))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("user", "municipality") if obj is not None else ()

    def service_save(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> Any:
        data = form.cleaned_data
        stored = Membership.objects.get(pk=obj.pk) if change else None
        return services.membership_grant(
            by=_user(request),
            user=stored.user if stored else data["user"],
            municipality=stored.municipality if stored else data["municipality"],
            role=data["role"],
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.membership_revoke(by=_user(request), membership=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for membership in queryset:
            services.membership_revoke(by=_user(request), membership=membership)
