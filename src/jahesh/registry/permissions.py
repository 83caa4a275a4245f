"""Who may do what in which city.

Roles form a ladder: each role may do everything the roles below it may, and more
(viewer < reporter < editor < planner < publisher < admin). An active superuser may do everything
everywhere. Every check is per city: a role in one city gives nothing in another.

Other apps ask through ``has_role``/``role_at_least`` or the named capabilities below
(``can_write_articles``, ``can_plan_waves``, ``can_publish`` …) instead of reading memberships.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from jahesh.registry.models import (
    Ceremony,
    Membership,
    Municipality,
    Official,
    Project,
    Role,
)

Actor: TypeAlias = User | AnonymousUser

ROLE_LADDER: tuple[Role, ...] = (
    Role.VIEWER,
    Role.REPORTER,
    Role.EDITOR,
    Role.PLANNER,
    Role.PUBLISHER,
    Role.ADMIN,
)


def is_superuser(user: Actor) -> bool:
    return bool(user.is_active and user.is_superuser)


def role_of(user: Actor, municipality: Municipality) -> Role | None:
    """Return the user's role in the city (ADMIN for a superuser), or None when they have none."""
    if not user.is_authenticated or not user.is_active:
        return None
    if is_superuser(user):
        return Role.ADMIN
    role = (
        Membership.objects.filter(user_id=user.pk, municipality_id=municipality.pk)
        .values_list("role", flat=True)
        .first()
    )
    return Role(role) if role else None


def roles_at_or_above(role: Role) -> tuple[Role, ...]:
    return ROLE_LADDER[ROLE_LADDER.index(role) :]


def role_meets(held: Role | str | None, minimum: Role) -> bool:
    """Tell whether a held role (None: no role) is ``minimum`` or one above it on the ladder."""
    return held is not None and held in roles_at_or_above(minimum)


def roles_by_city(user: Actor) -> dict[int, Role]:
    """Return the user's role in each city they belong to, in one query.

    Empty for an anonymous or inactive user, without a query (the admin's log-in page asks too,
    before the first migrate). A superuser's memberships are listed like anybody's; callers
    check ``is_superuser`` first.
    """
    if not (user.is_authenticated and user.is_active):
        return {}
    rows = Membership.objects.filter(user_id=user.pk).values_list("municipality_id", "role")
    return {city_id: Role(role) for city_id, role in rows}


def has_role(user: Actor, municipality: Municipality, *roles: Role | str) -> bool:
    """Tell whether the user holds one of ``roles`` in the city (a superuser holds them all)."""
    if is_superuser(user):
        return True
    role = role_of(user, municipality)
    return role is not None and role in roles


def role_at_least(user: Actor, municipality: Municipality, role: Role) -> bool:
    """Tell whether the user's role in the city is ``role`` or one above it on the ladder."""
    return has_role(user, municipality, *roles_at_or_above(role))


def municipality_ids_for(user: Actor, minimum: Role = Role.VIEWER) -> QuerySet[Membership, int]:
    """Ids of the cities where the user holds ``minimum`` or more, as a subquery (no query yet).

    Not meaningful for superusers, who reach every city; callers check ``is_superuser`` first.
    """
    return Membership.objects.filter(
        user_id=user.pk or 0, role__in=roles_at_or_above(minimum)
    ).values_list("municipality_id", flat=True)


def is_member(user: Actor, municipality: Municipality) -> bool:
    return role_of(user, municipality) is not None


# Cities


def can_create_municipality(user: Actor) -> bool:
    return is_superuser(user)


def can_change_municipality(user: Actor, municipality: Municipality) -> bool:
    return role_at_least(user, municipality, Role.ADMIN)


def can_manage_structure(user: Actor, municipality: Municipality) -> bool:
    """Create or change districts, units and sectors of the city."""
    return role_at_least(user, municipality, Role.ADMIN)


def can_manage_memberships(user: Actor, municipality: Municipality) -> bool:
    return role_at_least(user, municipality, Role.ADMIN)


# Projects, ceremonies, officials


def can_view_project(user: Actor, project: Project) -> bool:
    """Published projects of public cities are for everybody; the rest only for the city's staff."""
    municipality = project.municipality
    if project.is_public and municipality.is_public:
        return True
    return is_member(user, municipality)


def can_create_project(user: Actor, municipality: Municipality) -> bool:
    return role_at_least(user, municipality, Role.EDITOR)


def can_change_project(user: Actor, project: Project) -> bool:
    return role_at_least(user, project.municipality, Role.EDITOR)


def can_delete_project(user: Actor, project: Project) -> bool:
    # Deleting drops the project's ceremonies and their place in plans; only a city admin may.
    return role_at_least(user, project.municipality, Role.ADMIN)


def can_view_ceremony(user: Actor, ceremony: Ceremony) -> bool:
    return is_member(user, ceremony.municipality)


def can_create_ceremony(user: Actor, project: Project) -> bool:
    return can_change_project(user, project)


def can_change_ceremony(user: Actor, ceremony: Ceremony) -> bool:
    return role_at_least(user, ceremony.municipality, Role.EDITOR)


def can_manage_officials(user: Actor, municipality: Municipality) -> bool:
    return role_at_least(user, municipality, Role.EDITOR)


def can_change_official(user: Actor, official: Official) -> bool:
    return can_manage_officials(user, official.municipality)


# Capabilities other apps build on


def can_write_articles(user: Actor, municipality: Municipality) -> bool:
    return role_at_least(user, municipality, Role.REPORTER)


def can_approve_articles(user: Actor, municipality: Municipality) -> bool:
    return role_at_least(user, municipality, Role.EDITOR)


def can_plan_waves(user: Actor, municipality: Municipality) -> bool:
    return role_at_least(user, municipality, Role.PLANNER)


def can_publish(user: Actor, municipality: Municipality) -> bool:
    return role_at_least(user, municipality, Role.PUBLISHER)
