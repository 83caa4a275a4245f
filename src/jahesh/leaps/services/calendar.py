"""The secret behind a person's calendar links: made when first needed, replaced on request."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from jahesh.core.errors import PermissionDeniedError, require
from jahesh.leaps.models import CalendarKey


@transaction.atomic
def calendar_key_get_or_create(*, user: Any) -> CalendarKey:
    """Return the user's live calendar key, making one the first time."""
    require(getattr(user, "is_authenticated", False), PermissionDeniedError())
    key = CalendarKey.objects.filter(user=user, revoked_at__isnull=True).first()
    if key is not None:
        return key
    try:
        # Two agenda pages opened at once may both get here; the constraint lets one win.
        with transaction.atomic():
            return CalendarKey.objects.create(user=user, secret=secrets.token_urlsafe(32))
    except IntegrityError:
        return CalendarKey.objects.get(user=user, revoked_at__isnull=True)


@transaction.atomic
def calendar_key_rotate(*, user: Any) -> CalendarKey:
    """Revoke every calendar link the user has handed out and make the key of new ones."""
    require(getattr(user, "is_authenticated", False), PermissionDeniedError())
    # Lock the user's keys so two clicks at once cannot leave two live keys.
    list(CalendarKey.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
    CalendarKey.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    return CalendarKey.objects.create(user=user, secret=secrets.token_urlsafe(32))
