"""Personal calendar feeds: a secret address per person and committee, issued and revoked."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from jahesh.committee import permissions
from jahesh.committee.errors import CommitteeNotFoundError
from jahesh.committee.models import CalendarFeed, Committee
from jahesh.core.errors import PermissionDeniedError, require


@transaction.atomic
def calendar_feed_issue(*, committee: Committee, by: Any) -> CalendarFeed:
    """Give the person a new secret address; any address they had stops working."""
    require(permissions.can_view_committee(by, committee), CommitteeNotFoundError())
    CalendarFeed.objects.select_for_update().filter(
        committee=committee, user_id=by.pk, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    return CalendarFeed.objects.create(committee=committee, user=by)


@transaction.atomic
def calendar_feed_revoke(*, feed: CalendarFeed, by: Any) -> CalendarFeed:
    """Stop an address: its owner may, and the committee's secretariat (a lost phone)."""
    allowed = feed.user_id == by.pk or permissions.can_manage_committee(by, feed.committee)
    require(allowed, PermissionDeniedError("تقویم: تنها دارنده این نشانی آن را باطل می‌کند."))
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at", "updated_at"])
    return feed
