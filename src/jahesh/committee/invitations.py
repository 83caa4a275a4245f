"""The invitation e-mail: the agenda of a session sent to every current member's representatives.

Each message carries the session as an iCalendar attachment (``calendar.py``): METHOD:REQUEST
when invited or changed, METHOD:CANCEL when postponed or cancelled, one UID per session and a
SEQUENCE that grows, so a mail client updates the one event it already holds.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from jahesh import persian
from jahesh.committee.calendar import CALLED_OFF, invitation_ics, sequences
from jahesh.committee.models import (
    CommitteeRole,
    CommitteeRoleKind,
    InvitationMail,
    Session,
    SessionStatus,
)

# A session changed less than this long ago is left to its own job by the sweep.
INVITATION_GRACE = dt.timedelta(minutes=2)


def invitation_text(session: Session) -> str:
    lines = [f"به {session.ordinal_title} {session.committee.name} دعوت شده‌اید."]
    if session.host is not None:
        unit = f" ({session.host_unit})" if session.host_unit else ""
        lines.append(f"میزبان: {session.host.name}{unit}")
    if session.date is not None:
        when = persian.format_jalali(session.date, "weekday")
        if session.starts_at is not None:
            when += persian.to_persian_digits(f"، ساعت {session.starts_at:%H:%M}")
        lines.append(f"زمان: {when}")
    if session.venue:
        lines.append(f"محل: {session.venue}")
    if session.meeting_link:
        lines.append(f"پیوند نشست برخط: {session.meeting_link}")
    lines.append("")
    lines.append("دستور کار:")
    for item in session.items.order_by("position"):
        lines.append(persian.to_persian_digits(f"{item.position}. ") + item.title)
    return "\n".join(lines)


def invitation_addresses(session: Session) -> list[str]:
    """Who is mailed: the representatives of current members, and the chair (one home of it)."""
    return sorted(
        set(
            CommitteeRole.objects.filter(
                committee=session.committee,
                kind__in=(CommitteeRoleKind.MEMBER, CommitteeRoleKind.CHAIR),
                member__left_on__isnull=True,
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def _claim(session: Session, sequence: int, address: str) -> bool:
    """Record this version as mailed to this address; False when it already was (or is being)."""
    try:
        with transaction.atomic():
            InvitationMail.objects.create(session=session, sequence=sequence, address=address)
    except IntegrityError:
        return False
    return True


def session_invitation_send(*, session_id: int) -> int:
    """E-mail the invitation to each representative of a current member; return how many got it.

    Each address gets each version (SEQUENCE) of the session once: the address is claimed in
    ``InvitationMail`` just before its message leaves, so the session's job, a second job and
    the periodic sweep (``session_invitations_sweep``) never mail one version twice. A message
    that fails to leave gives its claim back (and the rest of the list), for the next sweep.
    """
    session = (
        Session.objects.select_related("committee", "host")
        .prefetch_related("items")
        .get(pk=session_id)
    )
    addresses = invitation_addresses(session)
    if not addresses:
        return 0
    called_off = session.status in CALLED_OFF
    if called_off and not session.attendance.exists():
        return 0  # never announced (invitations make the attendance rows): nothing to call off
    title = f"{session.ordinal_title} {session.committee.name}"
    subject = f"{session.get_status_display()}: {title}" if called_off else f"دعوت به {title}"
    body = invitation_text(session)
    if called_off:
        reason = f" — {session.status_reason}" if session.status_reason else ""
        body = f"{session.ordinal_title} {session.get_status_display()}{reason}.\n\n{body}"
    sequence = sequences([session]).get(session.pk, 0)
    method, ics = invitation_ics(session, stamp=timezone.now())
    mine = [address for address in addresses if _claim(session, sequence, address)]
    sent = 0
    # One message per person, so no representative sees the others' addresses.
    try:
        with get_connection() as connection:
            for address in mine:
                message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
                if ics:
                    message.attach(
                        "invite.ics", ics, f"text/calendar; method={method}; charset=utf-8"
                    )
                connection.send_messages([message])
                sent += 1
    except Exception:
        InvitationMail.objects.filter(
            session=session, sequence=sequence, address__in=mine[sent:]
        ).delete()
        raise
    return sent


def session_invitations_owed(*, now: dt.datetime | None = None) -> list[int]:
    """Ids of announced sessions whose current version some address has not been mailed.

    Announced: invited, or postponed or cancelled after an invitation (attendance rows). Only
    sessions still to come (from yesterday in Tehran) and unchanged for a few minutes (their
    own job may still be on its way) are looked at.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    candidates = list(
        Session.objects.filter(
            date__gte=today - dt.timedelta(days=1), updated_at__lt=now - INVITATION_GRACE
        )
        .filter(
            Q(status=SessionStatus.INVITED) | Q(status__in=CALLED_OFF, attendance__isnull=False)
        )
        .distinct()
        .select_related("committee")
        .order_by("pk")
    )
    numbers = sequences(candidates)
    owed = []
    for session in candidates:
        sequence = numbers.get(session.pk, 0)
        mailed = set(
            session.invitation_mails.filter(sequence=sequence).values_list("address", flat=True)
        )
        if set(invitation_addresses(session)) - mailed:
            owed.append(session.pk)
    return owed


def session_invitations_sweep() -> int:
    """Mail what announced sessions still owe (a job lost while the queue was out of reach)."""
    return sum(
        session_invitation_send(session_id=session_id) for session_id in session_invitations_owed()
    )
