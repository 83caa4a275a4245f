"""The staff back office for the registry: Persian, right to left, Jalali dates, one city per row.

``tenancy`` holds the base every app's model admins build on (``CityScopedAdmin``,
``ReadOnlyCityAdmin``); importing this package registers the registry's own admins.
"""

from __future__ import annotations

from jahesh.registry.admin import axes, ceremonies, cities, people, projects
from jahesh.registry.admin.tenancy import CityScopedAdmin, ReadOnlyCityAdmin, ServiceCheckedForm

__all__ = [
    "CityScopedAdmin",
    "ReadOnlyCityAdmin",
    "ServiceCheckedForm",
    "axes",
    "ceremonies",
    "cities",
    "people",
    "projects",
]
