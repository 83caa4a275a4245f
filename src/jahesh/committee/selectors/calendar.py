"""Reads behind the personal calendar feeds."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from jahesh.committee import permissions
from jahesh.committee.models import AgendaItem, CalendarFeed, Committee, Session
from jahesh.core.errors import NotFoundError


def calendar_feed_of(*, committee: Committee, user: Any) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(
        committee=committee, user_id=user.pk, revoked_at__isnull=True
    ).first()


def calendar_feed_sessions(*, token: str) -> tuple[CalendarFeed, list[Session]]:
    """The live feed behind a token and its committee's dated sessions; else 404.

    A feed whose owner has left the committee answers as a revoked one: the address outlives
    no role.
    """
    feed = (
        CalendarFeed.objects.select_related("committee", "user")
        .filter(token=token, revoked_at__isnull=True)
        .first()
    )
    if feed is None or not permissions.can_view_committee(feed.user, feed.committee):
        raise NotFoundError("این تقویم پیدا نشد.")
    sessions = list(
        Session.objects.filter(committee=feed.committee, date__isnull=False)
        .select_related("host", "committee")
        .prefetch_related(Prefetch("items", queryset=AgendaItem.objects.order_by("position")))
        .order_by("date", "number")
    )
    return feed, sessions
