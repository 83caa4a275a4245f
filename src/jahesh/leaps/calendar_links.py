"""Signed calendar (iCalendar) links: what a token holds and when it stops opening a feed.

A token names the user's calendar key, the programme and the official, and carries a keyed
hash of what must stay the same for the link to keep working: the key's secret (the user can
replace it), the user's password hash (a password change, like Django's password-reset tokens,
ends every link) and the user's role in the city (losing or changing the role ends it; a role
given back later is a new membership row, so old links stay dead).
"""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from jahesh.leaps.models import CalendarKey, Programme
from jahesh.leaps.services.calendar import calendar_key_get_or_create
from jahesh.registry.models import Membership

ICS_SALT = "jahesh.leaps.agenda-ics.v2"


def _binding(key: CalendarKey, user: Any, municipality_id: int) -> str:
    roles = sorted(
        Membership.objects.filter(user=user, municipality_id=municipality_id).values_list(
            "pk", "role"
        )
    )
    value = f"{key.pk}|{key.secret}|{user.pk}|{user.password}|{user.is_active}|{roles}"
    return salted_hmac(ICS_SALT, value, algorithm="sha256").hexdigest()


def calendar_token(*, user: Any, programme: Programme, official_id: int) -> str:
    """Return the signed token of ``user``'s link to an official's agenda in ``programme``."""
    key = calendar_key_get_or_create(user=user)
    claims = {
        "k": key.pk,
        "p": programme.pk,
        "o": official_id,
        "h": _binding(key, user, programme.municipality_id),
    }
    return signing.dumps(claims, salt=ICS_SALT)


def calendar_token_claims(token: str) -> tuple[Any, dict[str, Any]] | None:
    """Return the user a token speaks for and its claims, or None if it is forged, malformed
    or its key has been replaced. The role and password are checked by ``calendar_token_holds``
    once the programme is known."""
    try:
        claims = signing.loads(token, salt=ICS_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(claims, dict) or not isinstance(claims.get("k"), int):
        return None
    key = (
        CalendarKey.objects.select_related("user")
        .filter(pk=claims["k"], revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if key is None:
        return None
    return key.user, claims | {"key": key}


def calendar_token_holds(
    *, user: Any, claims: dict[str, Any], programme: Programme, official_id: int
) -> bool:
    """Whether a token's programme, official, password and role are still those it was made for."""
    if claims.get("p") != programme.pk or claims.get("o") != official_id:
        return False
    expected = _binding(claims["key"], user, programme.municipality_id)
    return constant_time_compare(str(claims.get("h", "")), expected)
