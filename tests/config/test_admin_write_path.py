"""Every model admin either writes through its app's named services or writes nothing.

Each registered admin is listed below as service-saving (with the services it must call), read-only
or third-party (with the reason it may stay as it is). An admin added without being listed fails
here; a listed one is exercised: for every write a superuser may make (add, change, delete), the
named service is called and the row's own ``save``/``delete`` never are.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import models
from django.test import RequestFactory


@dataclass(frozen=True)
class WritePath:
    services: str  # the module the admin calls its services through
    add: str
    change: str
    delete: str | None = None  # None: the admin must not let anybody delete


REGISTRY = "jahesh.registry.services"
NEWSROOM = "jahesh.newsroom.services"

WRITE_PATHS: dict[str, WritePath] = {
    "registry.Municipality": WritePath(REGISTRY, "municipality_create", "municipality_update"),
    "registry.District": WritePath(REGISTRY, "district_create", "district_update"),
    "registry.Unit": WritePath(REGISTRY, "unit_create", "unit_update"),
    "registry.Sector": WritePath(REGISTRY, "sector_create", "sector_update"),
    "registry.Project": WritePath(REGISTRY, "project_create", "project_update", "project_delete"),
    "registry.Ceremony": WritePath(REGISTRY, "ceremony_create", "ceremony_update"),
    "registry.Official": WritePath(REGISTRY, "official_create", "official_update"),
    "registry.Membership": WritePath(
        REGISTRY, "membership_grant", "membership_grant", "membership_revoke"
    ),
    "newsroom.Article": WritePath(NEWSROOM, "article_create", "article_update"),
    "newsroom.Channel": WritePath(NEWSROOM, "channel_create", "channel_update"),
}

READ_ONLY: set[str] = {
    "leaps.Programme",
    "leaps.Wave",
    "leaps.Plan",
    "leaps.PlanRun",
    "newsroom.Publication",
    "newsroom.Dispatch",
    # The audit log is append-only; a city's policy is switched on the staff page (policy_set);
    # a person's devices are only reset, by an action that calls devices_reset.
    "core.AuditEvent",
    "core.CitySecurityPolicy",
    "core.TwoFactorDevice",
    # django-axes' logs of sign-ins and of failed ones (registry/admin/axes.py).
    "axes.AccessLog",
    "axes.AccessFailureLog",
}

THIRD_PARTY: dict[str, str] = {
    "auth.User": "Django's own accounts admin: passwords are hashed by Django's forms, and only a "
    "superuser (or a holder of Django's model permissions) reaches it; roles in cities are "
    "memberships, granted through membership_grant",
    "auth.Group": "Django's own; Jahesh grants nothing through groups (roles are memberships)",
    "axes.AccessAttempt": "django-axes' lock-out records (shown by registry/admin/axes.py): read, "
    "and deleted by a holder of the delete permission to lift a lock-out, as django-axes intends",
}


def registered() -> dict[str, Any]:
    return {model._meta.label: model_admin for model, model_admin in admin.site._registry.items()}


def superuser_request() -> Any:
    request = RequestFactory().post("/")
    request.user = User(username="root", is_superuser=True, is_active=True, is_staff=True)
    return request


class AnyData(dict[str, Any]):
    """Cleaned data that has every field: the services are stand-ins, so values do not matter."""

    def __missing__(self, key: str) -> Any:
        return mock.sentinel.value


def test_every_registered_admin_is_listed_here_as_service_saving_read_only_or_third_party():
    listed = set(WRITE_PATHS) | READ_ONLY | set(THIRD_PARTY)
    assert set(registered()) == listed
    assert not set(WRITE_PATHS) & READ_ONLY


@pytest.mark.parametrize("label", sorted(READ_ONLY))
def test_a_read_only_admin_lets_not_even_a_superuser_write(label):
    model_admin = registered()[label]
    request = superuser_request()
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


@pytest.mark.parametrize("label", sorted(set(registered()) - set(THIRD_PARTY)))
def test_no_inline_of_our_admins_writes_rows_past_the_services(label):
    model_admin = registered()[label]
    request = superuser_request()
    for inline in model_admin.get_inline_instances(request):
        assert not inline.has_add_permission(request, None), inline
        assert not inline.has_change_permission(request, None), inline
        assert not inline.has_delete_permission(request, None), inline


def _patched(path: WritePath) -> dict[str, mock.MagicMock]:
    module = importlib.import_module(path.services)
    names = {path.add, path.change, *([path.delete] if path.delete else [])}
    return {name: mock.MagicMock(name=name) for name in names if hasattr(module, name)}


@pytest.mark.parametrize("label", sorted(WRITE_PATHS))
def test_every_write_a_superuser_may_make_in_the_admin_goes_through_the_named_service(label):
    model_admin = registered()[label]
    model: type[models.Model] = model_admin.model
    path = WRITE_PATHS[label]
    services = importlib.import_module(path.services)
    stand_ins = _patched(path)
    assert set(stand_ins) == {path.add, path.change} | ({path.delete} if path.delete else set())
    for stand_in in stand_ins.values():
        stand_in.return_value = model()
    request = superuser_request()
    row = mock.MagicMock(name="row", pk=1)
    form = SimpleNamespace(cleaned_data=AnyData())
    stored = mock.MagicMock(get=mock.MagicMock(return_value=row))

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"{label} wrote a row past its services")

    with (
        mock.patch.multiple(services, **stand_ins),
        mock.patch.object(model, "objects", stored),
        mock.patch.object(models.Model, "save", refuse),
        mock.patch.object(models.Model, "delete", refuse),
    ):
        assert model_admin.has_add_permission(request), "a writable admin that adds nothing"
        model_admin.save_model(request, row, form, False)
        stand_ins[path.add].assert_called_once()
        assert stand_ins[path.add].call_args.kwargs["by"] is request.user
        stand_ins[path.add].reset_mock()

        assert model_admin.has_change_permission(request)
        model_admin.save_model(request, row, form, True)
        stand_ins[path.change].assert_called_once()
        assert stand_ins[path.change].call_args.kwargs["by"] is request.user

        if model_admin.has_delete_permission(request):
            assert path.delete, f"{label} lets a superuser delete with no service named here"
            model_admin.delete_model(request, row)
            stand_ins[path.delete].assert_called_once()
            stand_ins[path.delete].reset_mock()
            rows = mock.MagicMock(name="rows")
            rows.__iter__.return_value = iter([row])
            rows.select_related.return_value = [row]
            model_admin.delete_queryset(request, rows)
            stand_ins[path.delete].assert_called_once()
        else:
            assert path.delete is None, f"{label} names {path.delete} but deletes nothing"
    row.save.assert_not_called()
    row.delete.assert_not_called()
