"""The invitation e-mail: the agenda of a session sent to every current member's representatives.

Each message carries the session as an iCalendar attachment (``calendar.py``): METHOD:REQUEST
when invited or changed, METHOD:CANCEL when postponed or cancelled, one UID per session and a
SEQUENCE that grows, so a mail client updates the one event it already holds.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone

from jahesh import persian
from jahesh.committee.calendar import CALLED_OFF, invitation_ics
from jahesh.committee.models import CommitteeRole, CommitteeRoleKind, Session


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


def session_invitation_send(*, session_id: int) -> int:
    """E-mail the invitation to each representative of a current member; return how many got it."""
    session = (
        Session.objects.select_related("committee", "host")
        .prefetch_related("items")
        .get(pk=session_id)
    )
    addresses = sorted(
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
    method, ics = invitation_ics(session, stamp=timezone.now())
    # One message per person, so no representative sees the others' addresses.
    messages = []
    for address in addresses:
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        if ics:
            message.attach("invite.ics", ics, f"text/calendar; method={method}; charset=utf-8")
        messages.append(message)
    with get_connection() as connection:
        connection.send_messages(messages)
    return len(messages)
