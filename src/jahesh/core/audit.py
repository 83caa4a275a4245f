"""The audit log: sign-ins and sign-outs, role changes, publications and deletions.

Apps above core tell it what happened with one call from their services (``role_change_record``,
``publication_record``, ``deletion_record``); sign-ins, failures, lock-outs and sign-outs come from
Django's and django-axes' signals (connected in ``CoreConfig.ready``). Each event is shown to the
admins of the city it happened in, or, for what a person did as such (signing in, a committee row
removed), to the admins of every city the person served at that moment. Events are only ever
added (docs/adr/0008-security-in-core.md).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.module_loading import import_string

from jahesh import persian
from jahesh.core import cities
from jahesh.core.models import AuditEvent, AuditEventCity, AuditKind

SUMMARY_MAX_CHARS = 500
LABEL_MAX_CHARS = 300
# A publication's summary names at most this many titles; the rest are counted.
TITLES_NAMED = 3


def _username(user: Any) -> str:
    return str(user.get_username()) if getattr(user, "pk", None) else ""


def _address(request: HttpRequest | None) -> str | None:
    """The client's address as the sign-in throttling sees it (behind trusted proxies)."""
    if request is None:
        return None
    reader = getattr(settings, "AXES_CLIENT_IP_CALLABLE", None)
    raw = import_string(reader)(request) if reader else request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(str(raw)))
    except ValueError:
        return None


def _label(row: models.Model) -> str:
    """What people call the row: its title or name where it has one (``str`` adds codes)."""
    for field in ("title", "name"):
        value = getattr(row, field, None)
        if isinstance(value, str) and value:
            return value
    return str(row)


def _person_cities(user: Any) -> list[tuple[int, str]]:
    if not getattr(user, "pk", None):
        return []
    ids = cities.roles_by_city(user)
    return sorted(cities.city_names(ids).items())


def event_record(
    *,
    kind: AuditKind,
    summary: str,
    actor: Any = None,
    city: models.Model | None = None,
    target: models.Model | None = None,
    subject: Any = None,
    subject_username: str = "",
    request: HttpRequest | None = None,
    at: dt.datetime | None = None,
    shown_to: Any = None,
) -> AuditEvent:
    """Add one event, shown to ``city``'s admins or, without a city, to those of every city the
    person ``shown_to`` (by default the actor, else the subject) belongs to now."""
    event = AuditEvent.objects.create(
        at=at or timezone.now(),
        kind=kind,
        actor_id=getattr(actor, "pk", None),
        actor_username=_username(actor),
        subject_username=subject_username or _username(subject),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None and target.pk is not None else "",
        target_label=str(target)[:LABEL_MAX_CHARS] if target is not None else "",
        summary=summary[:SUMMARY_MAX_CHARS],
        address=_address(request),
    )
    if city is not None:
        cities_shown = [(int(city.pk), str(city))]
    else:
        person = shown_to or (actor if getattr(actor, "pk", None) else subject)
        cities_shown = _person_cities(person)
    AuditEventCity.objects.bulk_create(
        AuditEventCity(event=event, city_id=city_id, city_name=name[:120])
        for city_id, name in cities_shown
    )
    return event


# What the apps above call from their services


def role_change_record(*, by: Any, user: Any, city: models.Model, role: str | None) -> None:
    """Record that ``user``'s role in ``city`` becomes ``role`` (None: taken away).

    Called before the membership is written, inside the service's transaction, so the role held
    until now is still there to name; nothing is recorded when the role stays the same.
    """
    previous = cities.roles_by_city(user).get(int(city.pk))
    if previous == role:
        return
    name = _username(user)
    if previous is None:
        summary = f"به «{name}» نقش «{cities.role_label(role)}» در {city} داده شد."
    elif role is None:
        summary = f"نقش «{cities.role_label(previous)}» «{name}» در {city} گرفته شد."
    else:
        summary = (
            f"نقش «{name}» در {city} از «{cities.role_label(previous)}» "
            f"به «{cities.role_label(role)}» تغییر کرد."
        )
    event_record(kind=AuditKind.ROLE_CHANGED, summary=summary, actor=by, city=city, subject=user)


def publication_record(
    *, by: Any, city: models.Model, articles: Sequence[models.Model], at: dt.datetime
) -> None:
    """Record that ``by`` sent ``articles`` out (scheduled for ``at``, or recorded as out then)."""
    titles = "، ".join(f"«{_label(a)}»" for a in articles[:TITLES_NAMED])
    more = len(articles) - TITLES_NAMED
    if more > 0:
        titles += f" و {persian.to_persian_digits(str(more))} مطلب دیگر"
    when = persian.format_jalali(at, "datetime")
    event_record(
        kind=AuditKind.PUBLISHED,
        summary=f"انتشار در {when}: {titles}",
        actor=by,
        city=city,
        target=articles[0] if len(articles) == 1 else None,
    )


def withdrawal_record(*, by: Any, city: models.Model, row: models.Model, reason: str) -> None:
    """Record that ``by`` takes a published row (an article) back from the public: articles are
    never deleted, so this is how one leaves the portal."""
    event_record(
        kind=AuditKind.WITHDRAWN,
        summary=f"{row._meta.verbose_name} «{_label(row)}» بازپس گرفته شد: {reason}",
        actor=by,
        city=city,
        target=row,
    )


def deletion_record(*, by: Any, row: models.Model, count: int = 1) -> None:
    """Record that ``by`` deletes ``row`` (with ``count`` rows in all, itself included).

    Called before the delete, so the row can still be named; a row that belongs to a city
    (``municipality``) is shown to that city's admins, any other to the deleter's cities'.
    """
    noun = str(row._meta.verbose_name)
    summary = f"{noun} «{_label(row)}» حذف شد."
    if count > 1:
        summary += f" (با {persian.to_persian_digits(str(count - 1))} ردیف زیرین)"
    event_record(
        kind=AuditKind.DELETED,
        summary=summary,
        actor=by,
        city=getattr(row, "municipality", None),
        target=row,
    )


# Sign-ins and sign-outs (signal receivers)


def on_signed_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    event_record(
        kind=AuditKind.SIGN_IN,
        summary=f"«{_username(user)}» وارد شد.",
        actor=user,
        request=request,
    )


def on_signed_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is None or not getattr(user, "pk", None):
        return
    event_record(
        kind=AuditKind.SIGN_OUT,
        summary=f"«{_username(user)}» خارج شد.",
        actor=user,
        request=request,
    )


def _known_user(username: str) -> Any:
    model = get_user_model()
    return model._default_manager.filter(**{model.USERNAME_FIELD: username}).first()


def on_sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    event_record(
        kind=AuditKind.SIGN_IN_FAILED,
        summary=f"ورود ناموفق با نام کاربری «{username}».",
        subject=_known_user(username),
        subject_username=username,
        request=request,
    )


def on_locked_out(
    sender: Any, request: HttpRequest | None = None, username: str = "", **kwargs: Any
) -> None:
    username = str(username or "")[:150]
    event_record(
        kind=AuditKind.LOCKED_OUT,
        summary=f"ورود با نام کاربری «{username}» پس از تلاش‌های نادرست پیاپی بسته شد.",
        subject=_known_user(username),
        subject_username=username,
        request=request,
    )


def unlock_record(*, by: Any, usernames: list[str], request: HttpRequest | None = None) -> None:
    """An admin lifted the lock-out of these usernames (deleting axes' records of their tries)."""
    for username in sorted({str(name)[:150] for name in usernames}):
        event_record(
            kind=AuditKind.UNLOCKED,
            summary=f"قفل ورود با نام کاربری «{username}» برداشته شد.",
            actor=by,
            subject=_known_user(username),
            subject_username=username,
            request=request,
            shown_to=_known_user(username) or by,
        )


# Reading the log


def city_events(*, city_id: int, kind: str = "", person: str = "") -> QuerySet[AuditEvent]:
    """A city's events, newest first, optionally of one kind or about one person."""
    rows = AuditEvent.objects.filter(cities__city_id=city_id)
    if kind:
        rows = rows.filter(kind=kind)
    if person:
        rows = rows.filter(Q(actor_username=person) | Q(subject_username=person))
    return rows.order_by("-at", "-pk")


def city_people(*, city_id: int) -> list[str]:
    """Everyone the city's events name, for the filter's choices."""
    rows = AuditEvent.objects.filter(cities__city_id=city_id)
    names: set[str] = set(rows.values_list("actor_username", flat=True).distinct())
    names |= set(rows.values_list("subject_username", flat=True).distinct())
    return sorted(n for n in names if n)


def failure_times(
    *, user: Any, kinds: Iterable[AuditKind], since: dt.datetime, newest: int
) -> list[dt.datetime]:
    """When the ``newest`` latest events of these kinds by ``user`` after ``since`` happened."""
    rows = AuditEvent.objects.filter(actor_id=user.pk, kind__in=list(kinds), at__gt=since)
    return list(rows.order_by("-at").values_list("at", flat=True)[:newest])
