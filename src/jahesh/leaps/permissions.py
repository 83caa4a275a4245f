"""Who may read and change a city's programmes, waves, occasions and plans.

Every member of a city reads its plans; its planners, and the roles above planner on the city's
role ladder (publisher, admin), change them. Nobody changes another city's plans.
"""

from __future__ import annotations

from typing import Any

from jahesh.leaps.models import Plan, Programme, Wave
from jahesh.registry import permissions as registry_permissions
from jahesh.registry.models import Municipality


def can_view_plans(user: Any, municipality: Municipality) -> bool:
    return registry_permissions.is_member(user, municipality)


def can_change_plans(user: Any, municipality: Municipality) -> bool:
    return registry_permissions.can_plan_waves(user, municipality)


def can_view_programme(user: Any, programme: Programme) -> bool:
    return can_view_plans(user, programme.municipality)


def can_change_programme(user: Any, programme: Programme) -> bool:
    return can_change_plans(user, programme.municipality)


def can_change_wave(user: Any, wave: Wave) -> bool:
    """Whether ``user`` may change ``wave`` now; announced waves need an explicit unlock first."""
    return can_change_plans(user, wave.programme.municipality) and not wave.is_frozen


def can_announce_wave(user: Any, wave: Wave) -> bool:
    return can_change_plans(user, wave.programme.municipality)


def can_unlock_wave(user: Any, wave: Wave) -> bool:
    return can_change_plans(user, wave.programme.municipality)


def can_change_plan(user: Any, plan: Plan) -> bool:
    return can_change_plans(user, plan.municipality)


def can_view_plan(user: Any, plan: Plan) -> bool:
    return can_view_plans(user, plan.municipality)


def can_change_occasions(user: Any, municipality: Municipality) -> bool:
    return can_change_plans(user, municipality)
