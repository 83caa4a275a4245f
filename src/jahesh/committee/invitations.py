"""The invitation e-mail: the agenda of a session sent to every current member's representatives.

Plain text for now; the iCalendar attachment (METHOD:REQUEST, a stable UID) is still to come.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from jahesh import persian
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
    session = Session.objects.select_related("committee", "host").get(pk=session_id)
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
    subject = f"دعوت به {session.ordinal_title} {session.committee.name}"
    body = invitation_text(session)
    # One message per person, so no representative sees the others' addresses.
    messages = [
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in addresses
    ]
    with get_connection() as connection:
        connection.send_messages(messages)
    return len(messages)
