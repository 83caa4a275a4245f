"""Reads behind the committee's printed documents: the minutes as a secretariat files them."""

from __future__ import annotations

from dataclasses import dataclass

from jahesh.committee.models import (
    AgendaAttachment,
    AgendaItem,
    Attendance,
    AttendanceHeld,
    Committee,
    CommitteeRole,
    CommitteeRoleKind,
    Erratum,
    Resolution,
    Session,
    SessionStatus,
)
from jahesh.core.errors import NotFoundError

MINUTES_WRITTEN = (
    SessionStatus.HELD,
    SessionStatus.MINUTES_CIRCULATED,
    SessionStatus.MINUTES_APPROVED,
)
ATTENDED = (AttendanceHeld.PRESENT, AttendanceHeld.DEPUTY)


@dataclass(frozen=True, slots=True)
class Signatory:
    """One line of the signature block: who signs, and in what capacity."""

    capacity: str
    name: str


@dataclass(frozen=True, slots=True)
class Minutes:
    session: Session
    items: list[AgendaItem]
    attendance: list[Attendance]
    resolutions: list[Resolution]
    errata: list[Erratum]
    signatories: list[Signatory]

    @property
    def attended(self) -> list[Attendance]:
        return [a for a in self.attendance if a.held in ATTENDED]


def _person(role: CommitteeRole) -> str:
    return role.user.get_full_name().strip() or role.user.get_username()


def minutes_get(*, session: Session) -> Minutes:
    """The minutes of a held session with the people who sign them; a session not held has none.

    ``session`` comes from ``session_get`` (items, attendance, resolutions and errata prefetched);
    the signatories cost one more query.
    """
    if session.status not in MINUTES_WRITTEN:
        raise NotFoundError("صورت‌جلسه این نشست هنوز نوشته نشده است.")
    roles = list(
        CommitteeRole.objects.filter(
            committee_id=session.committee_id,
            kind__in=(CommitteeRoleKind.SECRETARY, CommitteeRoleKind.CHAIR),
        )
        .select_related("user")
        .order_by("kind", "user__last_name", "user_id")
    )
    # The secretary drafts, the chair signs last; both titles as the committee's letters use them.
    secretaries = [
        Signatory("دبیر کمیته", _person(r)) for r in roles if r.kind == CommitteeRoleKind.SECRETARY
    ]
    chairs = [
        Signatory("رئیس کمیته", _person(r)) for r in roles if r.kind == CommitteeRoleKind.CHAIR
    ]
    attendance = sorted(session.attendance.all(), key=lambda a: a.member.name)
    return Minutes(
        session=session,
        items=list(session.items.all()),
        attendance=attendance,
        resolutions=list(session.resolutions.all()),
        errata=list(session.errata.all()),
        signatories=secretaries + chairs,
    )


def attachment_get(
    *, committee: Committee, number: int, item_id: int, attachment_id: int
) -> AgendaAttachment:
    """One attachment, reached only through its committee, session and item (else 404)."""
    attachment = (
        AgendaAttachment.objects.filter(
            pk=attachment_id,
            item_id=item_id,
            item__session__number=number,
            item__session__committee=committee,
        )
        .only("file", "kind", "original_name")
        .first()
    )
    if attachment is None:
        raise NotFoundError("این پیوست پیدا نشد.")
    return attachment
