"""The tenancy every model admin of the project builds on: one city per row, roles from
``registry.permissions``, and every write through the app's services.

A staff member sees and picks only rows of cities they are a member of and may change what their
role allows. A writable admin names its service in ``service_save`` (and in ``delete_model`` when
it deletes); an admin with no service for its rows subclasses ``ReadOnlyCityAdmin``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from jahesh import persian
from jahesh.core.errors import JaheshError
from jahesh.registry import permissions as perms
from jahesh.registry.admin.display import PersianDisplayAdmin
from jahesh.registry.forms import GeoJSONField, JalaliDateField
from jahesh.registry.models import Municipality, Role


def _user(request: HttpRequest) -> perms.Actor:
    return request.user


class CityScopedAdmin(PersianDisplayAdmin):
    """Tenancy and role checks for a model admin whose rows belong to one municipality.

    Subclasses set ``city_field`` (the lookup path from the row to its ``Municipality``) and the
    lowest roles that may view, add/change and delete. ``related_city_fields`` gives the path to
    the city of a related model that has no ``municipality`` field of its own, so its choices are
    limited to the user's cities too.
    """

    city_field: ClassVar[str] = "municipality"
    view_role: ClassVar[Role] = Role.VIEWER
    change_role: ClassVar[Role] = Role.EDITOR
    # None: nobody deletes here. Set it only with a delete_model that calls the app's service.
    delete_role: ClassVar[Role | None] = None
    related_city_fields: ClassVar[dict[type[models.Model], str]] = {}
    geojson_fields: ClassVar[frozenset[str]] = frozenset({"geometry"})
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
            cached = perms.roles_by_city(_user(request))
            request._jahesh_city_roles = cached  # type: ignore[attr-defined]
        return cached

    def _allows(self, request: HttpRequest, role: Role, city: Municipality | None) -> bool:
        """Whether the user holds ``role`` or above in ``city`` (in any city when None)."""
        user = _user(request)
        if perms.is_superuser(user):
            return True
        roles = self._roles(request)
        if city is None:
            return any(perms.role_meets(held, role) for held in roles.values())
        return perms.role_meets(roles.get(city.pk), role)

    def _cities_with(self, request: HttpRequest, role: Role) -> QuerySet[Municipality]:
        cities = Municipality.objects.all()
        if perms.is_superuser(_user(request)):
            return cities
        return cities.filter(
            pk__in=[pk for pk, held in self._roles(request).items() if perms.role_meets(held, role)]
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
            return False
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
        path = self.related_city_fields.get(model)
        if path is None and "municipality" in {f.name for f in model._meta.get_fields()}:
            path = "municipality"
        if path is None:
            return rows
        return rows.filter(**{f"{path}__in": self._cities_with(request, self.change_role)})

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
        if isinstance(db_field, models.JSONField) and db_field.name in self.geojson_fields:
            kwargs["form_class"] = GeoJSONField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    # Saving through the services

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # The forms run the services' checks they can, but a service may still refuse (a rule
        # the form cannot see, a row changed meanwhile): its Persian sentence, never a 500, and
        # the admin's transaction leaves nothing half-written.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except JaheshError as error:
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

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

        Every admin that lets anybody add or change rows replaces this; there is no plain save to
        fall back on, so a new admin cannot write past the services by forgetting to.
        """
        raise NotImplementedError(
            f"{type(self).__name__} lets people write but names no service to write through."
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        raise NotImplementedError(
            f"{type(self).__name__} lets people delete but names no service to delete through."
        )

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)

    def save_related(
        self, request: HttpRequest, form: ModelForm[Any], formsets: Any, change: bool
    ) -> None:
        # The services set the many-to-many fields themselves (and record them in the history).
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def cleaned(self, form: ModelForm[Any], names: frozenset[str]) -> dict[str, Any]:
        return {k: v for k, v in form.cleaned_data.items() if k in names}


class ReadOnlyCityAdmin(CityScopedAdmin):
    """A city's rows to look up, for models whose writes happen on the staff pages' services."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


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
