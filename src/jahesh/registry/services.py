"""Every write to the registry.

Each service takes keyword arguments only, the acting user first (``by``), checks what that user
may do in the city, normalises Persian text on the way in, validates, and writes in one transaction.
Bad input raises ``ValidationError`` with a Persian sentence and the offending ``field``; a user
without the right role gets ``PermissionDeniedError``. Projects and ceremonies keep their history
(django-simple-history) with ``by`` as the author.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import models, transaction

from jahesh import persian
from jahesh.core import audit
from jahesh.core.errors import PermissionDeniedError, ValidationError, require
from jahesh.core.history import acting_user
from jahesh.registry import permissions as perms
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
    SectorCode,
    Unit,
    UnitKind,
)
from jahesh.registry.permissions import Actor
from jahesh.registry.validation import (
    CEREMONY_FIELDS,
    MUNICIPALITY_FIELDS,
    OFFICIAL_FIELDS,
    PROJECT_FIELDS,
    ceremony_clean_fields,
    clean_choice,
    clean_code,
    clean_integer,
    clean_text,
    municipality_clean_fields,
    official_clean_fields,
    project_clean_fields,
    reject_unknown,
)

# The rules are re-exported: callers that prepare rows in bulk (the importer) check with them.
__all__ = [
    "CEREMONY_FIELDS",
    "MUNICIPALITY_FIELDS",
    "OFFICIAL_FIELDS",
    "PROJECT_FIELDS",
    "SYSTEM_USERNAME",
    "ceremony_clean_fields",
    "ceremony_create",
    "ceremony_set_readiness",
    "ceremony_update",
    "district_create",
    "district_update",
    "membership_grant",
    "membership_revoke",
    "municipality_create",
    "municipality_update",
    "official_create",
    "official_update",
    "project_clean_fields",
    "project_create",
    "project_delete",
    "project_update",
    "sector_create",
    "sector_update",
    "system_actor_ensure",
    "unit_create",
    "unit_update",
]

SYSTEM_USERNAME = "jahesh-system"

# History and derived fields


def _recorded(row: models.Model, by: Actor, reason: str, *, delete: bool = False) -> None:
    """Save (or delete) ``row`` with ``by`` and ``reason`` in its history."""
    with acting_user(row, by, reason):
        if delete:
            audit.deletion_record(by=by, row=row)
            row.delete()
        else:
            row.save()


def project_search_text(project: Project, sector_names: Iterable[str]) -> str:
    """Return the search key stored with a project (title, code, places, sectors)."""
    parts = [
        project.title,
        project.code,
        project.description,
        project.contractor,
        project.district.name if project.district else "",
        project.unit.name if project.unit else "",
        *sector_names,
    ]
    return persian.search_key(" ".join(part for part in parts if part))


def project_slug_base(title: str, code: str) -> str:
    """Return the slug a project's title asks for, before any number that makes it unique."""
    base = persian.slugify_fa(title)[:180].strip("-") or persian.slugify_fa(code)[:180]
    return base or "project"


def _project_slug(municipality: Municipality, title: str, code: str, exclude_pk: int | None) -> str:
    """Return a slug from the title that no other project of the city uses."""
    base = project_slug_base(title, code)
    taken_rows = Project.objects.filter(municipality=municipality, slug__startswith=base)
    if exclude_pk is not None:
        taken_rows = taken_rows.exclude(pk=exclude_pk)
    taken = set(taken_rows.values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _changed_names(names: Iterable[str]) -> str:
    return "، ".join(sorted(names))


# Cities and their structure


@transaction.atomic
def system_actor_ensure() -> User:
    """Return the account that acts for the operator in commands (demo, imports).

    It is a superuser without a usable password, so nobody can sign in as it.
    """
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"is_superuser": True, "is_staff": False, "is_active": True},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def municipality_create(
    *,
    by: Actor,
    slug: str,
    name: str,
    city_name: str,
    center_latitude: Decimal | float | str,
    center_longitude: Decimal | float | str,
    **fields: Any,
) -> Municipality:
    """Create a city (a tenant). Only a superuser may. Other fields: ``MUNICIPALITY_FIELDS``."""
    require(perms.can_create_municipality(by), PermissionDeniedError())
    reject_unknown(fields, MUNICIPALITY_FIELDS)
    slug = slug.strip().lower()
    require(bool(slug), ValidationError("نامک شهرداری را بنویسید.", field="slug"))
    require(
        not Municipality.objects.filter(slug=slug).exists(),
        ValidationError(f"شهرداری‌ای با نامک «{slug}» هست.", field="slug"),
    )
    clean = municipality_clean_fields(
        {
            "name": name,
            "city_name": city_name,
            "center_latitude": center_latitude,
            "center_longitude": center_longitude,
            **fields,
        }
    )
    return Municipality.objects.create(slug=slug, **clean)


@transaction.atomic
def municipality_update(*, by: Actor, municipality: Municipality, **changes: Any) -> Municipality:
    """Change a city's settings; a city admin may."""
    require(perms.can_change_municipality(by, municipality), PermissionDeniedError())
    reject_unknown(changes, MUNICIPALITY_FIELDS)
    for name, value in municipality_clean_fields(changes).items():
        setattr(municipality, name, value)
    municipality.save()
    return municipality


@transaction.atomic
def district_create(*, by: Actor, municipality: Municipality, number: int, name: str) -> District:
    """Add a numbered district to a city; a city admin may."""
    require(perms.can_manage_structure(by, municipality), PermissionDeniedError())
    number = clean_integer(number, "number", "شماره منطقه", low=1, high=999)
    require(
        not municipality.districts.filter(number=number).exists(),
        ValidationError("منطقه‌ای با این شماره در این شهر هست.", field="number"),
    )
    return District.objects.create(
        municipality=municipality,
        number=number,
        name=clean_text(name, "name", "نام منطقه", max_length=80),
    )


@transaction.atomic
def district_update(
    *, by: Actor, district: District, number: int | None = None, name: str | None = None
) -> District:
    """Renumber or rename a district; its projects' search text follows the new name."""
    require(perms.can_manage_structure(by, district.municipality), PermissionDeniedError())
    if number is not None:
        number = clean_integer(number, "number", "شماره منطقه", low=1, high=999)
        clash = District.objects.filter(municipality_id=district.municipality_id, number=number)
        require(
            not clash.exclude(pk=district.pk).exists(),
            ValidationError("منطقه‌ای با این شماره در این شهر هست.", field="number"),
        )
        district.number = number
    renamed = False
    if name is not None:
        new_name = clean_text(name, "name", "نام منطقه", max_length=80)
        renamed = new_name != district.name
        district.name = new_name
    district.save()
    if renamed:
        _refresh_search_text(Project.objects.filter(district=district))
    return district


def _refresh_search_text(projects: models.QuerySet[Project]) -> None:
    rows = list(projects.select_related("district", "unit").prefetch_related("sectors"))
    for project in rows:
        project.search_text = project_search_text(project, (s.name for s in project.sectors.all()))
    # search_text is left out of the history on purpose, so a bulk update loses nothing.
    Project.objects.bulk_update(rows, ["search_text"], batch_size=500)


@transaction.atomic
def unit_create(*, by: Actor, municipality: Municipality, code: str, name: str, kind: str) -> Unit:
    """Add an executing unit (deputy office, organisation …) to a city; a city admin may."""
    require(perms.can_manage_structure(by, municipality), PermissionDeniedError())
    code = clean_code(code, "code", "کد واحد", max_length=30)
    require(
        not municipality.units.filter(code=code).exists(),
        ValidationError(f"واحدی با کد «{code}» در این شهر هست.", field="code"),
    )
    return Unit.objects.create(
        municipality=municipality,
        code=code,
        name=clean_text(name, "name", "نام واحد", max_length=160),
        kind=clean_choice(kind, UnitKind, "kind", "نوع واحد"),
    )


@transaction.atomic
def unit_update(*, by: Actor, unit: Unit, name: str | None = None, kind: str | None = None) -> Unit:
    """Rename a unit or change its kind (its code stays: imports find it by code)."""
    require(perms.can_manage_structure(by, unit.municipality), PermissionDeniedError())
    if name is not None:
        unit.name = clean_text(name, "name", "نام واحد", max_length=160)
    if kind is not None:
        unit.kind = clean_choice(kind, UnitKind, "kind", "نوع واحد")
    unit.save()
    if name is not None:
        _refresh_search_text(Project.objects.filter(unit=unit))
    return unit


@transaction.atomic
def sector_create(
    *, by: Actor, municipality: Municipality, code: str, name: str, oc4ids_code: str
) -> Sector:
    """Add a sector to a city, mapped to an OC4IDS ``projectSector`` code; a city admin may."""
    require(perms.can_manage_structure(by, municipality), PermissionDeniedError())
    code = clean_code(code, "code", "کد حوزه", max_length=40)
    require(
        not municipality.sectors.filter(code=code).exists(),
        ValidationError(f"حوزه‌ای با کد «{code}» در این شهر هست.", field="code"),
    )
    return Sector.objects.create(
        municipality=municipality,
        code=code,
        name=clean_text(name, "name", "نام حوزه", max_length=120),
        oc4ids_code=clean_choice(oc4ids_code, SectorCode, "oc4ids_code", "کد OC4IDS"),
    )


@transaction.atomic
def sector_update(
    *, by: Actor, sector: Sector, name: str | None = None, oc4ids_code: str | None = None
) -> Sector:
    """Rename a sector or remap it to another OC4IDS code (its code stays)."""
    require(perms.can_manage_structure(by, sector.municipality), PermissionDeniedError())
    if name is not None:
        sector.name = clean_text(name, "name", "نام حوزه", max_length=120)
    if oc4ids_code is not None:
        sector.oc4ids_code = clean_choice(oc4ids_code, SectorCode, "oc4ids_code", "کد OC4IDS")
    sector.save()
    if name is not None:
        _refresh_search_text(Project.objects.filter(sectors=sector))
    return sector


# Projects


@transaction.atomic
def project_create(*, by: Actor, municipality: Municipality, **fields: Any) -> Project:
    """Create a project of ``municipality``; an editor or above of that city may.

    ``fields`` are model field names from ``PROJECT_FIELDS``: ``code`` and ``title`` are required;
    ``sectors`` is a list of the city's ``Sector`` rows; ``district``/``unit`` are rows of the same
    city or None; ``credit_rial`` is an int ≥ 0; ``physical_progress_pct`` an int 0–100; dates are
    ``datetime.date``; ``latitude``/``longitude`` come together (Decimal, float or str).
    The slug and the search text are computed here.
    """
    require(perms.can_create_project(by, municipality), PermissionDeniedError())
    for required in ("code", "title"):
        fields.setdefault(required, "")
    clean = project_clean_fields(municipality=municipality, fields=fields)
    sectors: list[Sector] = clean.pop("sectors", [])
    project = Project(municipality=municipality, **clean)
    project.slug = _project_slug(municipality, project.title, project.code, None)
    project.search_text = project_search_text(project, (s.name for s in sectors))
    _recorded(project, by, "ایجاد")
    if sectors:
        project.sectors.set(sectors)
    return project


@transaction.atomic
def project_update(*, by: Actor, project: Project, **changes: Any) -> Project:
    """Change some fields of a project (same names and rules as ``project_create``).

    A new title gives a new slug. Only fields whose value really changes are written; the
    history records their names as the reason. Once the project has progress updates, a
    ``physical_progress_pct`` other than the latest update's is refused (``registry.progress``).
    """
    require(perms.can_change_project(by, project), PermissionDeniedError())
    clean = project_clean_fields(municipality=project.municipality, fields=changes, project=project)
    if "physical_progress_pct" in clean:
        # Here, below every caller, so no write path can type over the progress updates. Imported
        # late: ``registry.progress`` writes through this module.
        from jahesh.registry.progress import progress_latest_by_project, progress_typed_check

        progress_typed_check(
            typed_pct=clean["physical_progress_pct"],
            latest=progress_latest_by_project([project.pk]).get(project.pk),
        )
    sectors: list[Sector] | None = clean.pop("sectors", None)
    changed = {name for name, value in clean.items() if getattr(project, name) != value}
    for name in changed:
        setattr(project, name, clean[name])
    if sectors is not None:
        current_ids = set(project.sectors.values_list("pk", flat=True))
        if current_ids != {s.pk for s in sectors}:
            changed.add("sectors")
            project.sectors.set(sectors)
    if not changed:
        return project
    if "title" in changed:
        project.slug = _project_slug(project.municipality, project.title, project.code, project.pk)
    sector_names = (s.name for s in (sectors if sectors is not None else project.sectors.all()))
    project.search_text = project_search_text(project, sector_names)
    _recorded(project, by, f"ویرایش: {_changed_names(changed)}")
    return project


@transaction.atomic
def project_delete(*, by: Actor, project: Project) -> None:
    """Delete a project and its ceremonies; a city admin may. The history keeps a record."""
    require(perms.can_delete_project(by, project), PermissionDeniedError())
    for ceremony in project.ceremonies.all():
        _recorded(ceremony, by, "حذف همراه پروژه", delete=True)
    _recorded(project, by, "حذف", delete=True)


# Ceremonies


@transaction.atomic
def ceremony_create(
    *,
    by: Actor,
    project: Project,
    kind: str,
    ready_from: dt.date,
    latest_date: dt.date | None = None,
    **fields: Any,
) -> Ceremony:
    """Propose a ceremony (groundbreaking, commissioning or inauguration) for a project.

    Other fields: ``CEREMONY_FIELDS`` (``officials_requested`` is a list of the city's officials).
    ``ready_from`` ≤ ``latest_date`` when both are given. An editor or above of the city may.
    """
    require(perms.can_create_ceremony(by, project), PermissionDeniedError())
    municipality = project.municipality
    clean = ceremony_clean_fields(
        municipality=municipality,
        fields={"kind": kind, "ready_from": ready_from, "latest_date": latest_date, **fields},
    )
    officials: list[Official] = clean.pop("officials_requested", [])
    ceremony = Ceremony(municipality=municipality, project=project, **clean)
    _recorded(ceremony, by, "ایجاد")
    if officials:
        ceremony.officials_requested.set(officials)
    return ceremony


@transaction.atomic
def ceremony_update(*, by: Actor, ceremony: Ceremony, **changes: Any) -> Ceremony:
    """Change some fields of a ceremony (names from ``CEREMONY_FIELDS``); an editor or above may."""
    require(perms.can_change_ceremony(by, ceremony), PermissionDeniedError())
    clean = ceremony_clean_fields(
        municipality=ceremony.municipality, fields=changes, ceremony=ceremony
    )
    officials: list[Official] | None = clean.pop("officials_requested", None)
    changed = {name for name, value in clean.items() if getattr(ceremony, name) != value}
    for name in changed:
        setattr(ceremony, name, clean[name])
    if officials is not None:
        current_ids = set(ceremony.officials_requested.values_list("pk", flat=True))
        if current_ids != {o.pk for o in officials}:
            changed.add("officials_requested")
            ceremony.officials_requested.set(officials)
    if changed:
        _recorded(ceremony, by, f"ویرایش: {_changed_names(changed)}")
    return ceremony


@transaction.atomic
def ceremony_set_readiness(*, by: Actor, ceremony: Ceremony, readiness: str) -> Ceremony:
    """Record how ready a ceremony is (what district offices report week by week)."""
    require(perms.can_change_ceremony(by, ceremony), PermissionDeniedError())
    readiness = clean_choice(readiness, Readiness, "readiness", "آمادگی")
    if ceremony.readiness != readiness:
        ceremony.readiness = readiness
        _recorded(ceremony, by, f"آمادگی: {Readiness(readiness).label}")
    return ceremony


# Officials


@transaction.atomic
def official_create(
    *, by: Actor, municipality: Municipality, name: str, position: str, kind: str, **fields: Any
) -> Official:
    """Add an official (mayor, deputy, governor …) whose presence ceremonies may ask for."""
    require(perms.can_manage_officials(by, municipality), PermissionDeniedError())
    clean = official_clean_fields({"name": name, "position": position, "kind": kind, **fields})
    return Official.objects.create(municipality=municipality, **clean)


@transaction.atomic
def official_update(*, by: Actor, official: Official, **changes: Any) -> Official:
    """Change some fields of an official (names from ``OFFICIAL_FIELDS``)."""
    require(perms.can_change_official(by, official), PermissionDeniedError())
    for name, value in official_clean_fields(changes).items():
        setattr(official, name, value)
    official.save()
    return official


# Memberships


@transaction.atomic
def membership_grant(*, by: Actor, user: User, municipality: Municipality, role: str) -> Membership:
    """Give ``user`` a role in the city (replacing any role they had there); a city admin may.

    The user becomes staff, so that they can sign in to the back office.
    """
    require(perms.can_manage_memberships(by, municipality), PermissionDeniedError())
    role = clean_choice(role, Role, "role", "نقش")
    audit.role_change_record(by=by, user=user, city=municipality, role=Role(role))
    membership, _ = Membership.objects.update_or_create(
        user=user, municipality=municipality, defaults={"role": role}
    )
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return membership


@transaction.atomic
def membership_revoke(*, by: Actor, membership: Membership) -> None:
    """Take a user's role in a city away; a user left with no city stops being staff."""
    require(perms.can_manage_memberships(by, membership.municipality), PermissionDeniedError())
    user = membership.user
    audit.role_change_record(by=by, user=user, city=membership.municipality, role=None)
    membership.delete()
    if (
        not user.is_superuser
        and user.is_staff
        and not Membership.objects.filter(user=user).exists()
    ):
        user.is_staff = False
        user.save(update_fields=["is_staff"])
