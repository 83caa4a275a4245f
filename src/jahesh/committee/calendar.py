"""Sessions as iCalendar (RFC 5545/5546): the invitation's attachment and the personal feed.

The text rules (escaping, folding at 75 octets, Tehran's VTIMEZONE) come from ``leaps.ical``;
what is added here is what an invitation needs and a published agenda does not: METHOD REQUEST or
CANCEL, a UID that stays with the session, a SEQUENCE that grows with every change (the count
of the session's recorded versions, so it never goes back), STATUS and an organizer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count

from jahesh import persian
from jahesh.committee.models import Session, SessionStatus
from jahesh.leaps.ical import TEHRAN_TZID, escape_text, fold, vtimezone

_TEHRAN = ZoneInfo(TEHRAN_TZID)
PRODUCT = "-//Jahesh//Committee sessions//FA"
DEFAULT_START = dt.time(9, 0)
DEFAULT_LENGTH = dt.timedelta(hours=2)
CALLED_OFF = (SessionStatus.CANCELLED, SessionStatus.POSTPONED)


@dataclass(frozen=True, slots=True)
class SessionEvent:
    uid: str
    sequence: int
    start: dt.datetime  # aware, Tehran
    end: dt.datetime
    summary: str
    location: str
    description: str
    cancelled: bool


def session_uid(session: Session) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "jahesh.invalid"
    return f"committee-session-{session.pk}@{host}"


def sequences(sessions: Iterable[Session]) -> dict[int, int]:
    """SEQUENCE per session id: how many versions of it history keeps, less the first."""
    ids = [s.pk for s in sessions]
    rows = (
        Session.history.filter(id__in=ids).values("id").annotate(n=Count("history_id")).order_by()
    )
    return {row["id"]: max(row["n"] - 1, 0) for row in rows}


def session_event(session: Session, *, sequence: int) -> SessionEvent | None:
    """The session as an event, or None when it has no date yet."""
    if session.date is None:
        return None
    start = dt.datetime.combine(session.date, session.starts_at or DEFAULT_START, tzinfo=_TEHRAN)
    end = (
        dt.datetime.combine(session.date, session.ends_at, tzinfo=_TEHRAN)
        if session.ends_at is not None
        else start + DEFAULT_LENGTH
    )
    where = [session.venue] if session.venue else []
    if session.host is not None:
        where.append(session.host.name)
    lines = []
    if session.host is not None:
        unit = f" ({session.host_unit})" if session.host_unit else ""
        lines.append(f"میزبان: {session.host.name}{unit}")
    if session.meeting_link:
        lines.append(f"پیوند نشست برخط: {session.meeting_link}")
    if session.status in CALLED_OFF and session.status_reason:
        lines.append(f"{session.get_status_display()}: {session.status_reason}")
    items = list(session.items.all())
    if items:
        lines.append("دستور کار:")
        lines.extend(persian.to_persian_digits(f"{i.position}. ") + i.title for i in items)
    return SessionEvent(
        uid=session_uid(session),
        sequence=sequence,
        start=start,
        end=end,
        summary=f"{session.ordinal_title} {session.committee.name}",
        location="، ".join(where),
        description="\n".join(lines),
        cancelled=session.status in CALLED_OFF,
    )


def render(
    events: Sequence[SessionEvent],
    *,
    method: str,
    stamp: dt.datetime,
    name: str = "",
    organizer: str = "",
) -> str:
    """A VCALENDAR with CRLF line ends: METHOD REQUEST, CANCEL or PUBLISH (a feed)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODUCT}", "CALSCALE:GREGORIAN"]
    lines.append(f"METHOD:{method}")
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
        lines.append(f"X-WR-TIMEZONE:{TEHRAN_TZID}")
    if events:
        first = min(e.start for e in events).date() - dt.timedelta(days=1)
        last = max(e.end for e in events).date() + dt.timedelta(days=1)
        lines.extend(vtimezone(first, last))
    for event in events:
        lines.extend(_event_lines(event, stamp, organizer, method))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def _event_lines(
    event: SessionEvent, stamp: dt.datetime, organizer: str, method: str
) -> Iterable[str]:
    yield "BEGIN:VEVENT"
    yield f"UID:{event.uid}"
    yield f"SEQUENCE:{event.sequence}"
    yield f"DTSTAMP:{stamp.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"
    yield f"DTSTART;TZID={TEHRAN_TZID}:{event.start.astimezone(_TEHRAN):%Y%m%dT%H%M%S}"
    yield f"DTEND;TZID={TEHRAN_TZID}:{event.end.astimezone(_TEHRAN):%Y%m%dT%H%M%S}"
    yield f"SUMMARY:{escape_text(event.summary)}"
    if event.location:
        yield f"LOCATION:{escape_text(event.location)}"
    if event.description:
        yield f"DESCRIPTION:{escape_text(event.description)}"
    if organizer:
        yield f"ORGANIZER:mailto:{organizer}"
    cancelled = event.cancelled or method == "CANCEL"
    yield f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}"
    yield "END:VEVENT"


def invitation_ics(session: Session, *, stamp: dt.datetime) -> tuple[str, str]:
    """(method, text) of the one-event calendar that goes with the session's e-mail."""
    sequence = sequences([session]).get(session.pk, 0)
    event = session_event(session, sequence=sequence)
    method = "CANCEL" if session.status in CALLED_OFF else "REQUEST"
    if event is None:
        return method, ""
    organizer = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return method, render([event], method=method, stamp=stamp, organizer=organizer)
