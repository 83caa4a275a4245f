"""Every non-trivial read of the registry.

Staff selectors take the acting ``user`` and return only what that user may see; the ``public_``
selectors are for the public portal and return only published rows of public cities.
Each list joins what its callers show (district, unit, sectors) so a page costs a fixed number
of queries whatever its length.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TypeVar

from django.db.models import Model, Prefetch, Q, QuerySet

from jahesh import persian
from jahesh.core.errors import NotFoundError, PermissionDeniedError, require
from jahesh.registry import permissions as perms
from jahesh.registry.models import (
    Ceremony,
    District,
    Membership,
    Municipality,
    Official,
    Project,
    Role,
    Sector,
    Unit,
)
from jahesh.registry.permissions import Actor

_Row = TypeVar("_Row", bound=Model)


def municipality_list_for(user: Actor, *, minimum: Role = Role.VIEWER) -> QuerySet[Municipality]:
    """Cities where the user holds ``minimum`` or a higher role (every city for a superuser)."""
    cities = Municipality.objects.all()
    if perms.is_superuser(user):
        return cities
    if not user.is_authenticated:
        return cities.none()
    return cities.filter(pk__in=perms.municipality_ids_for(user, minimum))


def municipality_get(*, user: Actor, slug: str) -> Municipality:
    """The city with ``slug`` if the user is its member; NotFoundError otherwise.

    Outsiders get the same error as for a missing city, so slugs of private cities do not leak.
    """
    city = municipality_list_for(user).filter(slug=slug).first()
    if city is None:
        raise NotFoundError("شهرداری پیدا نشد.")
    return city


def public_municipality_list() -> QuerySet[Municipality]:
    return Municipality.objects.public()


def public_municipality_get(*, slug: str) -> Municipality:
    city = public_municipality_list().filter(slug=slug).first()
    if city is None:
        raise NotFoundError("شهرداری پیدا نشد.")
    return city


def membership_list(*, user: Actor, municipality: Municipality) -> QuerySet[Membership]:
    """Who holds which role in the city; for the city's admins."""
    require(perms.can_manage_memberships(user, municipality), PermissionDeniedError())
    return municipality.memberships.select_related("user").order_by("role", "user__username")


def district_list(*, user: Actor, municipality: Municipality) -> QuerySet[District]:
    _require_member(user, municipality)
    return municipality.districts.order_by("number")


def unit_list(*, user: Actor, municipality: Municipality) -> QuerySet[Unit]:
    _require_member(user, municipality)
    return municipality.units.order_by("name")


def sector_list(*, user: Actor, municipality: Municipality) -> QuerySet[Sector]:
    _require_member(user, municipality)
    return municipality.sectors.order_by("name")


def _require_member(user: Actor, municipality: Municipality) -> None:
    require(perms.is_member(user, municipality), PermissionDeniedError())


def _with_relations(projects: QuerySet[Project]) -> QuerySet[Project]:
    return projects.select_related("municipality", "district", "unit").prefetch_related(
        Prefetch("sectors", queryset=Sector.objects.order_by("name"))
    )


def _equal_or_among(
    rows: QuerySet[_Row], field: str, value: str | Iterable[str] | None
) -> QuerySet[_Row]:
    """Keep rows whose ``field`` is ``value`` (one code) or one of ``value`` (several)."""
    if value is None:
        return rows
    if isinstance(value, str):
        return rows.filter(**{field: value})
    return rows.filter(**{f"{field}__in": list(value)})


def _filtered(
    projects: QuerySet[Project],
    *,
    query: str = "",
    district: District | None = None,
    sector: Sector | None = None,
    status: str | Iterable[str] | None = None,
    unit: Unit | None = None,
    is_headline: bool | None = None,
) -> QuerySet[Project]:
    if query:
        # Every word must appear; search_text was built with the same key function.
        for word in persian.search_key(query).split():
            projects = projects.filter(search_text__contains=word)
    if district is not None:
        projects = projects.filter(district=district)
    if sector is not None:
        projects = projects.filter(sectors=sector)
    if unit is not None:
        projects = projects.filter(unit=unit)
    projects = _equal_or_among(projects, "status", status)
    if is_headline is not None:
        projects = projects.filter(is_headline=is_headline)
    return projects


def project_list(
    *,
    user: Actor,
    municipality: Municipality,
    query: str = "",
    district: District | None = None,
    sector: Sector | None = None,
    status: str | Iterable[str] | None = None,
    unit: Unit | None = None,
    is_headline: bool | None = None,
) -> QuerySet[Project]:
    """Projects of the city (published or not) for its staff, filtered, by code.

    ``query`` is free Persian text matched word by word against title, code, description,
    contractor, district, unit and sector names, whatever the spelling of ی/ک, digits or ZWNJ.
    """
    _require_member(user, municipality)
    projects = _filtered(
        Project.objects.filter(municipality=municipality),
        query=query,
        district=district,
        sector=sector,
        status=status,
        unit=unit,
        is_headline=is_headline,
    )
    return _with_relations(projects).order_by("code")


def project_get(
    *,
    user: Actor,
    municipality: Municipality,
    slug: str | None = None,
    code: str | None = None,
    pk: int | None = None,
) -> Project:
    """One project of the city by slug, code or id, if the user may see it.

    A project the user may not see raises NotFoundError, like a missing one.
    """
    lookup = Q(municipality=municipality)
    if slug is not None:
        lookup &= Q(slug=slug)
    if code is not None:
        lookup &= Q(code=persian.to_latin_digits(code.strip()))
    if pk is not None:
        lookup &= Q(pk=pk)
    require(
        any(v is not None for v in (slug, code, pk)),
        NotFoundError("پروژه‌ای خواسته نشد."),
    )
    project = _with_relations(Project.objects.filter(lookup)).first()
    if project is None or not perms.can_view_project(user, project):
        raise NotFoundError("پروژه پیدا نشد.")
    return project


def public_project_list(
    municipality: Municipality,
    *,
    query: str = "",
    district: District | None = None,
    sector: Sector | None = None,
    status: str | Iterable[str] | None = None,
    is_headline: bool | None = None,
) -> QuerySet[Project]:
    """Published projects of a public city, for the portal and open data (no user needed)."""
    projects: QuerySet[Project] = Project.objects.public().filter(municipality=municipality)
    projects = _filtered(
        projects,
        query=query,
        district=district,
        sector=sector,
        status=status,
        is_headline=is_headline,
    )
    return _with_relations(projects).order_by("code")


def public_project_get(municipality: Municipality, *, slug: str) -> Project:
    project = public_project_list(municipality).filter(slug=slug).first()
    if project is None:
        raise NotFoundError("پروژه پیدا نشد.")
    return project


def ceremony_list(
    *,
    user: Actor,
    municipality: Municipality,
    kind: str | None = None,
    status: str | Iterable[str] | None = None,
    readiness: str | Iterable[str] | None = None,
    ready_by: dt.date | None = None,
    district: District | None = None,
) -> QuerySet[Ceremony]:
    """Ceremonies of the city for its staff, by ready-from date.

    ``ready_by`` keeps those ready on that day at the latest and not past their latest date.
    """
    _require_member(user, municipality)
    ceremonies: QuerySet[Ceremony] = Ceremony.objects.filter(municipality=municipality)
    if kind is not None:
        ceremonies = ceremonies.filter(kind=kind)
    ceremonies = _equal_or_among(ceremonies, "status", status)
    ceremonies = _equal_or_among(ceremonies, "readiness", readiness)
    if ready_by is not None:
        ceremonies = ceremonies.filter(ready_from__lte=ready_by).filter(
            Q(latest_date__isnull=True) | Q(latest_date__gte=ready_by)
        )
    if district is not None:
        ceremonies = ceremonies.filter(project__district=district)
    return (
        ceremonies.select_related("municipality", "project", "project__district", "project__unit")
        .prefetch_related("officials_requested")
        .order_by("ready_from", "pk")
    )


def ceremony_get(*, user: Actor, pk: int) -> Ceremony:
    ceremony = (
        Ceremony.objects.select_related("municipality", "project", "project__district")
        .prefetch_related("officials_requested")
        .filter(pk=pk)
        .first()
    )
    if ceremony is None or not perms.can_view_ceremony(user, ceremony):
        raise NotFoundError("آیین پیدا نشد.")
    return ceremony


def official_list(
    *, user: Actor, municipality: Municipality, active_only: bool = True
) -> QuerySet[Official]:
    """Officials of the city, most senior first."""
    _require_member(user, municipality)
    officials = municipality.officials.all()
    if active_only:
        officials = officials.filter(is_active=True)
    return officials.order_by("-rank", "name")
