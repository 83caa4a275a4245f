"""The registry's back office for cities and who works in them: municipalities, districts,
units, sectors, officials and memberships."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from jahesh.registry import permissions as perms
from jahesh.registry import services, validation
from jahesh.registry.admin.tenancy import CityScopedAdmin, _user
from jahesh.registry.forms import MembershipAddForm
from jahesh.registry.models import District, Membership, Municipality, Official, Role, Sector, Unit


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
