"""Staff API tokens: made and revoked by a city admin, found by their prefix, checked by hash.

A token reads ``jhs_<prefix>_<secret>``. The prefix (10 characters) finds the row; the secret
(43 characters, 256 bits from ``secrets``) is never stored, only the SHA-256 of the whole token,
compared in constant time. Nobody can read a token back: it is shown once, when made.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import string
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from jahesh import persian
from jahesh.core.errors import PermissionDeniedError, ValidationError, require
from jahesh.opendata.models import ApiToken, TokenKind, TokenScope
from jahesh.registry import permissions as perms
from jahesh.registry import services as registry_services
from jahesh.registry.models import Municipality, Role
from jahesh.registry.validation import clean_choice, clean_text

TOKEN_START = "jhs_"
PREFIX_LENGTH = 10
_PREFIX_ALPHABET = string.ascii_lowercase + string.digits
MAX_DAYS = 730
DEFAULT_DAYS = 90
# How often a token's last use is written: reads must not each cost a write.
LAST_USED_EVERY = dt.timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A token just made: ``secret`` is the whole token, to be shown once and then forgotten."""

    token: ApiToken
    secret: str


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def can_manage_tokens(user: Any, municipality: Municipality) -> bool:
    """A city admin makes and revokes its tokens (as it grants its roles)."""
    return perms.can_manage_memberships(user, municipality)


def token_list_for(municipality: Municipality) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(municipality=municipality).select_related(
        "user", "created_by", "revoked_by"
    )


def _service_user(municipality: Municipality, prefix: str, scope: str, by: Any) -> Any:
    """The user a service token acts as: no password, a role in this one city only."""
    user = get_user_model().objects.create(username=f"api-{prefix}", is_active=True)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    role = Role.EDITOR if scope == TokenScope.WRITE else Role.VIEWER
    registry_services.membership_grant(by=by, user=user, municipality=municipality, role=role)
    # A service signs in nowhere but the API.
    user.is_staff = False
    user.save(update_fields=["is_staff"])
    return user


@transaction.atomic
def api_token_create(
    *,
    by: Any,
    municipality: Municipality,
    name: str,
    kind: str,
    scope: str,
    days: int = DEFAULT_DAYS,
    owner: Any = None,
    now: dt.datetime | None = None,
) -> IssuedToken:
    """Make a token of ``municipality``; a personal one acts as ``owner`` (by default ``by``),
    who must hold a role in the city."""
    require(can_manage_tokens(by, municipality), PermissionDeniedError())
    name = clean_text(name, "name", "نام کلید", max_length=120)
    kind = clean_choice(kind, TokenKind, "kind", "گونه کلید")
    scope = clean_choice(scope, TokenScope, "scope", "دسترسی کلید")
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_DAYS:
        raise ValidationError(
            persian.to_persian_digits(f"مدت اعتبار کلید باید میان ۱ و {MAX_DAYS} روز باشد."),
            field="days",
        )
    prefix = "".join(secrets.choice(_PREFIX_ALPHABET) for _ in range(PREFIX_LENGTH))
    secret = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
    if kind == TokenKind.PERSONAL:
        user = owner or by
        require(
            bool(user.is_authenticated and user.is_active and perms.is_member(user, municipality)),
            ValidationError("صاحب کلید شخصی باید در این شهرداری نقشی داشته باشد.", field="owner"),
        )
    else:
        user = _service_user(municipality, prefix, scope, by)
    now = now or timezone.now()
    token = ApiToken.objects.create(
        municipality=municipality,
        name=name,
        kind=kind,
        scope=scope,
        user=user,
        created_by=by if getattr(by, "pk", None) else None,
        prefix=prefix,
        secret_sha256=_digest(secret),
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    return IssuedToken(token=token, secret=secret)


@transaction.atomic
def api_token_revoke(*, by: Any, token: ApiToken, now: dt.datetime | None = None) -> ApiToken:
    """Revoke a token at once; a service token's own user loses its role in the city too."""
    require(can_manage_tokens(by, token.municipality), PermissionDeniedError())
    if token.revoked_at is not None:
        return token
    token.revoked_at = now or timezone.now()
    token.revoked_by = by if getattr(by, "pk", None) else None
    token.save(update_fields=["revoked_at", "revoked_by"])
    if token.kind == TokenKind.SERVICE:
        user = token.user
        user.is_active = False
        user.save(update_fields=["is_active"])
    return token


def api_token_authenticate(raw: str, *, now: dt.datetime | None = None) -> ApiToken | None:
    """The usable token ``raw`` names, or None; records when it was last used."""
    if not raw.startswith(TOKEN_START) or len(raw) > 200:
        return None
    prefix = raw[len(TOKEN_START) : len(TOKEN_START) + PREFIX_LENGTH]
    now = now or timezone.now()
    token = (
        ApiToken.objects.usable(now)
        .select_related("municipality", "user")
        .filter(prefix=prefix)
        .first()
    )
    if token is None or not hmac.compare_digest(token.secret_sha256, _digest(raw)):
        return None
    if not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
