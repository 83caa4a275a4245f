"""An official's agenda as an iCalendar (RFC 5545) feed, with times in Asia/Tehran.

Written here rather than with a library because the feed needs only one component kind; the
traps are the ones RFC 5545 names: CRLF line ends, lines folded at 75 octets (not characters,
and never inside a multi-byte character), text escaping, and a VTIMEZONE for every TZID used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

TEHRAN_TZID = "Asia/Tehran"
_TEHRAN = ZoneInfo(TEHRAN_TZID)
_MAX_OCTETS = 75


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    uid: str
    start: dt.datetime  # aware
    end: dt.datetime  # aware
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets joined by CRLF and a space."""
    pieces: list[str] = []
    current = ""
    current_octets = 0
    limit = _MAX_OCTETS
    for char in line:
        size = len(char.encode("utf-8"))
        if current_octets + size > limit:
            pieces.append(current)
            current, current_octets = "", 0
            limit = _MAX_OCTETS - 1  # continuation lines start with one space
        current += char
        current_octets += size
    pieces.append(current)
    return "\r\n ".join(pieces)


def _local(value: dt.datetime) -> str:
    return value.astimezone(_TEHRAN).strftime("%Y%m%dT%H%M%S")


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _offset(delta: dt.timedelta | None) -> str:
    minutes = int((delta or dt.timedelta()).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}{minutes % 60:02d}"


def _transitions(first: dt.date, last: dt.date) -> list[tuple[dt.datetime, dt.timedelta]]:
    """Return (UTC instant, new offset) for every change of Tehran's UTC offset in the range."""
    found: list[tuple[dt.datetime, dt.timedelta]] = []
    day = first
    previous = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC).astimezone(_TEHRAN).utcoffset()
    while day <= last:
        following = day + dt.timedelta(days=1)
        probe = dt.datetime.combine(following, dt.time(), tzinfo=dt.UTC)
        offset = probe.astimezone(_TEHRAN).utcoffset()
        if offset != previous:
            instant = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
            # Narrow the change down to the whole minute within the day.
            low, high = 0, 24 * 60
            while high - low > 1:
                middle = (low + high) // 2
                moment = instant + dt.timedelta(minutes=middle)
                if moment.astimezone(_TEHRAN).utcoffset() == previous:
                    low = middle
                else:
                    high = middle
            found.append((instant + dt.timedelta(minutes=high), offset or dt.timedelta()))
            previous = offset
        day = following
    return found


def vtimezone(first: dt.date, last: dt.date) -> list[str]:
    """Describe Asia/Tehran's offsets between two dates as a VTIMEZONE (one block per change)."""
    start = dt.datetime.combine(first, dt.time(), tzinfo=dt.UTC)
    initial = start.astimezone(_TEHRAN).utcoffset() or dt.timedelta()
    lines = ["BEGIN:VTIMEZONE", f"TZID:{TEHRAN_TZID}"]

    def block(kind: str, at_local: str, before: dt.timedelta, after: dt.timedelta) -> None:
        lines.extend(
            [
                f"BEGIN:{kind}",
                f"DTSTART:{at_local}",
                f"TZOFFSETFROM:{_offset(before)}",
                f"TZOFFSETTO:{_offset(after)}",
                f"END:{kind}",
            ]
        )

    block("STANDARD", (start + initial).strftime("%Y%m%dT%H%M%S"), initial, initial)
    before = initial
    for instant, after in _transitions(first, last):
        kind = "DAYLIGHT" if after > before else "STANDARD"
        # DTSTART of an observance is the local time in the offset in force before it.
        block(kind, (instant + before).strftime("%Y%m%dT%H%M%S"), before, after)
        before = after
    lines.append("END:VTIMEZONE")
    return lines


def render_calendar(
    *,
    name: str,
    events: Sequence[CalendarEvent],
    stamp: dt.datetime,
    product: str = "-//Jahesh//Leap planning//FA",
) -> str:
    """Return a complete VCALENDAR text with CRLF line ends."""
    lines: list[str] = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{product}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{TEHRAN_TZID}",
    ]
    if events:
        first = min(e.start for e in events).astimezone(_TEHRAN).date() - dt.timedelta(days=1)
        last = max(e.end for e in events).astimezone(_TEHRAN).date() + dt.timedelta(days=1)
        lines.extend(vtimezone(first, last))
    for event in events:
        lines.extend(_event_lines(event, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def _event_lines(event: CalendarEvent, stamp: dt.datetime) -> Iterable[str]:
    yield "BEGIN:VEVENT"
    yield f"UID:{event.uid}"
    yield f"DTSTAMP:{_utc(stamp)}"
    yield f"DTSTART;TZID={TEHRAN_TZID}:{_local(event.start)}"
    yield f"DTEND;TZID={TEHRAN_TZID}:{_local(event.end)}"
    yield f"SUMMARY:{escape_text(event.summary)}"
    if event.location:
        yield f"LOCATION:{escape_text(event.location)}"
    if event.description:
        yield f"DESCRIPTION:{escape_text(event.description)}"
    if event.url:
        yield f"URL:{event.url}"
    yield "END:VEVENT"
