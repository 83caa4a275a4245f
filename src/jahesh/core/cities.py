"""What core's security pages need to know about cities and roles, learnt through settings.

Core is the bottom layer and imports no app above it (the import contract in pyproject.toml), yet
the two-factor policy and the audit log are per city. The settings name the registry's model and
function (``JAHESH_CITY_MODEL``, ``JAHESH_CITY_ROLES``), as ``AUTH_USER_MODEL`` names the user
model: the project wires the layers together, core stays below them
(docs/adr/0008-security-in-core.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.module_loading import import_string

# The registry's role values (registry.models.Role) core's rules speak of; a test keeps them equal.
ADMIN_ROLE = "admin"
PUBLISHER_ROLE = "publisher"
# Roles a city's two-factor requirement applies to: those who publish and those who grant roles.
TWO_FACTOR_ROLES = frozenset({PUBLISHER_ROLE, ADMIN_ROLE})


def city_model() -> type[models.Model]:
    return apps.get_model(settings.JAHESH_CITY_MODEL)


@cache
def _roles_function() -> Callable[[Any], dict[int, str]]:
    found: Callable[[Any], dict[int, str]] = import_string(settings.JAHESH_CITY_ROLES)
    return found


def roles_by_city(user: Any) -> dict[int, str]:
    """The user's role in each city they belong to (one query; empty for anonymous users).

    The roles are the registry's choices: strings that also carry their Persian ``label``.
    """
    return _roles_function()(user)


def role_label(role: str | None) -> str:
    """A role's Persian name, as its choice carries it ('بدون نقش' for none)."""
    if role is None:
        return "بدون نقش"
    return str(getattr(role, "label", role))


def city_names(city_ids: Iterable[int]) -> dict[int, str]:
    ids = set(city_ids)
    if not ids:
        return {}
    return {row.pk: str(row) for row in city_model()._default_manager.filter(pk__in=ids)}


def admin_city_ids(user: Any) -> list[int]:
    """Cities whose security pages the user may read: every city for an active superuser."""
    if not (user.is_authenticated and user.is_active):
        return []
    if user.is_superuser:
        return list(city_model()._default_manager.values_list("pk", flat=True))
    return sorted(c for c, role in roles_by_city(user).items() if role == ADMIN_ROLE)
