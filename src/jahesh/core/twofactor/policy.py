"""Who must pass a second step at sign-in, and each city's switch.

A person who has set up an authenticator always passes the second step. A person who has not
must set one up first when a city that requires it has them as publisher or admin (a superuser
acts as admin of every city, so any city's requirement reaches them). The answer is kept in the
session and asked again after ``RECHECK_SECONDS``, so a city turning the requirement on reaches
people already signed in within a minute, without a query on every page.
"""

from __future__ import annotations

import time
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django_otp import user_has_device

from jahesh.core import audit, cities
from jahesh.core.errors import PermissionDeniedError, require
from jahesh.core.models import AuditKind, CitySecurityPolicy

SESSION_KEY = "jahesh_two_factor"
RECHECK_SECONDS = 60


class Need(StrEnum):
    NOTHING = ""
    VERIFY = "verify"
    ENROL = "enrol"


def city_requires(city_id: int) -> bool:
    return CitySecurityPolicy.objects.filter(city_id=city_id, require_two_factor=True).exists()


def is_required(user: Any) -> bool:
    """Tell whether a city requires a second step of this user (a publisher or admin there)."""
    if not (user.is_authenticated and user.is_active):
        return False
    requiring = CitySecurityPolicy.objects.filter(require_two_factor=True)
    if user.is_superuser:
        return requiring.exists()
    held = cities.roles_by_city(user)
    city_ids = [c for c, role in held.items() if role in cities.TWO_FACTOR_ROLES]
    return bool(city_ids) and requiring.filter(city_id__in=city_ids).exists()


def need_of(user: Any) -> Need:
    if not user.is_authenticated:
        return Need.NOTHING
    if user_has_device(user, confirmed=True):
        return Need.VERIFY
    return Need.ENROL if is_required(user) else Need.NOTHING


def session_need(request: HttpRequest, *, fresh: bool = False) -> Need:
    """What the signed-in person still has to do, from the session when it was asked lately."""
    kept = request.session.get(SESSION_KEY)
    now = time.time()
    if (
        not fresh
        and isinstance(kept, dict)
        and kept.get("user") == request.user.pk
        and now - float(kept.get("at", 0)) < RECHECK_SECONDS
    ):
        return Need(kept.get("need", ""))
    need = need_of(request.user)
    request.session[SESSION_KEY] = {"user": request.user.pk, "need": str(need), "at": now}
    return need


def on_signed_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.user = user
        session_need(request, fresh=True)


@transaction.atomic
def policy_set(*, by: Any, city: Any, require_two_factor: bool) -> CitySecurityPolicy:
    """Turn a city's two-factor requirement on or off; the city's admin (or a superuser) may."""
    require(int(city.pk) in cities.admin_city_ids(by), PermissionDeniedError())
    policy, _ = CitySecurityPolicy.objects.select_for_update().get_or_create(city_id=city.pk)
    if policy.require_two_factor != require_two_factor:
        policy.require_two_factor = require_two_factor
        policy.changed_by_username = by.get_username()
        policy.save()
        state = "الزامی شد" if require_two_factor else "اختیاری شد"
        audit.event_record(
            kind=AuditKind.POLICY_CHANGED,
            summary=f"ورود دومرحله‌ای برای مدیران و ناشران {city} {state}.",
            actor=by,
            city=city,
        )
    return policy
